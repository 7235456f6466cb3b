/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/audit-output.c: `status --audit` columns, cells, table and JSON, on the audit of
 * tests/fixtures/audit-crypt (8 entries) and audit-unknown. */
#include "unit.h"

#include "audit-output.h"
#include "ephvol.h"
#include "log.h"
#include "macro.h"

struct fixture {
	struct ephvol_ctx *ctx;
	struct ephvol_audit_entry **list;
	size_t n;
};

static int setup_root(void **state, const char *sub) {
	struct fixture *f = calloc(1, sizeof(*f));
	char *root = unit_fixture_path(sub);

	if (!f || !root || unit_ctx_new(&f->ctx) < 0 || ephvol_ctx_set_root(f->ctx, root) < 0 ||
	    ephvol_audit(f->ctx, &f->list, &f->n) < 0)
		return -1;
	free(root);
	*state = f;
	return 0;
}

static int setup(void **state) {
	return setup_root(state, "audit-crypt");
}

static int teardown(void **state) {
	struct fixture *f = *state;

	ephvol_audit_list_free(f->list);
	ephvol_ctx_unref(f->ctx);
	free(f);
	return 0;
}

static size_t count(const char *haystack, const char *needle) {
	size_t n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static char *print_captured(struct ephvol_audit_entry *const *list, const struct audit_format *fmt,
                            int *ret) {
	struct unit_capture c;

	capture_begin(&c, STDOUT_FILENO);
	*ret = audit_print(list, fmt);
	return capture_end(&c);
}

static void test_columns_parse(void **state) {
	enum audit_column_id ids[_ACOL_MAX];
	const char *bad = NULL, *list;
	size_t n = 42;

	(void)state;
	assert_int_equal(
	        audit_columns_parse("kind,PATH,Type,device,volume,cipher,protection,reason", ids,
	                            _ACOL_MAX, &n, &bad),
	        0);
	assert_int_equal(n, _ACOL_MAX);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], i);
	assert_int_equal(audit_columns_parse("reason,kind", ids, _ACOL_MAX, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], ACOL_REASON);

	n = 42;
	list = "kind,name";
	assert_int_equal(audit_columns_parse(list, ids, _ACOL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5); /* a status column is no audit column */
	list = "kind,,path";
	assert_int_equal(audit_columns_parse(list, ids, _ACOL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);
	list = "kind,";
	assert_int_equal(audit_columns_parse(list, ids, _ACOL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);
	bad = NULL;
	assert_int_equal(audit_columns_parse("", ids, _ACOL_MAX, &n, &bad), -EINVAL);
	assert_null(bad);
	assert_int_equal(audit_columns_parse("kind,path,type", ids, 2, &n, &bad), -E2BIG);
	assert_int_equal(n, 42);
}

static void test_column_value(void **state) {
	struct fixture *f = *state;
	const struct ephvol_audit_entry *e = f->list[0]; /* ephvol's dm-crypt swap s1 */

	assert_int_equal(f->n, 8);
	assert_string_equal(audit_column_value(e, ACOL_KIND), "swap");
	assert_string_equal(audit_column_value(e, ACOL_PATH), "/dev/dm-0");
	assert_string_equal(audit_column_value(e, ACOL_TYPE), "partition");
	assert_string_equal(audit_column_value(e, ACOL_DEVICE), "/dev/dm-0");
	assert_string_equal(audit_column_value(e, ACOL_VOLUME), "s1");
	assert_null(audit_column_value(e, ACOL_CIPHER));
	assert_string_equal(audit_column_value(e, ACOL_PROTECTION), "encrypted");
	assert_string_equal(audit_column_value(e, ACOL_REASON), "dm-crypt (PLAIN) on vdb");
	assert_null(audit_column_value(e, _ACOL_MAX));

	e = f->list[6]; /* /tmp */
	assert_string_equal(audit_column_value(e, ACOL_KIND), "tmp");
	assert_string_equal(audit_column_value(e, ACOL_TYPE), "tmpfs");
	assert_null(audit_column_value(e, ACOL_DEVICE));
	assert_null(audit_column_value(e, ACOL_VOLUME));
	assert_string_equal(audit_column_value(e, ACOL_PROTECTION), "ram-only");
}

static void test_print_json(void **state) {
	static const char *const keys[] = { "kind",   "path",   "type",       "device",
		                            "volume", "cipher", "protection", "reason" };
	struct fixture *f = *state;
	char *out, key[32];
	int r;

	out = print_captured(f->list, &(struct audit_format){ .json = true, .headings = true }, &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "{\n   \"audit\": ["));
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		snprintf(key, sizeof(key), "\"%s\": ", keys[i]);
		assert_int_equal(count(out, key), 8);
	}
	assert_int_equal(count(out, "\"cipher\": null"), 8);
	assert_int_equal(count(out, "\"volume\": null"), 6);
	assert_int_equal(count(out, "\"device\": null"), 1);
	assert_int_equal(count(out, "\"kind\": \"swap\""), 6);
	assert_int_equal(count(out, "\"kind\": \"tmp\""), 2);
	assert_int_equal(count(out, "\"protection\": \"encrypted\""), 6);
	assert_int_equal(count(out, "\"protection\": \"ram-only\""), 2);
	assert_non_null(strstr(out, "\"volume\": \"s1\""));
	assert_non_null(
	        strstr(out, "\"reason\": \"zram writeback to dm-crypt (LUKS2) dm-4 on vdc\""));
	/* swap areas first, in /proc/swaps order, then /tmp and /var/tmp */
	assert_true(strstr(out, "\"/dev/dm-0\"") < strstr(out, "\"/dev/zram1\""));
	assert_true(strstr(out, "\"/dev/md0\"") < strstr(out, "\"path\": \"/tmp\""));
	assert_true(strstr(out, "\"path\": \"/tmp\"") < strstr(out, "\"path\": \"/var/tmp\""));
	free(out);
}

static void test_print_table(void **state) {
	static const enum audit_column_id cols[] = { ACOL_PATH, ACOL_PROTECTION, ACOL_VOLUME };
	struct fixture *f = *state;
	char *out;
	int r;

	out = print_captured(f->list, &(struct audit_format){ .headings = true }, &r);
	assert_int_equal(r, 0);
	assert_int_equal(count(out, "\n"), 9);
	assert_true(strstr(out, "KIND") < strstr(out, "PATH"));
	assert_true(strstr(out, "VOLUME") < strstr(out, "PROTECTION"));
	assert_true(strstr(out, "PROTECTION") < strstr(out, "REASON"));
	assert_null(strstr(out, "CIPHER"));
	assert_non_null(strstr(out, "tmpfs in RAM, swap encrypted"));
	free(out);

	out = print_captured(f->list,
	                     &(struct audit_format){ .columns = cols,
	                                             .n_columns = ELEMENTSOF(cols),
	                                             .headings = false,
	                                             .raw = true },
	                     &r);
	assert_int_equal(r, 0);
	assert_int_equal(count(out, "\n"), 8);
	assert_non_null(strstr(out, "/dev/dm-0 encrypted s1\n"));
	assert_non_null(strstr(out, "/dev/zram0 ram-only \n"));
	assert_non_null(strstr(out, "/tmp ram-only \n"));
	assert_null(strstr(out, "PATH"));
	free(out);

	/* JSON with chosen columns has only those */
	out = print_captured(
	        f->list,
	        &(struct audit_format){
	                .columns = cols, .n_columns = 2, .json = true, .headings = true },
	        &r);
	assert_int_equal(r, 0);
	assert_int_equal(count(out, "\"path\": "), 8);
	assert_null(strstr(out, "\"volume\""));
	free(out);
}

static void test_print_unknown(void **state) {
	struct fixture *f = *state;
	char *out;
	int r;

	out = print_captured(f->list, &(struct audit_format){ .json = true, .headings = true }, &r);
	assert_int_equal(r, 0);
	assert_int_equal(count(out, "\"protection\": \"unknown\""), 9);
	assert_non_null(strstr(out, "\"reason\": \"device cycle through dm-0\""));
	free(out);
}

static int setup_unknown(void **state) {
	return setup_root(state, "audit-unknown");
}

static void test_print_empty(void **state) {
	struct ephvol_audit_entry *empty[] = { NULL };
	char *out;
	int r;

	(void)state;
	out = print_captured(empty, &(struct audit_format){ .json = true, .headings = true }, &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "\"audit\": ["));
	assert_null(strstr(out, "\"kind\""));
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_parse),
		cmocka_unit_test_setup_teardown(test_column_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_unknown, setup_unknown, teardown),
		cmocka_unit_test(test_print_empty),
	};

	unsetenv("EPHVOL_LOG");
	log_set_max_level(-1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
