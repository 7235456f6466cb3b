/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure parts of `ephvol bench`: options (bench-options.c), the synthetic sample
 * (bench-sample.c), compressor lists and speeds (bench-zram.c), notes, table and JSON
 * (bench-output.c). */
#include "unit.h"

#include "bench-options.h"
#include "bench-output.h"
#include "bench-sample.h"
#include "bench-zram.h"
#include "ephvol.h"
#include "log.h"

#define PARSE(o, ...) bench_options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o))

/* ---- options ---- */

static void test_options_defaults(void **state) {
	struct bench_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "bench"), 0);
	assert_false(o.json);
	assert_null(o.sample);
	assert_false(o.ciphers_given);
	assert_int_equal(o.n_ciphers, 4);
	assert_string_equal(o.ciphers[0].spec, "aes-xts-plain64");
	assert_int_equal(o.ciphers[0].key_bits, 256);
	assert_string_equal(o.ciphers[1].spec, "aes-xts-plain64");
	assert_int_equal(o.ciphers[1].key_bits, 512);
	assert_string_equal(o.ciphers[2].spec, "xchacha12,aes-adiantum-plain64");
	assert_int_equal(o.ciphers[2].key_bits, 256);
	assert_string_equal(o.ciphers[3].spec, "aes-cbc-essiv:sha256");
	assert_int_equal(o.ciphers[3].key_bits, 256);
	for (size_t i = 0; i < 3; i++)
		assert_false(o.ciphers[i].reference);
	assert_true(o.ciphers[3].reference);

	assert_int_equal(PARSE(&o, "bench", "--json", "--sample", "/x"), 0);
	assert_true(o.json);
	assert_string_equal(o.sample, "/x");
	assert_int_equal(PARSE(&o, "bench", "-J"), 0);
	assert_true(o.json);
}

static void test_options_ciphers(void **state) {
	struct bench_options o;

	(void)state;
	/* create's default key sizes: 512 for XTS, 256 otherwise */
	assert_int_equal(PARSE(&o, "bench", "--cipher", "serpent-xts-plain64", "-c",
	                       "aes-cbc-essiv:sha256", "--cipher", "auto"),
	                 0);
	assert_true(o.ciphers_given);
	assert_int_equal(o.n_ciphers, 3);
	assert_string_equal(o.ciphers[0].spec, "serpent-xts-plain64");
	assert_int_equal(o.ciphers[0].key_bits, 512);
	assert_string_equal(o.ciphers[1].spec, "aes-cbc-essiv:sha256");
	assert_int_equal(o.ciphers[1].key_bits, 256);
	assert_false(o.ciphers[1].reference);
	assert_string_equal(o.ciphers[2].spec, "auto");
	assert_int_equal(o.ciphers[2].key_bits, 0); /* the pick's own */

	/* --key-size is for every --cipher, wherever it stands */
	assert_int_equal(PARSE(&o, "bench", "-s", "256", "-c", "aes-xts-plain64", "-c", "auto"), 0);
	assert_int_equal(o.ciphers[0].key_bits, 256);
	assert_int_equal(o.ciphers[1].key_bits, 256);
}

static void test_options_errors(void **state) {
	struct bench_options o = { .n_ciphers = 99 };

	(void)state;
	log_set_max_level(-1);
	assert_int_equal(PARSE(&o, "bench", "--cipher", "aes-xts"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--cipher", "aes"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--cipher", "aes-xts-bogus"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--cipher", "AES-XTS-PLAIN64"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--cipher", ""), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--key-size", "512"), -EINVAL); /* no --cipher */
	assert_int_equal(PARSE(&o, "bench", "-c", "aes-xts-plain64", "-s", "0"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "-c", "aes-xts-plain64", "-s", "511"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "-c", "aes-xts-plain64", "-s", "big"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--sample", ""), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--bogus"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "--cipher"), -EINVAL);
	assert_int_equal(PARSE(&o, "bench", "extra"), -EINVAL);
	assert_int_equal(o.n_ciphers, 99); /* ret is written only on success */
	log_set_max_level(LOG_INFO);
}

/* ---- the synthetic sample ---- */

static bool page_is_zero(const uint8_t *p) {
	for (size_t i = 0; i < BENCH_PAGE; i++)
		if (p[i])
			return false;
	return true;
}

static void test_sample(void **state) {
	const size_t size = 200 * BENCH_PAGE;
	uint8_t *a = malloc(size), *b = malloc(size);
	size_t kinds[4] = {}, zero = 0, longest = 0, run = 0;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(bench_sample_fill(a, size), 0);
	memset(b, 0xaa, size);
	assert_int_equal(bench_sample_fill(b, size), 0);
	assert_memory_equal(a, b, size); /* deterministic */

	for (size_t i = 0; i < size / BENCH_PAGE; i++) {
		enum bench_page_kind k = bench_sample_page_kind(i);
		const uint8_t *p = a + i * BENCH_PAGE;

		kinds[k]++;
		zero += page_is_zero(p);
		/* each kind looks like itself */
		if (k == BENCH_PAGE_ZERO)
			assert_true(page_is_zero(p));
		else
			assert_false(page_is_zero(p));
		if (k == BENCH_PAGE_TEXT)
			for (size_t j = 0; j < BENCH_PAGE; j++)
				assert_true(p[j] == ' ' || p[j] == '\n' ||
				            (p[j] >= '0' && p[j] <= 'z'));
		run = i && bench_sample_page_kind(i - 1) == k ? run + 1 : 1;
		longest = run > longest ? run : longest;
	}
	/* exactly the documented mix in every 100 pages */
	assert_int_equal(kinds[BENCH_PAGE_ZERO], 2 * BENCH_SAMPLE_ZERO_PCT);
	assert_int_equal(kinds[BENCH_PAGE_TEXT], 2 * BENCH_SAMPLE_TEXT_PCT);
	assert_int_equal(kinds[BENCH_PAGE_TABLE], 2 * BENCH_SAMPLE_TABLE_PCT);
	assert_int_equal(kinds[BENCH_PAGE_RANDOM], 2 * BENCH_SAMPLE_RANDOM_PCT);
	assert_int_equal(zero, 2 * BENCH_SAMPLE_ZERO_PCT);
	/* shuffled, not in long runs of one kind */
	assert_true(longest < 12);
	/* the two blocks of 100 are shuffled differently */
	assert_true(memcmp(a, a + 100 * BENCH_PAGE, 100 * BENCH_PAGE) != 0);

	/* a longer sample starts with the same bytes */
	free(b);
	b = malloc(2 * size);
	assert_non_null(b);
	assert_int_equal(bench_sample_fill(b, 2 * size), 0);
	assert_memory_equal(a, b, size);

	assert_int_equal(bench_sample_fill(a, 0), -EINVAL);
	assert_int_equal(bench_sample_fill(a, BENCH_PAGE + 1), -EINVAL);
	assert_int_equal(bench_sample_fill(NULL, BENCH_PAGE), -EINVAL);
	free(a);
	free(b);
}

/* ---- zram lists and numbers ---- */

static void test_algorithms_split(void **state) {
	char **l = NULL, *active = NULL;

	(void)state;
	assert_int_equal(zram_algorithms_split("lzo [lzo-rle] lz4 lz4hc 842 zstd \n", &l, &active),
	                 0);
	assert_string_equal(active, "lzo-rle");
	assert_string_equal(l[0], "lzo");
	assert_string_equal(l[1], "lzo-rle");
	assert_string_equal(l[5], "zstd");
	assert_null(l[6]);
	assert_string_equal(zram_default_algorithm(l, active), "lz4");
	strv_free(l);
	free(active);

	/* no lz4: the kernel's default; no brackets: no default known */
	assert_int_equal(zram_algorithms_split("[lzo-rle] lzo", &l, &active), 0);
	assert_string_equal(active, "lzo-rle");
	assert_string_equal(zram_default_algorithm(l, active), "lzo-rle");
	strv_free(l);
	free(active);
	assert_int_equal(zram_algorithms_split("lzo zstd", &l, NULL), 0);
	assert_string_equal(l[1], "zstd");
	assert_null(zram_default_algorithm(l, NULL));
	strv_free(l);

	l = (char **)"untouched";
	assert_int_equal(zram_algorithms_split("", &l, NULL), -EBADMSG);
	assert_int_equal(zram_algorithms_split(" \n", &l, NULL), -EBADMSG);
	assert_int_equal(zram_algorithms_split("[]", &l, NULL), -EBADMSG);
	assert_int_equal(zram_algorithms_split(NULL, &l, NULL), -EINVAL);
	assert_string_equal((char *)l, "untouched");
	strv_free(NULL);
}

static void test_speed(void **state) {
	(void)state;
	assert_true(speed_mibs(1024 * 1024, 1000000000) == 1.0);
	assert_true(speed_mibs(32u * 1024 * 1024, 250000000) == 128.0);
	assert_true(speed_mibs(1, 0) == 0);
}

/* ---- notes ---- */

static struct bench_cipher measured(const char *spec, unsigned bits, double enc, double dec) {
	return (struct bench_cipher){
		.spec = spec,
		.key_bits = bits,
		.measured = true,
		.encrypt_mibs = enc,
		.decrypt_mibs = dec,
	};
}

static void expect_note(struct bench_report *r, const char *contains) {
	char *note = (char *)"untouched";

	assert_int_equal(bench_recommendation_note(r, &note), 0);
	if (!contains)
		assert_null(note);
	else {
		assert_non_null(note);
		assert_non_null(strstr(note, contains));
		free(note);
	}
}

static void test_recommendation_note(void **state) {
	struct bench_cipher c[4];
	struct bench_report r = { .ciphers = c,
		                  .n_ciphers = 4,
		                  .recommended_cipher = (char *)"aes-xts-plain64",
		                  .recommended_key_bits = 512 };

	(void)state;
	c[0] = measured("aes-xts-plain64", 256, 3000, 3000);
	c[1] = measured("aes-xts-plain64", 512, 2400, 2400);
	c[2] = measured("xchacha12,aes-adiantum-plain64", 256, 1000, 1000);
	c[3] = measured("aes-cbc-essiv:sha256", 256, 9000, 9000);
	c[3].reference = true; /* a reference never counts */
	expect_note(&r, NULL);

	/* Adiantum faster than AES-XTS (a CPU without AES-NI that cpuinfo misreports) */
	c[2] = measured("xchacha12,aes-adiantum-plain64", 256, 3400, 3400);
	expect_note(&r, "xchacha12,aes-adiantum-plain64 (256-bit key) measured faster");
	/* within 10%: agreement */
	c[2] = measured("xchacha12,aes-adiantum-plain64", 256, 3200, 3300);
	expect_note(&r, NULL);

	/* the recommended cipher not measured: nothing to compare */
	c[0].measured = c[1].measured = false;
	c[2] = measured("xchacha12,aes-adiantum-plain64", 256, 9999, 9999);
	expect_note(&r, NULL);
	r.recommended_cipher = NULL;
	expect_note(&r, NULL);
}

static void test_cpu_note(void **state) {
	struct bench_report r = { .has_cpuid = true, .has_cpuinfo = true };
	char *note = (char *)"untouched";

	(void)state;
	r.cpu_cpuid = r.cpu_cpuinfo = EPHVOL_CPU_AES | EPHVOL_CPU_AVX2;
	assert_int_equal(bench_cpu_note(&r, &note), 0);
	assert_null(note);

	/* clearcpuid=aes: CPUID has it, the kernel does not */
	r.cpu_cpuinfo = EPHVOL_CPU_AVX2;
	assert_int_equal(bench_cpu_note(&r, &note), 0);
	assert_string_equal(note, "CPUID reports aes, which /proc/cpuinfo does not list "
	                          "(disabled by the kernel): not used.");
	free(note);

	r.cpu_cpuid = EPHVOL_CPU_AES;
	r.cpu_cpuinfo = EPHVOL_CPU_AVX2 | EPHVOL_CPU_AVX512F;
	assert_int_equal(bench_cpu_note(&r, &note), 0);
	assert_non_null(strstr(note, "CPUID reports aes,"));
	assert_non_null(strstr(note, "lists avx2 avx512f,"));
	free(note);

	/* one source unknown (not x86, or no cpuinfo): nothing to compare */
	r.has_cpuid = false;
	assert_int_equal(bench_cpu_note(&r, &note), 0);
	assert_null(note);
}

/* ---- output ---- */

static void fill_report(struct bench_report *r, struct bench_cipher *c,
                        struct bench_compressor *z) {
	c[0] = measured("aes-xts-plain64", 512, 2048.04, 2100.06);
	c[0].driver = (char *)"xts-aes-aesni";
	c[1] = (struct bench_cipher){ .spec = "aes-cbc-essiv:sha256",
		                      .key_bits = 256,
		                      .reference = true,
		                      .error = (char *)"unavailable: \"quoted\"" };
	z[0] = (struct bench_compressor){ .algorithm = (char *)"lz4",
		                          .measured = true,
		                          .compress_mibs = 600,
		                          .decompress_mibs = 2500.25,
		                          .orig_bytes = 33554432,
		                          .compr_bytes = 12000000 };
	z[1] = (struct bench_compressor){ .algorithm = (char *)"zstd",
		                          .level = 8,
		                          .error = (char *)"Device or resource busy" };
	*r = (struct bench_report){
		.cpu_effective = EPHVOL_CPU_AES | EPHVOL_CPU_AVX2,
		.cpu_cpuid = EPHVOL_CPU_AES | EPHVOL_CPU_AVX2 | EPHVOL_CPU_AVX512F,
		.cpu_cpuinfo = EPHVOL_CPU_AES | EPHVOL_CPU_AVX2,
		.has_effective = true,
		.has_cpuid = true,
		.has_cpuinfo = true,
		.ciphers = c,
		.n_ciphers = 2,
		.sample = "synthetic",
		.sample_bytes = 33554432,
		.compressors = z,
		.n_compressors = 2,
		.recommended_cipher = (char *)"aes-xts-plain64",
		.recommended_key_bits = 512,
		.recommended_compressor = (char *)"lz4",
		.auto_compressor = 0,
	};
}

static void test_print_text(void **state) {
	struct bench_cipher c[2];
	struct bench_compressor z[2];
	struct bench_report r;
	struct unit_capture cap;
	char *out;

	(void)state;
	fill_report(&r, c, z);
	capture_begin(&cap, STDOUT_FILENO);
	assert_int_equal(bench_print_text(&r), 0);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "CPU features: aes avx2\n"));
	assert_non_null(strstr(out, "CPUID reports avx512f, which /proc/cpuinfo does not list"));
	assert_non_null(strstr(out, "xts-aes-aesni"));
	assert_non_null(strstr(out, "2048.0 MiB/s"));
	assert_non_null(strstr(out, "2100.1 MiB/s"));
	assert_non_null(strstr(out, "reference; unavailable"));
	assert_non_null(strstr(out, "synthetic 32M sample (25% zero pages"));
	assert_non_null(strstr(out, " 2.80 "));
	assert_non_null(strstr(out, "Device or resource busy"));
	assert_non_null(strstr(out, "Recommended: aes-xts-plain64 with a 512-bit key (the CPU "
	                            "has AES instructions); zram compressor lz4.\n"
	                            "--comp-algorithm auto would take lz4 here.\n"));
	assert_non_null(strstr(out, "lz4       default"));
	free(out);

	/* auto's pick at a level */
	r.auto_compressor = 1;
	capture_begin(&cap, STDOUT_FILENO);
	assert_int_equal(bench_print_text(&r), 0);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "--comp-algorithm auto would take zstd at level 8 here.\n"));
	free(out);
	r.auto_compressor = 0;

	/* without root: says why */
	r.compressors_skipped = (char *)"this needs root";
	r.n_compressors = 0;
	capture_begin(&cap, STDOUT_FILENO);
	assert_int_equal(bench_print_text(&r), 0);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "zram compressors: not measured: this needs root\n"));
	free(out);
}

static void test_print_json(void **state) {
	struct bench_cipher c[2];
	struct bench_compressor z[2];
	struct bench_report r;
	struct unit_capture cap;
	char *out;
	int depth = 0;

	(void)state;
	fill_report(&r, c, z);
	capture_begin(&cap, STDOUT_FILENO);
	assert_int_equal(bench_print_json(&r), 0);
	out = capture_end(&cap);
	/* one object; its members in order */
	assert_true(out[0] == '{');
	assert_non_null(strstr(out, "\"cpu\": {\"effective\": [\"aes\", \"avx2\"], \"cpuid\": "
	                            "[\"aes\", \"avx2\", \"avx512f\"], \"cpuinfo\": [\"aes\", "
	                            "\"avx2\"], \"note\": \"CPUID reports avx512f,"));
	assert_true(strstr(out, "\"cpu\"") < strstr(out, "\"ciphers\": ["));
	assert_true(strstr(out, "\"ciphers\"") < strstr(out, "\"compressors\": ["));
	assert_true(strstr(out, "\"compressors\"") < strstr(out, "\"recommendation\": {"));
	assert_non_null(strstr(out, "\"encrypt_mibs\": 2048.0,"));
	assert_non_null(strstr(out, "\"driver\": \"xts-aes-aesni\""));
	assert_non_null(strstr(out, "\"reference\": true"));
	assert_non_null(strstr(out, "\"reference\": false"));
	/* errors are strings, their numbers null, quotes escaped */
	assert_non_null(strstr(out, "\"encrypt_mibs\": null"));
	assert_non_null(strstr(out, "\"error\": \"unavailable: \\\"quoted\\\"\""));
	assert_non_null(strstr(out, "\"ratio\": 2.80"));
	assert_non_null(strstr(out, "\"orig_bytes\": 33554432"));
	assert_non_null(strstr(out, "\"compress_mibs\": null"));
	assert_non_null(
	        strstr(out, "\"sample\": {\"source\": \"synthetic\", \"bytes\": 33554432}"));
	assert_non_null(strstr(out, "\"compressors_skipped\": null"));
	/* the default level is null, another its number */
	assert_non_null(strstr(out, "\"level\": null,"));
	assert_non_null(strstr(out, "\"level\": 8,"));
	assert_non_null(strstr(out, "\"recommendation\": {\"cipher\": \"aes-xts-plain64\", "
	                            "\"key_bits\": 512, \"comp_algorithm\": \"lz4\", "
	                            "\"comp_auto_algorithm\": \"lz4\", \"comp_auto_level\": null, "
	                            "\"note\": null}"));
	/* balanced, and nothing after the object */
	for (const char *p = out; *p; p++)
		depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
	assert_int_equal(depth, 0);
	assert_string_equal(out + strlen(out) - 2, "}\n");
	free(out);

	/* nothing measured, nothing known */
	r = (struct bench_report){ .sample = "/tmp/x", .compressors_skipped = (char *)"no zram" };
	capture_begin(&cap, STDOUT_FILENO);
	assert_int_equal(bench_print_json(&r), 0);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "\"effective\": null"));
	assert_non_null(strstr(out, "\"ciphers\": ["));
	assert_non_null(strstr(out, "\"compressors_skipped\": \"no zram\""));
	assert_non_null(strstr(out, "{\"cipher\": null, \"key_bits\": null"));
	assert_non_null(strstr(out, "\"comp_auto_algorithm\": null, \"comp_auto_level\": null"));
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_defaults),    cmocka_unit_test(test_options_ciphers),
		cmocka_unit_test(test_options_errors),      cmocka_unit_test(test_sample),
		cmocka_unit_test(test_algorithms_split),    cmocka_unit_test(test_speed),
		cmocka_unit_test(test_recommendation_note), cmocka_unit_test(test_cpu_note),
		cmocka_unit_test(test_print_text),          cmocka_unit_test(test_print_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
