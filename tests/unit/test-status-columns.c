/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/status-output.c: --output column lists and the value of each cell, on the volumes
 * of tests/fixtures/mixed and tests/fixtures/zram-writeback. */
#include "unit.h"

#include "ephvol.h"
#include "log.h"
#include "status-output.h"
#include "verbs.h"

#include "status-fixture.h"

static struct ephvol_volume *find(struct fixture *f, const char *name) {
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(ephvol_volume_get_name(f->list[i]), name) == 0)
			return f->list[i];
	fail_msg("volume %s not listed", name);
	return NULL;
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
	assert_int_equal(
	        columns_parse("name,backend,role,device,backing,size,cipher,key_bits,"
	                      "sector_size,key_location,cipher_driver,crypt_flags,"
	                      "integrity,mountpoint,swap_priority,comp_algorithm,orig_data,"
	                      "compr_data,ratio,mem_used,mem_limit,writeback,"
	                      "writeback_backing,writeback_bytes,writeback_written,"
	                      "writeback_idle_age,protection,state,owner_pid,command",
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
	expect_cell(v, COL_CRYPT_FLAGS, false, NULL); /* the table: only the kernel has it */
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
	expect_cell(v, COL_WRITEBACK_WRITTEN, true, "1048576"); /* bd_stat 256 3 256 */
	expect_cell(v, COL_WRITEBACK_IDLE_AGE, true, NULL);     /* the idle cycle */
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
	expect_cell(v, COL_WRITEBACK_WRITTEN, true, "0");
	expect_cell(v, COL_WRITEBACK_IDLE_AGE, false, "5400"); /* from its record */
	expect_cell(v, COL_WRITEBACK_BACKING, false, "/dev/vdc");

	v = find(f, "foreign");
	expect_cell(v, COL_WRITEBACK, false, "/dev/vdb");
	expect_cell(v, COL_WRITEBACK_BACKING, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, "409600");
	/* bd_stat "100 20 130": 100 pages stored now, 130 written in all (30 freed since) */
	expect_cell(v, COL_WRITEBACK_WRITTEN, true, "532480");
	expect_cell(v, COL_WRITEBACK_WRITTEN, false, "520K");
	expect_cell(v, COL_KEY_LOCATION, false, "none");
	expect_cell(v, COL_PROTECTION, false, "plaintext-on-disk");
	expect_cell(v, COL_RATIO, false, "6.67"); /* 2000000 / 300000, rounded */

	v = find(f, "nowb");
	expect_cell(v, COL_WRITEBACK, false, NULL);
	expect_cell(v, COL_WRITEBACK_BYTES, true, NULL);
	expect_cell(v, COL_WRITEBACK_WRITTEN, true, NULL);
	expect_cell(v, COL_WRITEBACK_IDLE_AGE, true, NULL);
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

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_parse),
		cmocka_unit_test(test_columns_parse_errors),
		cmocka_unit_test_setup_teardown(test_column_value_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_column_value_zram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_column_value_writeback, setup_writeback,
		                                teardown),
	};

	log_set_max_level(-1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
