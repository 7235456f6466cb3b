/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/lib/metrics.c: the audit and the volumes of a fixture tree as Prometheus
 * metrics. tests/fixtures/metrics/NAME.prom are the expected files, at a fixed time; the
 * host and guest suites check real systems' output with promtool and node_exporter.
 */
#include "unit.h"

#include <time.h>

#include "ephvol-cleanup.h"
#include "ephvol.h"
#include "macro.h"
#include "metrics.h"

/* The metrics of fixture SUB at time NOW. */
static char *metrics_of(const char *sub, double now) {
	_cleanup_(ephvol_ctx_unrefp) struct ephvol_ctx *ctx = unit_ctx_at(sub);
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **entries = NULL;
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **volumes = NULL;
	char *text = NULL;
	size_t size;
	FILE *f;

	assert_int_equal(ephvol_audit(ctx, &entries, NULL), 0);
	assert_int_equal(ephvol_volume_list(ctx, &volumes, NULL), 0);
	f = open_memstream(&text, &size);
	assert_non_null(f);
	metrics_write_prometheus(f, now, entries, volumes);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void expect_file(const char *sub, const char *expected_file) {
	_cleanup_free_ char *text = metrics_of(sub, 1796511634.357), *path = NULL;
	char expected[16384], *v;
	size_t n;
	FILE *f;

	path = unit_fixture_path(expected_file);
	assert_non_null(path);
	f = fopen(path, "re");
	assert_non_null(f);
	n = fread(expected, 1, sizeof(expected) - 1, f);
	fclose(f);
	expected[n] = 0;
	/* The files name no version: "@VERSION@" stands for it. */
	v = strstr(expected, "@VERSION@");
	assert_non_null(v);
	memmove(v + strlen(EPHVOL_VERSION), v + strlen("@VERSION@"),
	        strlen(v + strlen("@VERSION@")) + 1);
	memcpy(v, EPHVOL_VERSION, strlen(EPHVOL_VERSION));
	if (!streq(text, expected))
		fprintf(stderr, "%s:\n%s", sub, text); /* whole: print_error() cuts it */
	assert_string_equal(text, expected);
}

static void test_mixed(void **state) {
	(void)state;
	expect_file("mixed", "metrics/mixed.prom");
}

static void test_zram_writeback(void **state) {
	(void)state;
	expect_file("zram-writeback", "metrics/zram-writeback.prom");
}

/* The public call: the same families, the clock's time, and its errors. */
static void test_api(void **state) {
	_cleanup_(ephvol_ctx_unrefp) struct ephvol_ctx *ctx = unit_ctx_at("mixed");
	_cleanup_free_ char *text = NULL;
	char *untouched = (char *)"untouched";
	double t;

	(void)state;
	assert_int_equal(ephvol_metrics_format(ctx, EPHVOL_METRICS_PROMETHEUS_TEXT, &text), 0);
	assert_non_null(strstr(text, "\nephvol_audit_swap_areas 4\n"));
	assert_non_null(strstr(text, "\nephvol_build_info{version=\"" EPHVOL_VERSION "\"} 1\n"));
	assert_int_equal(sscanf(strstr(text, "\nephvol_audit_last_run_timestamp_seconds ") + 1,
	                        "ephvol_audit_last_run_timestamp_seconds %lf", &t),
	                 1);
	assert_true(t > (double)time(NULL) - 60 && t < (double)time(NULL) + 1);
	assert_int_equal(ephvol_metrics_format(ctx, (enum ephvol_metrics_syntax)1, &untouched),
	                 -EOPNOTSUPP);
	assert_string_equal(untouched, "untouched");
	assert_int_equal(ephvol_metrics_format(NULL, EPHVOL_METRICS_PROMETHEUS_TEXT, &untouched),
	                 -EINVAL);
	assert_int_equal(ephvol_metrics_format(ctx, EPHVOL_METRICS_PROMETHEUS_TEXT, NULL), -EINVAL);
}

/* Without /proc/swaps there is no audit, and no metrics. */
static void test_unreadable(void **state) {
	_cleanup_(ephvol_ctx_unrefp) struct ephvol_ctx *ctx = unit_ctx_at("empty");
	char *untouched = (char *)"untouched";

	(void)state;
	assert_true(ephvol_metrics_format(ctx, EPHVOL_METRICS_PROMETHEUS_TEXT, &untouched) < 0);
	assert_string_equal(untouched, "untouched");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_zram_writeback),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_unreadable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
