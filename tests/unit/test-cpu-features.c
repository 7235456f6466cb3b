/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/cpu-features.c: CPUID and /proc/cpuinfo feature detection. */
#include "unit.h"

#include "cpu-features.h"

#define ICELAKE                                                                                    \
	(CPU_FEATURE_AES | CPU_FEATURE_PCLMULQDQ | CPU_FEATURE_AVX | CPU_FEATURE_AVX2 |            \
	 CPU_FEATURE_VAES | CPU_FEATURE_VPCLMULQDQ | CPU_FEATURE_AVX512F)

#define UNTOUCHED 0xdeadbeefu

static unsigned parse_ok(const char *text) {
	unsigned f = UNTOUCHED;

	assert_int_equal(cpu_features_parse_cpuinfo(text, &f), 0);
	assert_int_not_equal(f, UNTOUCHED);
	return f;
}

static void expect_no_flags(const char *text) {
	unsigned f = UNTOUCHED;

	assert_int_equal(cpu_features_parse_cpuinfo(text, &f), -ENODATA);
	assert_int_equal(f, UNTOUCHED); /* ret_ is written only on success */
}

/* ---- cpu_features_parse_cpuinfo ---- */

static void test_parse_words(void **state) {
	(void)state;
	assert_int_equal(parse_ok("flags\t\t: aes pclmulqdq avx avx2 vaes vpclmulqdq avx512f\n"),
	                 ICELAKE);
	assert_int_equal(parse_ok("flags\t\t: fpu sse2 aes\n"), CPU_FEATURE_AES);
	assert_int_equal(parse_ok("flags\t\t: fpu sse2 ssse3\n"), 0);
	assert_int_equal(parse_ok("flags\t\t:\n"), 0);
	assert_int_equal(parse_ok("flags : avx2"), CPU_FEATURE_AVX2); /* no newline at all */
	assert_int_equal(parse_ok("flags\t\t: avx2 \t aes  \n"),
	                 CPU_FEATURE_AES | CPU_FEATURE_AVX2);
	/* whole words only: these contain a feature's name but are other features */
	assert_int_equal(parse_ok("flags\t\t: avx512fp16 avx512_vbmi2 avx_vnni vaesx xaes avx22\n"),
	                 0);
	assert_int_equal(parse_ok("flags\t\t: AES AVX\n"),
	                 0); /* the kernel's words are lower case */
}

static void test_parse_which_line(void **state) {
	(void)state;
	/* The key must be "flags" exactly: "vmx flags" and "bugs" are other lines. */
	expect_no_flags("vmx flags\t: aes avx\n");
	expect_no_flags("bugs\t\t: aes\nflagsx\t: aes\nmy flags: aes\n");
	expect_no_flags("flags aes avx\n"); /* no colon */
	expect_no_flags("");
	expect_no_flags("\n\n");
	assert_int_equal(parse_ok("vmx flags\t: aes\nflags\t\t: avx\n"), CPU_FEATURE_AVX);
	/* The first processor counts: that is the boot CPU the kernel goes by. */
	assert_int_equal(parse_ok("processor\t: 0\nflags\t\t: avx\n\n"
	                          "processor\t: 1\nflags\t\t: aes avx\n"),
	                 CPU_FEATURE_AVX);
	/* A value holding a colon does not confuse the key. */
	assert_int_equal(parse_ok("model name\t: X: Y\nflags\t\t: aes\n"), CPU_FEATURE_AES);
	/* arm64 calls the line "Features"; its "aes" is the Crypto Extensions. */
	assert_int_equal(parse_ok("Features\t: fp asimd evtstrm aes pmull sha1\n"),
	                 CPU_FEATURE_AES);
	assert_int_equal(cpu_features_parse_cpuinfo(NULL, &(unsigned){ 0 }), -EINVAL);
}

/* ---- cpu_features_read_cpuinfo / cpu_features_get on fixture roots ---- */

static void expect_root(const char *fixture, int r, unsigned features) {
	char *root = unit_fixture_path(fixture);
	unsigned f = UNTOUCHED;

	assert_non_null(root);
	assert_int_equal(cpu_features_get(root, &f), r);
	assert_int_equal(f, r < 0 ? UNTOUCHED : features);
	f = UNTOUCHED;
	assert_int_equal(cpu_features_read_cpuinfo(root, &f), r);
	assert_int_equal(f, r < 0 ? UNTOUCHED : features);
	free(root);
}

static void test_fixture_roots(void **state) {
	(void)state;
	expect_root("cpuinfo/icelake-xeon", 0, ICELAKE);
	expect_root("cpuinfo/core2", 0, 0);
	expect_root("cpuinfo/arm64", 0, CPU_FEATURE_AES);
	expect_root("cpuinfo/empty", -ENODATA, 0);
	expect_root("cpuinfo", -ENOENT, 0); /* no proc/cpuinfo below it */
}

/* ---- the live system ---- */

static void test_live(void **state) {
	unsigned f = UNTOUCHED, g = UNTOUCHED, info = 0;
	int r;

	(void)state;
	assert_int_equal(cpu_features_get("/", &f), 0);
	assert_int_equal(f & ~CPU_FEATURE_ALL, 0);
	assert_int_equal(cpu_features_get(NULL, &g), 0);
	assert_int_equal(f, g);

	/* Never more than the kernel lists, nor (on x86) more than CPUID says. */
	r = cpu_features_read_cpuinfo("/", &info);
	if (r >= 0)
		assert_int_equal(f & ~info, 0);
#if defined(__x86_64__) || defined(__i386__)
	assert_int_equal(f & ~cpu_features_cpuid(), 0);
	/* Here cpuinfo and CPUID agree, unless the kernel was booted with clearcpuid=. */
	if (r >= 0)
		print_message("live: cpuid %#x, cpuinfo %#x, counted %#x\n", cpu_features_cpuid(),
		              info, f);
#else
	assert_int_equal(cpu_features_cpuid(), 0);
	assert_int_equal(f, info);
#endif
}

/* ---- cpu_feature_to_string ---- */

static void test_to_string(void **state) {
	(void)state;
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_AES), "aes");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_PCLMULQDQ), "pclmulqdq");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_AVX), "avx");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_AVX2), "avx2");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_VAES), "vaes");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_VPCLMULQDQ), "vpclmulqdq");
	assert_string_equal(cpu_feature_to_string(CPU_FEATURE_AVX512F), "avx512f");
	assert_null(cpu_feature_to_string(0));
	assert_null(cpu_feature_to_string(CPU_FEATURE_AES | CPU_FEATURE_AVX));
	assert_null(cpu_feature_to_string(CPU_FEATURE_ALL + 1));

	/* Every bit has a name, and parsing that name gives the bit back. */
	for (unsigned bit = 1; bit & CPU_FEATURE_ALL; bit <<= 1) {
		char line[64];

		assert_non_null(cpu_feature_to_string(bit));
		snprintf(line, sizeof(line), "flags\t\t: fpu %s sse\n", cpu_feature_to_string(bit));
		assert_int_equal(parse_ok(line), bit);
	}
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_words),   cmocka_unit_test(test_parse_which_line),
		cmocka_unit_test(test_fixture_roots), cmocka_unit_test(test_live),
		cmocka_unit_test(test_to_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
