/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/prom-text.c: Prometheus's text format as node_exporter's textfile
 * collector parses it: each family's HELP and TYPE once, before its samples, none for a
 * family without samples; label values escaped, and never a byte that is not UTF-8 (the
 * parser would reject the whole file).
 */
#include "unit.h"

#include "macro.h"
#include "prom-text.h"

/* What writing runs through FN produces. */
#define CAPTURE(text, ...)                                                                         \
	do {                                                                                       \
		size_t size_;                                                                      \
		FILE *f = open_memstream(&(text), &size_);                                         \
		assert_non_null(f);                                                                \
		__VA_ARGS__;                                                                       \
		assert_int_equal(fclose(f), 0);                                                    \
	} while (0)

static void expect_label(const char *value, const char *expected) {
	char *text = NULL;

	CAPTURE(text, prom_label_value(f, value));
	assert_string_equal(text, expected);
	free(text);
}

static void test_label_escapes(void **state) {
	(void)state;
	expect_label("/dev/zram0", "/dev/zram0");
	expect_label(NULL, "");
	expect_label("a \"b\"", "a \\\"b\\\"");
	expect_label("back\\slash", "back\\\\slash");
	expect_label("new\nline", "new\\nline");
	expect_label("tab\there", "tab\there"); /* legal as it is */
	/* UTF-8 stays as it is: 2, 3 and 4 bytes */
	expect_label("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91",
	             "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91");
}

static void test_label_not_utf8(void **state) {
	(void)state;
	expect_label("/swap\xff", "/swap?");
	expect_label("\x80x", "?x");                  /* a lone continuation byte */
	expect_label("a\xc3", "a?");                  /* cut off at the end */
	expect_label("\xc3(", "?(");                  /* not followed by a continuation */
	expect_label("\xc0\xaf", "??");               /* overlong '/' */
	expect_label("\xe0\x80\xaf", "???");          /* overlong, 3 bytes */
	expect_label("\xed\xa0\x80", "???");          /* a UTF-16 surrogate */
	expect_label("\xf4\x90\x80\x80", "????");     /* beyond U+10FFFF */
	expect_label("\xf0\x8f\xbf\xbf", "????");     /* overlong, 4 bytes */
	expect_label("\xef\xbf\xbf", "\xef\xbf\xbf"); /* U+FFFF is UTF-8 */
}

static void test_family_once(void **state) {
	struct prom_family a = PROM_FAMILY("t_a_bytes", "gauge", "Help with \\ and\nnewline.");
	struct prom_family b = PROM_FAMILY("t_b_total", "counter", "B.");
	struct prom_family unused = PROM_FAMILY("t_unused", "gauge", "Never sampled.");
	char *text = NULL;

	(void)state;
	CAPTURE(text, {
		prom_sample_u64(f, &a, (const char *[]){ "name", "x", NULL }, 1);
		prom_sample_u64(f, &a, (const char *[]){ "name", "y\"", "kind", NULL, NULL },
		                18446744073709551615u);
		prom_sample_u64(f, &b, NULL, 0);
		prom_sample(f, &b, (const char *[]){ NULL }, 1796511634.3571);
	});
	assert_string_equal(text, "# HELP t_a_bytes Help with \\\\ and\\nnewline.\n"
	                          "# TYPE t_a_bytes gauge\n"
	                          "t_a_bytes{name=\"x\"} 1\n"
	                          "t_a_bytes{name=\"y\\\"\",kind=\"\"} 18446744073709551615\n"
	                          "# HELP t_b_total B.\n"
	                          "# TYPE t_b_total counter\n"
	                          "t_b_total 0\n"
	                          "t_b_total 1796511634.357\n");
	assert_false(unused.started);
	free(text);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escapes),
		cmocka_unit_test(test_label_not_utf8),
		cmocka_unit_test(test_family_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
