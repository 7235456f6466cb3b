/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/status-output.c: the printed table and JSON, on the volumes of tests/fixtures/mixed
 * and tests/fixtures/zram-writeback. */
#include "unit.h"

#include "ephvol.h"
#include "log.h"
#include "status-output.h"
#include "verbs.h"

#include "status-fixture.h"

static size_t count(const char *haystack, const char *needle) {
	size_t n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
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
