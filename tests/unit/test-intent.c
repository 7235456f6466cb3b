/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/intent.c, and the diskseq of src/shared/zram-record.c */
#include "unit.h"

#include "intent.h"
#include "macro.h"
#include "zram-record.h"

static void roundtrip(const struct intent *in) {
	_cleanup_free_ char *text = NULL;
	struct intent out;

	assert_int_equal(intent_format(in, &text), 0);
	assert_int_equal(intent_parse(text, &out), 0);
	assert_int_equal(out.backend, in->backend);
	assert_int_equal(out.role, in->role);
	assert_int_equal(out.zram_expected, in->zram_expected);
	if (in->zram_expected) {
		assert_int_equal(out.zram_index, in->zram_index);
		assert_true(out.diskseq_floor == in->diskseq_floor);
	}
}

static void test_roundtrip(void **state) {
	(void)state;
	roundtrip(&(struct intent){ .backend = EPHVOL_BACKEND_DISK, .role = EPHVOL_ROLE_SWAP });
	roundtrip(&(struct intent){ .backend = EPHVOL_BACKEND_ZRAM, .role = EPHVOL_ROLE_TMP });
	roundtrip(&(struct intent){ .backend = EPHVOL_BACKEND_ZRAM,
	                            .role = EPHVOL_ROLE_RAW,
	                            .zram_expected = true,
	                            .zram_index = 4294967295U,
	                            .diskseq_floor = UINT64_MAX });
}

static void test_exact_text(void **state) {
	_cleanup_free_ char *text = NULL;

	(void)state;
	assert_int_equal(intent_format(&(struct intent){ .backend = EPHVOL_BACKEND_ZRAM,
	                                                 .role = EPHVOL_ROLE_SWAP,
	                                                 .zram_expected = true,
	                                                 .zram_index = 3,
	                                                 .diskseq_floor = 41 },
	                               &text),
	                 0);
	assert_string_equal(text, "backend=zram\nrole=swap\nzram=3\ndiskseq_floor=41\n");
}

static void test_refused(void **state) {
	static const char *const bad[] = {
		"",
		"backend=disk\n",
		"backend=disk\nrole=swap",
		"backend=lvm\nrole=swap\n",
		"backend=disk\nrole=scratch\n",
		"role=swap\nbackend=disk\n",
		"backend=disk\nrole=swap\nzram=1\ndiskseq_floor=2\n", /* zram fields on disk */
		"backend=zram\nrole=swap\nzram=1\n",
		"backend=zram\nrole=swap\nzram=-1\ndiskseq_floor=2\n",
		"backend=zram\nrole=swap\nzram=4294967296\ndiskseq_floor=2\n",
		"backend=zram\nrole=swap\nzram=1\ndiskseq_floor=2\nextra=1\n",
		"backend=zram\nrole=swap\nzram=1\ndiskseq_floor=\n",
		"backend=zram\nrole=swap\n\n",
	};
	struct intent i = { .zram_index = 77 };

	(void)state;
	for (size_t k = 0; k < ELEMENTSOF(bad); k++) {
		assert_int_equal(intent_parse(bad[k], &i), -EBADMSG);
		assert_int_equal(i.zram_index, 77);
	}
	assert_int_equal(intent_format(&(struct intent){ .backend = EPHVOL_BACKEND_DISK,
	                                                 .role = EPHVOL_ROLE_SWAP,
	                                                 .zram_expected = true },
	                               &(char *){ NULL }),
	                 -EINVAL);
}

static void test_record_diskseq(void **state) {
	_cleanup_free_ char *text = NULL;
	struct zram_record rec = { .index = 2,
		                   .role = EPHVOL_ROLE_SWAP,
		                   .disksize = 4096,
		                   .diskseq = 123,
		                   .hot_added = true },
	                   out;

	(void)state;
	assert_int_equal(zram_record_format(&rec, &text), 0);
	assert_string_equal(text, "device=zram2\nrole=swap\ndisksize=4096\ndiskseq=123\n");
	assert_int_equal(zram_record_parse(text, &out), 0);
	assert_true(out.diskseq == 123);
	/* Records of ephvol 0.3 have none: 0. */
	assert_int_equal(zram_record_parse("device=zram2\nrole=swap\ndisksize=4096\n", &out), 0);
	assert_true(out.diskseq == 0);
	assert_int_equal(
	        zram_record_parse("device=zram2\nrole=swap\ndisksize=4096\ndiskseq=0\n", &out),
	        -EBADMSG);
	assert_int_equal(
	        zram_record_parse("device=zram2\nrole=swap\ndisksize=4096\ndiskseq=x\n", &out),
	        -EBADMSG);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_exact_text),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_record_diskseq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
