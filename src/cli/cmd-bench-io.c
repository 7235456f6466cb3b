/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ephvol bench --io DEVICE: for each configuration (with --integrity aead: create's
 * default without, then each AEAD cipher with), a real raw volume "bench-io" on
 * DEVICE through create_volume() (so every check and refusal of create applies), I/O
 * on its mapping (sys-io-bench.c), and destroy, also when the I/O fails or a signal
 * comes. Termination signals are blocked meanwhile and looked for between steps: the
 * volume goes first, then the signal is let through and ends the process.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "aead.h"
#include "bench-io-output.h"
#include "create-options.h"
#include "kcapi-name.h"
#include "log.h"
#include "sys-io-bench.h"
#include "sys-kcapi.h"
#include "sys.h"
#include "table.h"
#include "verbs.h"

#define BENCH_IO_NAME "bench-io"

/* `cryptsetup open --type plain` with cryptsetup 2.6's compiled-in defaults
 * (cryptsetup --help): aes-cbc-essiv:sha256, a 256-bit key, 512-byte sectors, and
 * dm-crypt's workqueues kept. A raw ephvol volume with these and --workqueues gets
 * the same dm-crypt table (offset 0, no flags), but for the key, which ephvol hands
 * over in the kernel keyring and cryptsetup plain in hex. */
#define PLAIN_CIPHER      "aes-cbc-essiv:sha256"
#define PLAIN_KEY_BITS    256
#define PLAIN_SECTOR_SIZE "512"

static void termination_signals(sigset_t *ret) {
	sigemptyset(ret);
	sigaddset(ret, SIGINT);
	sigaddset(ret, SIGTERM);
	sigaddset(ret, SIGHUP);
}

static bool signal_pending(void) {
	sigset_t ours;

	termination_signals(&ours);
	return signal_pending_in(&ours) > 0;
}

/* A candidate the kernel cannot do: a default one is left out with a warning, one the
 * caller chose is refused as create refuses it, before anything is built. 1: skip. */
static int check_candidate(const struct bench_candidate *c, bool given) {
	const struct aead_cipher *a = aead_cipher_find(c->spec);
	char cipher[64], mode[64];
	int r;

	if (a)
		r = kernel_aead_check(a->kernel);
	else if (streq(c->spec, "auto") ||
	         cipher_spec_split(c->spec, cipher, sizeof(cipher), mode, sizeof(mode)) < 0)
		return 0;
	else
		r = kernel_cipher_check(cipher, mode, c->key_bits ?: cipher_default_key_bits(mode));
	if (r != -ENOENT && (a || r != -EINVAL))
		return 0;
	if (!given) {
		log_warning("Not measuring %s: this kernel does not offer it.", c->spec);
		return 1;
	}
	if (r == -ENOENT)
		return log_fail(EXIT_USAGE, r, "Cipher %s is not offered by this kernel.", c->spec);
	return log_fail(EXIT_USAGE, r, "Cipher %s cannot use a %u-bit key.", c->spec, c->key_bits);
}

/* create's options for ROW: "create bench-io --raw --device DEVICE ..."; the baseline
 * of --integrity has create's defaults. */
static int row_options(const struct bench_options *o, const struct bench_candidate *c,
                       const struct bench_io_row *row, struct create_options *ret) {
	char bits[16];
	char *argv[16] = { "create", BENCH_IO_NAME, "--raw", "--device", (char *)o->io_device };
	int argc = 5;

	if (row->plain_defaults || c) {
		argv[argc++] = "--cipher";
		argv[argc++] = (char *)(row->plain_defaults ? PLAIN_CIPHER : c->spec);
	}
	if (row->aead) {
		argv[argc++] = "--integrity";
		argv[argc++] = "aead";
	} else if (row->plain_defaults || (c && c->key_bits)) {
		snprintf(bits, sizeof(bits), "%u",
		         row->plain_defaults ? PLAIN_KEY_BITS : c->key_bits);
		argv[argc++] = "--key-size";
		argv[argc++] = bits;
	}
	if (row->plain_defaults) {
		argv[argc++] = "--sector-size";
		argv[argc++] = PLAIN_SECTOR_SIZE;
	}
	if (row->workqueues)
		argv[argc++] = "--workqueues";
	if (o->force)
		argv[argc++] = "--force";
	return create_options_parse(argc, argv, ret);
}

/* One configuration: create, measure, destroy (whatever the measurement did). */
static int run_row(struct ephvol_ctx *ctx, const struct bench_options *o,
                   const struct bench_candidate *c, struct bench_io_row *row,
                   const char *default_cipher, unsigned default_bits) {
	_cleanup_(create_options_done) struct create_options co = {};
	char device[PATH_MAX];
	int r, k;

	r = row_options(o, c, row, &co);
	if (r != 0)
		return r < 0 ? r : -EINVAL;
	if (row->aead)
		snprintf(row->cipher, sizeof(row->cipher), "%s", row->aead->name);
	else
		snprintf(row->cipher, sizeof(row->cipher), "%s-%s", co.cipher, co.cipher_mode);
	row->key_bits = co.key_bits;
	bench_io_config_text(row, default_cipher, default_bits);
	log_debug("Measuring I/O with %s, %u-bit key, %s%s.", row->cipher, row->key_bits,
	          row->workqueues ? "workqueues" : "bypass", row->aead ? ", integrity" : "");

	r = create_volume(&co, device, sizeof(device));
	if (r != 0)
		return r;
	r = io_bench_run(&(struct io_bench_params){ .device = device,
	                                            .seconds = o->seconds,
	                                            .stop = signal_pending },
	                 &row->fig);
	k = destroy_name_silently(ctx, BENCH_IO_NAME, false);
	if (r == -EINTR)
		return r;
	if (r == -ENOSPC)
		return log_fail(EXIT_RUNTIME, r,
		                "Device %s is too small for the benchmark: it needs 3 MiB.",
		                o->io_device);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "I/O on %s (over %s) failed: %m", device,
		                o->io_device);
	row->measured = true;
	return k;
}

int bench_io_run(struct ephvol_ctx *ctx, const struct bench_options *o) {
	static struct bench_io_report rep; /* large; one run per process */
	const struct bench_candidate *cand[BENCH_IO_ROWS_MAX];
	_cleanup_free_ char *default_cipher = NULL;
	unsigned default_bits = 0;
	sigset_t mask, saved;
	int r = 0;

	rep = (struct bench_io_report){ .device = o->io_device, .seconds = o->seconds };
	/* --integrity: what create makes by default, without, then each AEAD cipher with. */
	if (o->integrity) {
		cand[rep.n_rows] = NULL;
		rep.rows[rep.n_rows++] = (struct bench_io_row){ .baseline = true };
	}
	for (size_t i = 0; i < o->n_ciphers; i++) {
		r = check_candidate(&o->ciphers[i], o->ciphers_given);
		if (r < 0)
			return r;
		if (r > 0)
			continue;
		for (int wq = 0; wq < (o->integrity ? 1 : 2); wq++) {
			cand[rep.n_rows] = &o->ciphers[i];
			rep.rows[rep.n_rows++] = (struct bench_io_row){
				.workqueues = wq, .aead = aead_cipher_find(o->ciphers[i].spec)
			};
		}
	}
	if (!o->integrity) {
		cand[rep.n_rows] = NULL;
		rep.rows[rep.n_rows++] =
		        (struct bench_io_row){ .workqueues = true, .plain_defaults = true };
	}

	r = ephvol_cipher_recommend(ctx, &default_cipher, &default_bits);
	if (r < 0)
		log_debug_errno(r, "No recommendation: %m");

	termination_signals(&mask);
	(void)sigprocmask(SIG_BLOCK, &mask, &saved);
	r = 0;
	for (size_t i = 0; i < rep.n_rows && r == 0; i++)
		r = signal_pending()
		            ? -EINTR
		            : run_row(ctx, o, cand[i], &rep.rows[i], default_cipher, default_bits);
	if (r == 0 && signal_pending())
		r = -EINTR;
	/* The volume is gone: a pending signal may now end the process, as the shell expects. */
	(void)sigprocmask(SIG_SETMASK, &saved, NULL);
	if (r == -EINTR)
		return log_error_errno(r, "Benchmark interrupted.");
	if (r != 0)
		return r;
	r = o->json ? bench_io_print_json(&rep) : bench_io_print_text(&rep);
	if (r == -EOPNOTSUPP) /* libsmartcols */
		return table_log_error(r);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot print the results: %m");
	return 0;
}
