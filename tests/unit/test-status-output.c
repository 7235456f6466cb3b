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

static int setup_root(void **state, const char *sub, size_t n) {
	struct fixture *f = calloc(1, sizeof(*f));
	char *root = unit_fixture_path(sub);

	if (!f || !root)
		return -1;
	unsetenv("EPHVOL_LOG");
	if (unit_ctx_new(&f->ctx) < 0 || ephvol_ctx_set_root(f->ctx, root) < 0 ||
	    ephvol_volume_list(f->ctx, &f->list, &f->n) < 0 || f->n != n)
		return -1;
	free(root);
	*state = f;
	return 0;
}

static int setup(void **state) {
	return setup_root(state, "mixed", 7);
}

/* zram volumes with every kind of writeback; see tests/fixtures/zram-writeback/README. */
static int setup_writeback(void **state) {
	return setup_root(state, "zram-writeback", 9);
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
	                               "ratio,mem_used,mem_limit,writeback,writeback_backing,"
	                               "writeback_bytes,protection,state",
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
	/* a trailing comma is an empty item too, as status --audit has it */
	list = "name,";
	assert_int_equal(columns_parse(list, ids, _COL_MAX, &n, &bad), -EINVAL);
	assert_ptr_equal(bad, list + 5);

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
	expect_cell(v, COL_RATIO, false, NULL);
	expect_cell(v, COL_MEM_USED, true, NULL);
	expect_cell(v, COL_MEM_LIMIT, true, NULL);
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_WRITEBACK_BACKING, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, NULL);
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
	expect_cell(v, COL_RATIO, false, "4.00");
	expect_cell(v, COL_RATIO, true, "4.00");
	expect_cell(v, COL_MEM_USED, false, "320K");
	expect_cell(v, COL_MEM_USED, true, "327680");
	expect_cell(v, COL_MEM_LIMIT, true, NULL); /* 0: no limit */
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_WRITEBACK_BACKING, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, NULL);
	expect_cell(v, COL_PROTECTION, false, "ram-only");

	v = find(f, "ztmp");
	expect_cell(v, COL_MOUNTPOINT, false, "/var/tmp");
	expect_cell(v, COL_COMP_ALGORITHM, false, "zstd");
	expect_cell(v, COL_ORIG_DATA, false, NULL);
	expect_cell(v, COL_RATIO, false, NULL); /* no mm_stat */
	expect_cell(v, COL_MEM_USED, false, NULL);
}

static void test_column_value_writeback(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume *v = find(f, "wb");

	expect_cell(v, COL_WRITEBACK, false, "/dev/mapper/ephvol-wb:writeback");
	expect_cell(v, COL_WRITEBACK_BACKING, false, "/var/tmp/wb.img");
	expect_cell(v, COL_WRITEBACK_BYTES, false, "1M");
	expect_cell(v, COL_WRITEBACK_BYTES, true, "1048576");
	expect_cell(v, COL_MEM_USED, false, "2.3M");
	expect_cell(v, COL_MEM_USED, true, "2359296");
	expect_cell(v, COL_MEM_LIMIT, false, "256M");
	expect_cell(v, COL_MEM_LIMIT, true, "268435456");
	expect_cell(v, COL_RATIO, false, "4.00");
	expect_cell(v, COL_BACKING, false, NULL);
	expect_cell(v, COL_KEY_LOCATION, false, "keyring");
	expect_cell(v, COL_PROTECTION, false, "encrypted");

	v = find(f, "wbm");
	expect_cell(v, COL_WRITEBACK_BYTES, false, "0B"); /* set up, nothing written */
	expect_cell(v, COL_WRITEBACK_BYTES, true, "0");
	expect_cell(v, COL_WRITEBACK_BACKING, false, "/dev/vdc");

	v = find(f, "foreign");
	expect_cell(v, COL_WRITEBACK, false, "/dev/vdb");
	expect_cell(v, COL_WRITEBACK_BACKING, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, "409600");
	expect_cell(v, COL_KEY_LOCATION, false, "none");
	expect_cell(v, COL_PROTECTION, false, "plaintext-on-disk");
	expect_cell(v, COL_RATIO, false, "6.67"); /* 2000000 / 300000, rounded */

	v = find(f, "nowb");
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, NULL);
	expect_cell(v, COL_RATIO, false, "3.33"); /* 1000000 / 300000 */
	expect_cell(v, COL_MEM_LIMIT, false, NULL);
	expect_cell(v, COL_PROTECTION, false, "ram-only");

	v = find(f, "none");
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, NULL);
	expect_cell(v, COL_RATIO, false, NULL); /* nothing compressed: no ratio */
	expect_cell(v, COL_MEM_USED, true, "0");

	v = find(f, "impostor");
	expect_cell(v, COL_WRITEBACK, false, "/dev/dm-5");
	expect_cell(v, COL_RATIO, false, "2.00"); /* 1999 / 1000 rounds up to a whole */

	v = find(f, "d");
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_RATIO, false, NULL);
	expect_cell(v, COL_MEM_USED, true, NULL);
	expect_cell(v, COL_MEM_LIMIT, true, NULL);
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
		"name",
		"backend",
		"role",
		"device",
		"backing",
		"size",
		"cipher",
		"key_bits",
		"sector_size",
		"key_location",
		"cipher_driver",
		"mountpoint",
		"swap_priority",
		"comp_algorithm",
		"orig_data",
		"compr_data",
		"ratio",
		"mem_used",
		"mem_limit",
		"writeback",
		"writeback_backing",
		"writeback_bytes",
		"protection",
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
	assert_int_equal(count(out, "\"writeback_bytes\": null"), 7);
	assert_non_null(strstr(out, "\"ratio\": 4.00,"));
	assert_non_null(strstr(out, "\"mem_used\": 327680,"));
	assert_int_equal(count(out, "\"mem_limit\": null"), 7);
	/* sorted by name */
	assert_true(strstr(out, "\"name\": \"data\"") < strstr(out, "\"name\": \"s1\""));
	assert_true(strstr(out, "\"name\": \"s1\"") < strstr(out, "\"name\": \"z1\""));
	assert_true(strstr(out, "\"name\": \"z1\"") < strstr(out, "\"name\": \"ztmp\""));
	free(out);
}

static void test_print_json_writeback(void **state) {
	struct fixture *f = *state;
	struct unit_capture c;
	char *out;
	int r;

	capture_begin(&c, STDOUT_FILENO);
	r = volumes_print_json(f->list);
	out = capture_end(&c);
	assert_int_equal(r, 0);
	assert_non_null(out);
	assert_int_equal(count(out, "\"name\": "), 9);
	assert_int_equal(count(out, "\"writeback_backing\": "), 9);
	assert_non_null(strstr(out, "\"writeback\": \"/dev/mapper/ephvol-wb:writeback\","));
	assert_non_null(strstr(out, "\"writeback_backing\": \"/var/tmp/wb.img\","));
	assert_non_null(strstr(out, "\"writeback_bytes\": 1048576,"));
	assert_non_null(strstr(out, "\"writeback\": \"/dev/vdb\","));
	assert_non_null(strstr(out, "\"writeback_bytes\": 409600,"));
	assert_non_null(strstr(out, "\"writeback_bytes\": 0,"));
	assert_non_null(strstr(out, "\"mem_used\": 2359296,"));
	assert_non_null(strstr(out, "\"mem_limit\": 268435456,"));
	/* numbers, not strings */
	assert_non_null(strstr(out, "\"ratio\": 4.00,"));
	assert_non_null(strstr(out, "\"ratio\": 6.67,"));
	assert_non_null(strstr(out, "\"ratio\": null,"));
	assert_null(strstr(out, "\"ratio\": \""));
	/* d, nowb, none, unreadable: nothing written back */
	assert_int_equal(count(out, "\"writeback\": null"), 4);
	assert_int_equal(count(out, "\"protection\": \"plaintext-on-disk\""), 4);
	assert_int_equal(count(out, "\"protection\": \"encrypted\""), 3);
	assert_int_equal(count(out, "\"protection\": \"ram-only\""), 2);
	/* the writeback mappings are no volumes of their own */
	assert_null(strstr(out, "\"name\": \"wb:writeback\""));
	free(out);
}

static void test_print_table_writeback_columns(void **state) {
	static const enum column_id cols[] = { COL_NAME,      COL_RATIO,     COL_MEM_USED,
		                               COL_MEM_LIMIT, COL_WRITEBACK, COL_WRITEBACK_BYTES };
	struct fixture *f = *state;
	char *out;
	int r;

	/* the default columns stay as they were */
	out = print_captured(f->list, &(struct status_format){ .headings = true }, &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "PROTECTION"));
	assert_null(strstr(out, "RATIO"));
	assert_null(strstr(out, "MEM_USED"));
	assert_null(strstr(out, "WRITEBACK"));
	assert_null(strstr(out, "ephvol-wb:writeback"));
	free(out);

	out = print_captured(f->list,
	                     &(struct status_format){ .columns = cols,
	                                              .n_columns = ELEMENTSOF(cols),
	                                              .headings = true,
	                                              .raw = true },
	                     &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "NAME RATIO MEM_USED MEM_LIMIT WRITEBACK WRITEBACK_BYTES\n"));
	assert_non_null(strstr(out, "\nwb 4.00 2.3M 256M /dev/mapper/ephvol-wb:writeback 1M\n"));
	assert_non_null(strstr(out, "\nnowb 3.33 320K   \n"));
	assert_non_null(strstr(out, "\nd     \n"));
	free(out);

	/* --bytes */
	out = print_captured(f->list,
	                     &(struct status_format){ .columns = cols,
	                                              .n_columns = ELEMENTSOF(cols),
	                                              .raw = true,
	                                              .bytes = true },
	                     &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "wb 4.00 2359296 268435456 /dev/mapper/ephvol-wb:writeback "
	                            "1048576\n"));
	assert_non_null(strstr(out, "foreign 6.67 400000 104857600 /dev/vdb 409600\n"));
	free(out);

	/* JSON with chosen columns and human sizes: the new sizes are strings too, the
	 * ratio stays a number */
	out = print_captured(f->list,
	                     &(struct status_format){ .columns = cols,
	                                              .n_columns = ELEMENTSOF(cols),
	                                              .json = true,
	                                              .headings = true },
	                     &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "\"mem_used\": \"2.3M\","));
	assert_non_null(strstr(out, "\"mem_limit\": \"256M\","));
	assert_non_null(strstr(out, "\"writeback_bytes\": \"1M\"\n"));
	assert_non_null(strstr(out, "\"ratio\": 4.00,"));
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
		cmocka_unit_test_setup_teardown(test_column_value_writeback, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_print_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_json_writeback, setup_writeback,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_print_table_writeback_columns, setup_writeback,
		                                teardown),
		cmocka_unit_test(test_print_json_empty),
		cmocka_unit_test_setup_teardown(test_print_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_columns_bytes_raw, setup, teardown),
	};

	log_set_max_level(-1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
