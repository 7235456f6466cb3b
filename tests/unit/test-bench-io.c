/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure parts of `ephvol bench --io`: its options (bench-options.c), the PRNG, the
 * median and the rates (io-stats.c), the CONFIG text, verdicts, table and JSON
 * (bench-io-output.c). The I/O itself is src/sys/sys-io-bench.c, run by the guest
 * suite tests/guest/bench_io_test.sh. */
#include "unit.h"

#include <sys/wait.h>

#include "bench-io-output.h"
#include "bench-options.h"
#include "io-stats.h"
#include "log.h"
#include "macro.h"

#define PARSE(o, ...) bench_options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o))

/* ---- options ---- */

static void test_options_io(void **state) {
	struct bench_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "bench", "--io", "/dev/nonexistent-scratch"), 0);
	assert_string_equal(o.io_device, "/dev/nonexistent-scratch");
	assert_int_equal(o.seconds, BENCH_IO_SECONDS_DEFAULT);
	assert_false(o.force);
	assert_false(o.ciphers_given);
	/* the ciphers --cipher auto picks, not the key-size variant nor the reference */
	assert_int_equal(o.n_ciphers, 2);
	assert_string_equal(o.ciphers[0].spec, "aes-xts-plain64");
	assert_int_equal(o.ciphers[0].key_bits, 512);
	assert_string_equal(o.ciphers[1].spec, "xchacha12,aes-adiantum-plain64");
	assert_int_equal(o.ciphers[1].key_bits, 256);

	assert_int_equal(
	        PARSE(&o, "bench", "--io", "LABEL=scratch", "--seconds", "7", "--force", "-J"), 0);
	assert_string_equal(o.io_device, "LABEL=scratch");
	assert_int_equal(o.seconds, 7);
	assert_true(o.force);
	assert_true(o.json);

	/* SPEC:BITS, next to a spec with a colon of its own and --key-size for the rest */
	assert_int_equal(PARSE(&o, "bench", "--io", "/dev/x", "-c", "aes-xts-plain64:256", "-c",
	                       "aes-cbc-essiv:sha256", "-c", "serpent-xts-plain64", "-s", "384"),
	                 0);
	assert_int_equal(o.n_ciphers, 3);
	assert_string_equal(o.ciphers[0].spec, "aes-xts-plain64");
	assert_int_equal(o.ciphers[0].key_bits, 256);
	assert_string_equal(o.ciphers[1].spec, "aes-cbc-essiv:sha256");
	assert_int_equal(o.ciphers[1].key_bits, 384);
	assert_string_equal(o.ciphers[2].spec, "serpent-xts-plain64");
	assert_int_equal(o.ciphers[2].key_bits, 384);

	/* --integrity aead: every AEAD cipher, each with its own key size */
	assert_int_equal(PARSE(&o, "bench", "--io", "/dev/x", "--integrity", "aead"), 0);
	assert_true(o.integrity);
	assert_int_equal(o.n_ciphers, 4);
	assert_string_equal(o.ciphers[0].spec, "aegis128-random");
	assert_int_equal(o.ciphers[0].key_bits, 128);
	assert_string_equal(o.ciphers[1].spec, "aes-gcm-random");
	assert_int_equal(o.ciphers[1].key_bits, 256);
	assert_string_equal(o.ciphers[3].spec, "aes-xts-hmac-sha256-random");
	assert_int_equal(o.ciphers[3].key_bits, 768);
	/* or those given, before or after --integrity, with their key size or none */
	assert_int_equal(PARSE(&o, "bench", "--io", "/dev/x", "-c", "aegis128-random:128",
	                       "--integrity", "aead", "-c", "chacha20-poly1305-random"),
	                 0);
	assert_int_equal(o.n_ciphers, 2);
	assert_string_equal(o.ciphers[0].spec, "aegis128-random");
	assert_int_equal(o.ciphers[0].key_bits, 128);
	assert_string_equal(o.ciphers[1].spec, "chacha20-poly1305-random");
	assert_int_equal(o.ciphers[1].key_bits, 256);

	/* without --io, the plain bench's set as before */
	assert_int_equal(PARSE(&o, "bench"), 0);
	assert_null(o.io_device);
	assert_int_equal(o.n_ciphers, 4);
}

static const char *const *child_args;

/* Parses CHILD_ARGS in a child; its exit status as main() would give it, and whether it
 * printed exactly one line on stderr. */
static int parse_status(const char *const *args, bool *ret_one_line) {
	struct unit_capture c;
	char *err;
	int status, argc = 0;
	pid_t pid;

	while (args[argc])
		argc++;
	child_args = args;
	capture_begin(&c, STDERR_FILENO);
	pid = fork();
	if (pid == 0) {
		struct bench_options o;

		_exit(log_exit_status(bench_options_parse(argc, (char **)child_args, &o)));
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	err = capture_end(&c);
	*ret_one_line = err && strchr(err, '\n') && strchr(err, '\n')[1] == 0;
	free(err);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_options_io_errors(void **state) {
	static const char *const bad[][10] = {
		{ "bench", "--io" }, /* without DEVICE */
		{ "bench", "--io", "/dev/x", "--seconds", "0" },
		{ "bench", "--io", "/dev/x", "--seconds", "2s" },
		{ "bench", "--io", "/dev/x", "--seconds", "" },
		{ "bench", "--io", "/dev/x", "--seconds", "3601" },
		/* a path that is there and no block device: a directory, a character device */
		{ "bench", "--io", "/" },
		{ "bench", "--io", "/dev/null" },
		{ "bench", "--io", "" },
		/* options of one mode in the other */
		{ "bench", "--seconds", "2" },
		{ "bench", "--force" },
		{ "bench", "--io", "/dev/x", "--sample", "/f" },
		/* a key size that is none */
		{ "bench", "--io", "/dev/x", "-c", "aes-xts-plain64:0" },
		{ "bench", "--io", "/dev/x", "-c", "aes-xts-plain64:12" },
		/* --integrity: aead only, with --io only, AEAD ciphers only, their key sizes */
		{ "bench", "--io", "/dev/x", "--integrity", "hmac" },
		{ "bench", "--integrity", "aead" },
		{ "bench", "--io", "/dev/x", "--integrity", "aead", "-c", "aes-xts-plain64" },
		{ "bench", "--io", "/dev/x", "-c", "aes-gcm-random" },
		{ "bench", "-c", "aes-gcm-random" },
		{ "bench", "--io", "/dev/x", "--integrity", "aead", "-c", "aes-gcm-random:128" },
		{ "bench", "--io", "/dev/x", "--integrity", "aead", "-c", "aes-gcm-random", "-s",
		  "512" },
	};
	bool one;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		assert_int_equal(parse_status(bad[i], &one), 2);
		assert_true(one);
	}
	assert_int_equal(parse_status((const char *const[]){ "bench", "--io", "/dev/x", "--seconds",
	                                                     "1", NULL },
	                              &one),
	                 0);
}

/* ---- io-stats ---- */

static void test_prng(void **state) {
	struct io_prng a, b;
	uint64_t hits[10] = {};

	(void)state;
	io_prng_seed(&a, 42);
	io_prng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		assert_true(io_prng_next(&a) == io_prng_next(&b)); /* deterministic */
	assert_true(io_prng_next(&a) != io_prng_next(&a));
	/* below n: always, and every value comes up */
	for (int i = 0; i < 100000; i++) {
		uint64_t v = io_prng_below(&a, 10);

		assert_true(v < 10);
		hits[v]++;
	}
	for (int i = 0; i < 10; i++)
		assert_true(hits[i] > 9000 && hits[i] < 11000);
	for (int i = 0; i < 1000; i++)
		assert_true(io_prng_below(&a, 1) == 0);
	assert_true(io_prng_below(&a, 0) == 0);
	/* a device's worth of 4 KiB blocks, and the largest n */
	for (int i = 0; i < 1000; i++) {
		assert_true(io_prng_below(&a, UINT64_C(1) << 40) < UINT64_C(1) << 40);
		assert_true(io_prng_below(&a, UINT64_MAX) < UINT64_MAX);
	}
}

static void test_median(void **state) {
	uint64_t odd[] = { 9, 1, 5, 3, 7 }, even[] = { 10, 40, 20, 30 }, one[] = { 6 };
	uint64_t same[] = { 2, 2, 2 }, big[] = { UINT64_C(1) << 62, UINT64_C(1) << 62 };

	(void)state;
	assert_true(io_median_u64(odd, 5) == 5);
	assert_true(odd[0] == 1 && odd[4] == 9); /* sorted in place */
	assert_true(io_median_u64(even, 4) == 25);
	assert_true(io_median_u64(one, 1) == 6);
	assert_true(io_median_u64(same, 3) == 2);
	assert_true(io_median_u64(big, 2) == (double)(UINT64_C(1) << 62));
	assert_true(io_median_u64(NULL, 0) == 0);
}

static void test_rates(void **state) {
	(void)state;
	assert_true(io_per_second(500, 250000000) == 2000);
	assert_true(io_per_second(5, 0) == 0);
	assert_true(io_mibs(UINT64_C(300) << 20, UINT64_C(2000000000)) == 150);
}

/* ---- output ---- */

static struct bench_io_row row(const char *cipher, unsigned bits, bool wq, double lat,
                               double mibs) {
	struct bench_io_row r = { .key_bits = bits, .workqueues = wq, .measured = true };

	snprintf(r.cipher, sizeof(r.cipher), "%s", cipher);
	r.fig = (struct io_figures){ .sector_size = 4096,
		                     .read_iops = 1e6 / lat,
		                     .read_lat_us = lat,
		                     .write_iops = 1e6 / lat,
		                     .write_lat_us = lat,
		                     .seq_read_mibs = mibs,
		                     .seq_write_mibs = mibs };
	return r;
}

static void test_config_text(void **state) {
	struct bench_io_row r = row("aes-xts-plain64", 512, false, 1, 1);

	(void)state;
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "ephvol default");
	r.workqueues = true;
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "--workqueues");
	r.key_bits = 256;
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "--key-size 256 --workqueues");
	/* on a CPU without AES instructions */
	r = row("aes-xts-plain64", 512, false, 1, 1);
	bench_io_config_text(&r, "xchacha12,aes-adiantum-plain64", 256);
	assert_string_equal(r.config, "--cipher aes-xts-plain64");
	r = row("xchacha12,aes-adiantum-plain64", 256, true, 1, 1);
	bench_io_config_text(&r, NULL, 0);
	assert_string_equal(r.config, "--cipher xchacha12,aes-adiantum-plain64 --workqueues");
	r.plain_defaults = true;
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "cryptsetup plain defaults");
	/* AEAD rows: --integrity aead, and the cipher when not the default */
	r = row("aegis128-random", 128, false, 1, 1);
	r.aead = aead_cipher_find("aegis128-random");
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "--integrity aead");
	r = row("aes-gcm-random", 256, false, 1, 1);
	r.aead = aead_cipher_find("aes-gcm-random");
	bench_io_config_text(&r, "aes-xts-plain64", 512);
	assert_string_equal(r.config, "--integrity aead --cipher aes-gcm-random");
}

static void test_integrity_costs(void **state) {
	struct bench_io_report rep = { .device = "/dev/vda", .seconds = 1 };
	struct bench_io_cost c[BENCH_IO_ROWS_MAX];
	char *line;

	(void)state;
	/* no baseline measured: no cost */
	rep.rows[rep.n_rows] = row("aes-xts-plain64", 512, false, 50, 200);
	rep.rows[rep.n_rows].baseline = true;
	rep.rows[rep.n_rows++].measured = false;
	rep.rows[rep.n_rows] = row("aes-gcm-random", 256, false, 100, 50);
	rep.rows[rep.n_rows++].aead = aead_cipher_find("aes-gcm-random");
	assert_int_equal(bench_io_costs(&rep, c), 0);

	rep.rows[0].measured = true;
	rep.rows[rep.n_rows] = row("aegis128-random", 128, false, 75, 100);
	rep.rows[rep.n_rows++].aead = aead_cipher_find("aegis128-random");
	rep.rows[rep.n_rows] = row("chacha20-poly1305-random", 256, false, 75, 100);
	rep.rows[rep.n_rows].aead = aead_cipher_find("chacha20-poly1305-random");
	rep.rows[rep.n_rows++].measured = false;
	assert_int_equal(bench_io_costs(&rep, c), 2);
	assert_string_equal(c[0].cipher, "aes-gcm-random");
	assert_string_equal(c[0].baseline, "aes-xts-plain64");
	assert_true(c[0].seq_read == 0.25 && c[0].seq_write == 0.25);
	assert_true(c[0].read_lat == 2 && c[0].write_lat == 2);
	assert_string_equal(c[1].cipher, "aegis128-random");
	assert_true(c[1].seq_read == 0.5 && c[1].read_lat == 1.5);
	assert_int_equal(bench_io_cost_line(&c[0], &line), 0);
	assert_string_equal(line, "aes-gcm-random with integrity: sequential reads 0.25x and "
	                          "writes 0.25x the speed of aes-xts-plain64 without; 4 KiB "
	                          "latency 2.00x (reads) and 2.00x (writes).");
	free(line);
}

static void test_verdicts(void **state) {
	struct bench_io_report rep = { .device = "/dev/vda", .seconds = 1 };
	struct bench_io_verdict v[BENCH_IO_ROWS_MAX / 2];
	char *line;

	(void)state;
	rep.rows[rep.n_rows++] = row("aes-xts-plain64", 512, false, 50, 100);
	rep.rows[rep.n_rows++] = row("aes-xts-plain64", 512, true, 100, 174);
	rep.rows[rep.n_rows++] = row("xchacha12,aes-adiantum-plain64", 256, false, 80, 300);
	rep.rows[rep.n_rows++] = row("xchacha12,aes-adiantum-plain64", 256, true, 60, 150);
	rep.rows[rep.n_rows] = row("aes-cbc-essiv:sha256", 256, true, 1, 1000);
	rep.rows[rep.n_rows++].plain_defaults = true;

	assert_int_equal(bench_io_verdicts(&rep, v), 2);
	assert_string_equal(v[0].cipher, "aes-xts-plain64");
	assert_false(v[0].latency_workqueues);
	assert_true(v[0].latency_factor == 2);
	assert_true(v[0].throughput_workqueues);
	assert_true(v[0].throughput_factor > 1.739 && v[0].throughput_factor < 1.741);
	assert_true(v[1].latency_workqueues);
	assert_false(v[1].throughput_workqueues);
	assert_true(v[1].throughput_factor == 2);
	assert_int_equal(bench_io_verdict_line(&v[0], &line), 0);
	assert_string_equal(line, "aes-xts-plain64 (512-bit key): bypass won 4 KiB latency by "
	                          "2.00x; workqueues won sequential throughput by 1.74x.");
	free(line);

	/* an unmeasured row has no verdict */
	rep.rows[1].measured = false;
	assert_int_equal(bench_io_verdicts(&rep, v), 1);
	assert_string_equal(v[0].cipher, "xchacha12,aes-adiantum-plain64");
}

/* Runs of blanks as one, and none at the end of a line: the columns' widths follow the
 * terminal's. */
static void squeeze(char *s) {
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == ' ' && (r[1] == ' ' || r[1] == '\n' || r[1] == 0))
			continue;
		*w++ = *r;
	}
	*w = 0;
}

static void test_print(void **state) {
	struct bench_io_report rep = { .device = "/dev/vda", .seconds = 1 };
	struct unit_capture c;
	char *out;

	(void)state;
	rep.rows[rep.n_rows] = row("aes-xts-plain64", 512, false, 50, 100);
	bench_io_config_text(&rep.rows[rep.n_rows++], "aes-xts-plain64", 512);
	rep.rows[rep.n_rows] = row("aes-xts-plain64", 512, true, 100, 174);
	bench_io_config_text(&rep.rows[rep.n_rows++], "aes-xts-plain64", 512);
	rep.rows[0].baseline = true;
	rep.rows[rep.n_rows] = row("aes-gcm-random", 256, false, 100, 50);
	rep.rows[rep.n_rows].aead = aead_cipher_find("aes-gcm-random");
	bench_io_config_text(&rep.rows[rep.n_rows++], "aes-xts-plain64", 512);

	capture_begin(&c, STDOUT_FILENO);
	assert_int_equal(bench_io_print_text(&rep), 0);
	out = capture_end(&c);
	squeeze(out);
	assert_non_null(strstr(out, "\nCIPHER KEY SECTOR QUEUES INTEGRITY CONFIG READ_4K_IOPS "
	                            "READ_4K_LAT_US WRITE_4K_IOPS WRITE_4K_LAT_US SEQ_READ_MIBS "
	                            "SEQ_WRITE_MIBS\n"));
	assert_non_null(strstr(out, "\naes-xts-plain64 512 4096 bypass - ephvol default 20000 "
	                            "50.0 20000 50.0 100.0 100.0\n"));
	assert_non_null(strstr(out, "\naes-xts-plain64 512 4096 workqueues - --workqueues 10000 "
	                            "100.0 10000 100.0 174.0 174.0\n"));
	assert_non_null(strstr(out, "\naes-gcm-random 256 4096 bypass aead:aes-gcm-random "
	                            "--integrity aead --cipher aes-gcm-random 10000 100.0 10000 "
	                            "100.0 50.0 50.0\n"));
	assert_non_null(strstr(out, "\naes-gcm-random with integrity: sequential reads 0.50x and "
	                            "writes 0.50x the speed of aes-xts-plain64 without; "));
	assert_non_null(strstr(out, "\naes-xts-plain64 (512-bit key): bypass won 4 KiB latency"));
	free(out);

	capture_begin(&c, STDOUT_FILENO);
	assert_int_equal(bench_io_print_json(&rep), 0);
	out = capture_end(&c);
	assert_non_null(strstr(out, "\"device\": \"/dev/vda\""));
	assert_non_null(strstr(out, "\"seconds\": 1"));
	assert_non_null(strstr(out, "\"io\": ["));
	assert_non_null(strstr(out, "\"cipher\": \"aes-xts-plain64\""));
	assert_non_null(strstr(out, "\"key_bits\": 512"));
	assert_non_null(strstr(out, "\"sector_size\": 4096"));
	assert_non_null(strstr(out, "\"queues\": \"workqueues\""));
	assert_non_null(strstr(out, "\"config\": \"--workqueues\""));
	assert_non_null(strstr(out, "\"read_4k_iops\": 20000"));
	assert_non_null(strstr(out, "\"read_4k_lat_us\": 50.0"));
	assert_non_null(strstr(out, "\"seq_write_mibs\": 174.0"));
	assert_non_null(strstr(out, "\"latency_winner\": \"bypass\", \"latency_factor\": 2.00"));
	assert_non_null(strstr(out, "\"throughput_winner\": \"workqueues\""));
	assert_non_null(strstr(out, "\"integrity\": null"));
	assert_non_null(strstr(out, "\"integrity\": \"aead:aes-gcm-random\""));
	assert_non_null(strstr(out, "\"integrity_costs\": [\n"));
	assert_non_null(strstr(out, "{\"cipher\": \"aes-gcm-random\", \"baseline\": "
	                            "\"aes-xts-plain64\", \"seq_read_factor\": 0.50, "
	                            "\"seq_write_factor\": 0.50, \"read_4k_lat_factor\": 2.00, "
	                            "\"write_4k_lat_factor\": 2.00}"));
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_io), cmocka_unit_test(test_options_io_errors),
		cmocka_unit_test(test_prng),       cmocka_unit_test(test_median),
		cmocka_unit_test(test_rates),      cmocka_unit_test(test_config_text),
		cmocka_unit_test(test_verdicts),   cmocka_unit_test(test_integrity_costs),
		cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
