/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/status-output.c: --output column lists, cell values and the printed table/JSON,
 * on the volumes of tests/fixtures/mixed. */
#include "unit.h"

#include "ephvol.h"
#include "log.h"
#include "status-output.h"
#include "verbs.h"

struct fixture {
	struct ephvol_ctx *ctx;
	struct ephvol_volume **list;
	size_t n;
};

static int setup(void **state) {
	struct fixture *f = calloc(1, sizeof(*f));
	char *root = unit_fixture_path("mixed");

	if (!f || !root)
		return -1;
	unsetenv("EPHVOL_LOG");
	if (ephvol_ctx_new(&f->ctx) < 0 || ephvol_ctx_set_root(f->ctx, root) < 0 ||
	    ephvol_volume_list(f->ctx, &f->list, &f->n) < 0 || f->n != 7)
		return -1;
	free(root);
	*state = f;
	return 0;
}

static int teardown(void **state) {
	struct fixture *f = *state;

	ephvol_volume_list_free(f->list);
	ephvol_ctx_unref(f->ctx);
	free(f);
	return 0;
}

static struct ephvol_volume *find(struct fixture *f, const char *name) {
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(ephvol_volume_get_name(f->list[i]), name) == 0)
			return f->list[i];
	fail_msg("volume %s not listed", name);
	return NULL;
}

static size_t count(const char *haystack, const char *needle) {
	size_t n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* ---- columns_parse ---- */

static void test_columns_parse(void **state) {
	enum column_id ids[_COL_MAX];
	const char *bad = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(columns_parse("name", ids, _COL_MAX, &n, &bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], COL_NAME);

	/* case-insensitive, order kept, repeats allowed */
	assert_int_equal(
	        columns_parse("NAME,Size,protection,swap_priority,name", ids, _COL_MAX, &n, &bad),
	        0);
	assert_int_equal(n, 5);
	assert_int_equal(ids[0], COL_NAME);
	assert_int_equal(ids[1], COL_SIZE);
	assert_int_equal(ids[2], COL_PROTECTION);
	assert_int_equal(ids[3], COL_SWAP_PRIORITY);
	assert_int_equal(ids[4], COL_NAME);

	/* every column of the contract */
	assert_int_equal(columns_parse("name,backend,role,device,backing,size,cipher,key_bits,"
	                               "sector_size,key_location,cipher_driver,mountpoint,"
	                               "swap_priority,comp_algorithm,orig_data,compr_data,"
	                               "writeback,protection",
	                               ids, _COL_MAX, &n, NULL),
	                 0);
	assert_int_equal(n, _COL_MAX);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], i);
}

static void test_columns_parse_errors(void **state) {
	enum column_id ids[_COL_MAX];
	const char *bad = NULL;
	const char *list;
	size_t n = 42;

	(void)state;
	list = "name,bogus,size";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);
	assert_int_equal(strncmp(bad, "bogus", 5), 0);

	list = "bogus";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list);

	list = "name,siz";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);

	list = "names";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list);

	list = "swap-priority";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list);

	/* empty items */
	list = "name,,size";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);
	list = ",name";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list);
	list = " name";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list);

	/* an empty list names nothing */
	bad = NULL;
	assert_int_equal(columns_parse("", ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_null(bad);

	/* ret_bad is optional */
	assert_int_equal(columns_parse("bogus", ids, _COL_MAX, &n, NULL), -EINVAL);

	/* more columns than room */
	assert_int_equal(columns_parse("name,size,role", ids, 2, &n, &bad), -E2BIG);
	assert_int_equal(n, 42); /* not written on failure */
}

/* ---- column_value ---- */

static void expect_cell(const struct ephvol_volume *v, enum column_id id, bool bytes,
                        const char *expected) {
	char *s = column_value(v, id, bytes);

	if (!expected) {
		if (s)
			print_error("column %d of %s: \"%s\", expected NULL\n", id,
			            ephvol_volume_get_name(v), s);
		assert_null(s);
		return;
	}
	if (!s)
		print_error("column %d of %s: NULL, expected \"%s\"\n", id,
		            ephvol_volume_get_name(v), expected);
	assert_non_null(s);
	assert_string_equal(s, expected);
	free(s);
}

static void test_column_value_disk(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = find(f, "s1");

	expect_cell(v, COL_NAME, false, "s1");
	expect_cell(v, COL_BACKEND, false, "disk");
	expect_cell(v, COL_ROLE, false, "swap");
	expect_cell(v, COL_DEVICE, false, "/dev/mapper/ephvol-s1");
	expect_cell(v, COL_BACKING, false, "/dev/vda");
	expect_cell(v, COL_SIZE, false, "1G");
	expect_cell(v, COL_SIZE, true, "1073741824");
	expect_cell(v, COL_CIPHER, false, NULL);
	expect_cell(v, COL_KEY_BITS, false, NULL);
	expect_cell(v, COL_SECTOR_SIZE, false, NULL);
	expect_cell(v, COL_KEY_LOCATION, false, "dm-table");
	expect_cell(v, COL_CIPHER_DRIVER, false, NULL);
	expect_cell(v, COL_MOUNTPOINT, false, NULL);
	expect_cell(v, COL_SWAP_PRIORITY, false, "-2");
	expect_cell(v, COL_COMP_ALGORITHM, false, NULL);
	expect_cell(v, COL_ORIG_DATA, false, NULL);
	expect_cell(v, COL_COMPR_DATA, true, NULL);
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_PROTECTION, false, "encrypted");
	expect_cell(v, _COL_MAX, false, NULL);

	v = find(f, "data");
	expect_cell(v, COL_SIZE, false, "500K");
	expect_cell(v, COL_SIZE, true, "512000");
	expect_cell(v, COL_ROLE, false, "tmp");
	expect_cell(v, COL_MOUNTPOINT, false, "/mnt/a b");
	expect_cell(v, COL_SWAP_PRIORITY, false, NULL);
	expect_cell(v, COL_KEY_LOCATION, false, "none");
	expect_cell(v, COL_PROTECTION, false, "plaintext-on-disk");

	v = find(f, "plain");
	expect_cell(v, COL_BACKING, false, NULL);
	expect_cell(v, COL_SIZE, false, "100M");
}

static void test_column_value_zram(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = find(f, "z1");

	expect_cell(v, COL_BACKEND, false, "zram");
	expect_cell(v, COL_ROLE, false, "swap");
	expect_cell(v, COL_DEVICE, false, "/dev/zram1");
	expect_cell(v, COL_BACKING, false, NULL);
	expect_cell(v, COL_SIZE, false, "512M");
	expect_cell(v, COL_SIZE, true, "536870912");
	expect_cell(v, COL_KEY_LOCATION, false, "none");
	expect_cell(v, COL_SWAP_PRIORITY, true, "100");
	expect_cell(v, COL_COMP_ALGORITHM, false, "lz4");
	expect_cell(v, COL_ORIG_DATA, false, "1M");
	expect_cell(v, COL_ORIG_DATA, true, "1048576");
	expect_cell(v, COL_COMPR_DATA, false, "256K");
	expect_cell(v, COL_COMPR_DATA, true, "262144");
	expect_cell(v, COL_PROTECTION, false, "ram-only");

	v = find(f, "ztmp");
	expect_cell(v, COL_MOUNTPOINT, false, "/var/tmp");
	expect_cell(v, COL_COMP_ALGORITHM, false, "zstd");
	expect_cell(v, COL_ORIG_DATA, false, NULL);
}

/* ---- volumes_print ---- */

static char *print_captured(struct ephvol_volume *const *list, const struct status_format *fmt,
                            int *ret) {
	struct unit_capture c;

	capture_begin(&c, STDOUT_FILENO);
	*ret = volumes_print(list, fmt);
	return capture_end(&c);
}

static void test_print_json(void **state) {
	static const char *const keys[] = {
		"name",          "backend",    "role",          "device",         "backing",
		"size",          "cipher",     "key_bits",      "sector_size",    "key_location",
		"cipher_driver", "mountpoint", "swap_priority", "comp_algorithm", "orig_data",
		"compr_data",    "writeback",  "protection",
	};
	struct fixture *f = *state;
	struct unit_capture c;
	char *out, key[64];
	int r;

	capture_begin(&c, STDOUT_FILENO);
	r = volumes_print_json(f->list);
	out = capture_end(&c);
	assert_int_equal(r, 0);
	assert_non_null(out);
	assert_non_null(strstr(out, "\"volumes\": ["));
	assert_int_equal(count(out, "\"name\": "), 7);
	/* every field of the contract, once per volume */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "\"%s\": ", keys[i]);
		if (count(out, key) != 7)
			print_error("JSON key %s appears %zu times\n", keys[i], count(out, key));
		assert_int_equal(count(out, key), 7);
	}
	/* typed values: numbers, strings, null */
	assert_non_null(strstr(out, "\"size\": 1073741824"));
	assert_non_null(strstr(out, "\"size\": 512000"));
	assert_non_null(strstr(out, "\"swap_priority\": -2"));
	assert_non_null(strstr(out, "\"swap_priority\": 100"));
	assert_non_null(strstr(out, "\"orig_data\": 1048576"));
	assert_non_null(strstr(out, "\"compr_data\": 262144"));
	assert_non_null(strstr(out, "\"mountpoint\": \"/mnt/a b\""));
	assert_non_null(strstr(out, "\"protection\": \"ram-only\""));
	assert_non_null(strstr(out, "\"key_location\": \"dm-table\""));
	assert_non_null(strstr(out, "\"cipher\": null"));
	assert_non_null(strstr(out, "\"backing\": null"));
	assert_int_equal(count(out, "\"writeback\": null"), 7);
	/* sorted by name */
	assert_true(strstr(out, "\"name\": \"data\"") < strstr(out, "\"name\": \"s1\""));
	assert_true(strstr(out, "\"name\": \"s1\"") < strstr(out, "\"name\": \"z1\""));
	assert_true(strstr(out, "\"name\": \"z1\"") < strstr(out, "\"name\": \"ztmp\""));
	free(out);
}

static void test_print_json_empty(void **state) {
	struct ephvol_volume *empty[] = { NULL };
	struct unit_capture c;
	char *out;
	int r;

	(void)state;
	capture_begin(&c, STDOUT_FILENO);
	r = volumes_print_json(empty);
	out = capture_end(&c);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "\"volumes\": ["));
	assert_non_null(strchr(out, ']'));
	assert_null(strstr(out, "\"name\""));
	free(out);
}

static void test_print_table(void **state) {
	struct fixture *f = *state;
	char *out;
	int r;

	out = print_captured(f->list, &(struct status_format){ .headings = true }, &r);
	assert_int_equal(r, 0);
	/* the default columns, in order */
	assert_non_null(strstr(out, "NAME"));
	assert_true(strstr(out, "NAME") < strstr(out, "BACKEND"));
	assert_true(strstr(out, "BACKEND") < strstr(out, "ROLE"));
	assert_true(strstr(out, "DEVICE") < strstr(out, "BACKING"));
	assert_true(strstr(out, "SIZE") < strstr(out, "MOUNTPOINT"));
	assert_true(strstr(out, "MOUNTPOINT") < strstr(out, "PROTECTION"));
	assert_null(strstr(out, "KEY_BITS"));
	assert_null(strstr(out, "COMP_ALGORITHM"));
	assert_int_equal(count(out, "\n"), 8); /* heading + 7 volumes */
	assert_non_null(strstr(out, "/dev/mapper/ephvol-s1"));
	assert_non_null(strstr(out, " 1G ")); /* human sizes */
	assert_non_null(strstr(out, "512M"));
	assert_null(strstr(out, "1073741824"));
	free(out);

	/* --noheadings */
	out = print_captured(f->list, &(struct status_format){ .headings = false }, &r);
	assert_int_equal(r, 0);
	assert_null(strstr(out, "NAME"));
	assert_int_equal(count(out, "\n"), 7);
	free(out);
}

static void test_print_columns_bytes_raw(void **state) {
	static const enum column_id cols[] = { COL_NAME, COL_SIZE, COL_MOUNTPOINT };
	struct fixture *f = *state;
	char *out;
	int r;

	out = print_captured(f->list,
	                     &(struct status_format){ .columns = cols,
	                                              .n_columns = 3,
	                                              .headings = false,
	                                              .raw = true,
	                                              .bytes = true },
	                     &r);
	assert_int_equal(r, 0);
	assert_int_equal(count(out, "\n"), 7);
	assert_non_null(strstr(out, "s1 1073741824 \n"));
	assert_non_null(strstr(out, "tmp 2147483648 /tmp\n"));
	/* raw output escapes the blank in the mount point, like lsblk -r */
	assert_non_null(strstr(out, "data 512000 /mnt/a\\x20b\n"));
	assert_null(strstr(out, "BACKEND"));
	assert_null(strstr(out, "disk"));
	free(out);

	/* JSON with chosen columns and human sizes: sizes are strings, like lsblk -J */
	out = print_captured(
	        f->list,
	        &(struct status_format){
	                .columns = cols, .n_columns = 2, .json = true, .headings = true },
	        &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "\"size\": \"1G\""));
	assert_null(strstr(out, "\"mountpoint\""));
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_parse),
		cmocka_unit_test(test_columns_parse_errors),
		cmocka_unit_test_setup_teardown(test_column_value_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_column_value_zram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_json, setup, teardown),
		cmocka_unit_test(test_print_json_empty),
		cmocka_unit_test_setup_teardown(test_print_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_columns_bytes_raw, setup, teardown),
	};

	log_set_max_level(-1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
