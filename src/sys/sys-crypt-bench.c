/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include "dlopen-cryptsetup.h"
#include "macro.h"
#include "sys-crypt.h"

#define BENCH_BUFFER_START (1024 * 1024)
/* cryptsetup gives up ("not reliable") once the buffer passed 65 MiB. */
#define BENCH_BUFFER_LIMIT (65 * 1024 * 1024)

int crypt_benchmark_mibs(const char *cipher, const char *mode, size_t key_bytes, crypt_log_fn log,
                         void *userdata, double *ret_encrypt_mibs, double *ret_decrypt_mibs) {
	_cleanup_(sym_crypt_freep) struct crypt_device *cd = NULL;
	size_t buffer = BENCH_BUFFER_START;
	double enc = 0, dec = 0;
	int r;

	r = dlopen_cryptsetup();
	if (r < 0)
		return r;
	r = sym_crypt_init(&cd, NULL);
	if (r < 0)
		return r;
	if (log)
		sym_crypt_set_log_callback(cd, log, userdata);
	for (;;) {
		/* IV size 0: crypt_benchmark() uses the cipher's own. */
		r = sym_crypt_benchmark(cd, cipher, mode, key_bytes, 0, buffer, &enc, &dec);
		if (r != -ERANGE)
			break;
		if (buffer >= BENCH_BUFFER_LIMIT)
			return -ERANGE; /* too fast to time even 128 MiB */
		buffer *= 2;
	}
	if (r == -ENOTSUP)
		return -EAFNOSUPPORT; /* socket(AF_ALG) failed */
	if (r < 0)
		return r;
	*ret_encrypt_mibs = enc;
	*ret_decrypt_mibs = dec;
	return 0;
}
