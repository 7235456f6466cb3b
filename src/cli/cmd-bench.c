/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ephvol bench: CPU features, cipher speeds (libephvol, i.e. crypt_benchmark()),
 * zram compressor speeds and ratio on a sample, and the recommended cipher.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench-options.h"
#include "bench-output.h"
#include "bench-sample.h"
#include "bench-zram.h"
#include "log.h"
#include "sys-zram-bench.h"
#include "sys.h"
#include "table.h"
#include "verbs.h"
#include "version-features.h"

/* --sample: more would only make the run longer (and fill RAM twice). */
#define SAMPLE_MAX (256u * 1024 * 1024)

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig) {
	stop_signal = sig;
}

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved[ELEMENTSOF(caught)];

/* While measuring, a signal only asks the loops to stop: the verb removes the
 * temporary zram device, restores the previous handlers, then dies of that signal.
 * A signal ignored on entry (nohup, a shell's background job) stays ignored. */
static void catch_signals(bool on) {
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ELEMENTSOF(caught); i++) {
		if (!on) {
			(void)sigaction(caught[i], &saved[i], NULL);
			continue;
		}
		if (sigaction(caught[i], NULL, &saved[i]) == 0 && saved[i].sa_handler != SIG_IGN)
			(void)sigaction(caught[i], &sa, NULL);
	}
}

static char *cipher_error(int r, unsigned key_bits) {
	char *s;

	switch (r) {
	case -EAFNOSUPPORT:
		return strdup("unavailable: no AF_ALG skcipher in this kernel "
		              "(CONFIG_CRYPTO_USER_API_SKCIPHER)");
	case -ENOENT:
		return strdup("the kernel has no such cipher");
	case -EINVAL:
		return asprintf(&s, "the kernel refuses a %u-bit key for it", key_bits) < 0 ? NULL
		                                                                            : s;
	case -EOPNOTSUPP:
		return strdup("cryptsetup's benchmark cannot measure this form of spec");
	default:
		return strdup(strerror(-r));
	}
}

static int run_ciphers(struct ephvol_ctx *ctx, const struct bench_options *o,
                       struct bench_report *rep) {
	bool af_alg_said = false;

	rep->ciphers = calloc(o->n_ciphers, sizeof(*rep->ciphers));
	if (!rep->ciphers)
		return -ENOMEM;
	for (size_t i = 0; i < o->n_ciphers && !stop_signal; i++) {
		struct bench_cipher *c = &rep->ciphers[rep->n_ciphers++];
		int r;

		c->spec = o->ciphers[i].spec;
		c->key_bits = o->ciphers[i].key_bits;
		c->reference = o->ciphers[i].reference;
		if (streq(c->spec, "auto")) {
			/* The pick itself, so the row names a real cipher. */
			c->spec = rep->recommended_cipher ?: "xchacha12,aes-adiantum-plain64";
			if (!c->key_bits)
				c->key_bits =
				        rep->recommended_cipher ? rep->recommended_key_bits : 256;
		}
		log_debug("Measuring %s with a %u-bit key.", c->spec, c->key_bits);
		r = ephvol_cipher_benchmark(ctx, c->spec, c->key_bits, &c->encrypt_mibs,
		                            &c->decrypt_mibs);
		if (r >= 0)
			c->measured = true;
		else {
			c->error = cipher_error(r, c->key_bits);
			if (!c->error)
				return -ENOMEM;
			if (r == -EAFNOSUPPORT && !af_alg_said) {
				log_warning("This kernel has no crypto API for user space (AF_ALG, "
				            "CONFIG_CRYPTO_USER_API_SKCIPHER): ciphers cannot be "
				            "measured.");
				af_alg_said = true;
			}
		}
		/* After the benchmark: the kernel lists a template once it was used. */
		r = ephvol_cipher_get_driver(ctx, c->spec, &c->driver);
		if (r < 0)
			log_debug_errno(r, "No driver known for %s: %m", c->spec);
	}
	return 0;
}

/* The sample in page-aligned memory (O_DIRECT); *ret_size a multiple of a page. */
static int load_sample(const char *path, uint8_t **ret, size_t *ret_size) {
	_cleanup_close_ int fd = -EBADF;
	void *buf = NULL;
	size_t size, done = 0;
	struct stat st;

	if (!path) {
		size = BENCH_SAMPLE_DEFAULT_BYTES;
		if (posix_memalign(&buf, BENCH_PAGE, size) != 0)
			return log_error_errno(-ENOMEM, "Out of memory.");
		(void)bench_sample_fill(buf, size);
		*ret = buf;
		*ret_size = size;
		return 0;
	}

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return log_usage_errno(-errno, "Cannot open sample %s: %m", path);
	if (!S_ISREG(st.st_mode))
		return log_usage_errno(-EINVAL, "Sample %s is not a regular file.", path);
	size = (size_t)(st.st_size < (off_t)SAMPLE_MAX ? st.st_size : SAMPLE_MAX);
	size -= size % BENCH_PAGE;
	if (size == 0)
		return log_usage_errno(-EINVAL, "Sample %s is smaller than a page (%u bytes).",
		                       path, BENCH_PAGE);
	if (posix_memalign(&buf, BENCH_PAGE, size) != 0)
		return log_error_errno(-ENOMEM, "Out of memory.");
	while (done < size) {
		ssize_t k = read(fd, (uint8_t *)buf + done, size - done);

		if (k <= 0) {
			int e = k < 0 ? -errno : -EIO;

			free(buf);
			return log_usage_errno(e, "Cannot read sample %s: %m", path);
		}
		done += (size_t)k;
	}
	*ret = buf;
	*ret_size = size;
	return 0;
}

/* What --comp-algorithm auto would take from these figures. */
static int pick_auto(struct bench_report *rep) {
	_cleanup_free_ struct zram_candidate *c = calloc(rep->n_compressors + 1, sizeof(*c));
	size_t i;

	if (!c)
		return -ENOMEM;
	for (i = 0; i < rep->n_compressors; i++) {
		const struct bench_compressor *b = &rep->compressors[i];

		c[i] = (struct zram_candidate){ .algorithm = b->algorithm,
			                        .level = b->level,
			                        .measured = b->measured,
			                        .compress_mibs = b->compress_mibs,
			                        .decompress_mibs = b->decompress_mibs,
			                        .orig_bytes = b->orig_bytes,
			                        .compr_bytes = b->compr_bytes };
	}
	rep->auto_compressor =
	        zram_pick_compressor(c, rep->n_compressors, &i) < 0 ? rep->n_compressors : i;
	return 0;
}

static int run_compressors(struct bench_report *rep, const uint8_t *sample, size_t size) {
	_cleanup_free_ char *active = NULL;
	char **algs = NULL;
	struct zram_bench_dev dev;
	_cleanup_free_ struct zram_candidate *cand = NULL;
	size_t n = 0;
	int r = 0, k;

	if (geteuid() != 0) {
		rep->compressors_skipped = strdup("this needs root (a temporary zram device)");
		return rep->compressors_skipped ? 0 : -ENOMEM;
	}
	r = zram_bench_open(&dev, &algs, &active);
	if (r < 0) {
		char *why;

		log_debug_errno(r, "No zram device: %m");
		if (asprintf(&why, "no zram device could be set up (%s)", strerror(-r)) < 0)
			return -ENOMEM;
		rep->compressors_skipped = why;
		return 0;
	}
	/* Each compressor at its default level, and where zram takes levels
	 * (algorithm_params, Linux 6.12) at the others worth knowing. */
	r = zram_candidates(algs, zram_has_attr(dev.index, "algorithm_params"), &cand, &n);
	if (r >= 0) {
		rep->compressors = calloc(n ? n : 1, sizeof(*rep->compressors));
		if (!rep->compressors)
			r = -ENOMEM;
	}
	for (size_t i = 0; r >= 0 && i < n; i++) {
		struct bench_compressor *c = &rep->compressors[rep->n_compressors++];

		c->level = cand[i].level;
		c->algorithm = strdup(cand[i].algorithm);
		if (!c->algorithm)
			r = -ENOMEM;
	}

	for (size_t i = 0; r >= 0 && i < rep->n_compressors && !stop_signal; i++) {
		struct bench_compressor *c = &rep->compressors[i];
		struct zram_bench_result res;

		log_debug("Measuring zram with %s, level %u.", c->algorithm, c->level);
		k = zram_bench_measure(&dev, c->algorithm, c->level, sample, size, false,
		                       &stop_signal, &res);
		if (k == -EINTR)
			break;
		if (k < 0) {
			c->error = strdup(strerror(-k));
			if (!c->error)
				r = -ENOMEM;
			continue;
		}
		c->measured = true;
		c->compress_mibs = res.compress_mibs;
		c->decompress_mibs = res.decompress_mibs;
		c->orig_bytes = res.orig_bytes;
		c->compr_bytes = res.compr_bytes;
	}
	k = zram_bench_close(&dev);
	if (k < 0)
		log_warning_errno(k, "Cannot remove the temporary device /dev/zram%u: %m",
		                  dev.index);
	if (r >= 0) {
		const char *def = zram_default_algorithm(algs, active);

		rep->recommended_compressor = def ? strdup(def) : NULL;
		r = pick_auto(rep);
	}
	strv_free(algs);
	return r;
}

int verb_bench(struct ephvol_ctx *ctx, int argc, char **argv) {
	_cleanup_(bench_report_done) struct bench_report rep = {};
	_cleanup_(features_done) struct features features = {};
	_cleanup_free_ uint8_t *sample = NULL;
	struct bench_options o;
	size_t sample_size = 0;
	bool any = false;
	int r;

	r = bench_options_parse(argc, argv, &o);
	if (r != 0)
		return r > 0 ? 0 : r;
	if (o.io_device)
		return bench_io_run(ctx, &o);
	/* A bad --sample is a usage error, found before anything is measured. */
	r = load_sample(o.sample, &sample, &sample_size);
	if (r < 0)
		return r;
	rep.sample = o.sample ?: "synthetic";
	rep.sample_bytes = sample_size;
	/* What this kernel offers of the options the figures are for (--version's line). */
	r = features_probe(&features);
	if (r >= 0)
		r = features_format(&features, &rep.features);
	if (r < 0)
		log_debug_errno(r, "Cannot tell the features of this system: %m");

	rep.has_effective =
	        ephvol_cpu_get_features(ctx, EPHVOL_CPU_EFFECTIVE, &rep.cpu_effective) >= 0;
	rep.has_cpuid = ephvol_cpu_get_features(ctx, EPHVOL_CPU_CPUID, &rep.cpu_cpuid) >= 0;
	rep.has_cpuinfo = ephvol_cpu_get_features(ctx, EPHVOL_CPU_CPUINFO, &rep.cpu_cpuinfo) >= 0;
	r = ephvol_cipher_recommend(ctx, &rep.recommended_cipher, &rep.recommended_key_bits);
	if (r < 0)
		log_debug_errno(r, "No recommendation: %m");

	/* Ciphers first: no zram device exists while they run. */
	catch_signals(true);
	r = run_ciphers(ctx, &o, &rep);
	if (r >= 0 && !stop_signal)
		r = run_compressors(&rep, sample, sample_size);
	catch_signals(false);
	if (stop_signal) {
		/* Cleaned up: now die of the signal, as the shell expects. */
		(void)raise(stop_signal);
		return log_error_errno(-EINTR, "Benchmark interrupted.");
	}
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Benchmark failed: %m");

	r = bench_recommendation_note(&rep, &rep.recommendation_note);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Out of memory.");
	r = o.json ? bench_print_json(&rep) : bench_print_text(&rep);
	if (r == -EOPNOTSUPP) /* libsmartcols */
		return table_log_error(r);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot print the results: %m");

	for (size_t i = 0; i < rep.n_ciphers; i++)
		any = any || rep.ciphers[i].measured;
	for (size_t i = 0; i < rep.n_compressors; i++)
		any = any || rep.compressors[i].measured;
	if (!any)
		return log_fail(EXIT_RUNTIME, 0, "Nothing could be measured.");
	return 0;
}
