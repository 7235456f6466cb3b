/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-kcapi.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#include "fileio.h"
#include "kcapi-name.h"
#include "macro.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

/* Longer than any skcipher key (adiantum 32, xts(aes) 64 bytes). */
#define TEST_KEY_MAX 512

/* An AF_ALG socket, or -EAFNOSUPPORT: no AF_ALG in the kernel (EAFNOSUPPORT), or a
 * sandbox refusing it (EPERM, EACCES): either way this way of asking is closed. */
static int af_alg_open(void) {
	int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	return fd < 0 ? -EAFNOSUPPORT : fd;
}

bool kernel_has_af_alg(void) {
	_cleanup_close_ int fd = af_alg_open();

	return fd >= 0;
}

/* Binds an AF_ALG socket to the TYPE ("skcipher", "aead") NAME and sets a KEY_BYTES
 * test key on it (key_bytes 0: no key test). -EAFNOSUPPORT if AF_ALG cannot be used
 * at all. */
static int af_alg_check(const char *type, const char *name, unsigned key_bytes) {
	union {
		struct sockaddr_alg alg;
		struct sockaddr_storage storage; /* room for names past salg_name[64] */
	} sa = {};
	size_t off = offsetof(struct sockaddr_alg, salg_name), len = strlen(name);
	_cleanup_close_ int fd = -EBADF;
	uint8_t key[TEST_KEY_MAX];
	socklen_t salen;

	if (key_bytes > sizeof(key))
		return -EINVAL;

	fd = af_alg_open();
	if (fd < 0)
		return fd;

	/* Since 4.12 the name may run to the end of the address (sockaddr_alg_new);
	 * older kernels want at least the old struct. */
	if (off + len + 1 > sizeof(sa))
		return -EAFNOSUPPORT;
	sa.alg.salg_family = AF_ALG;
	snprintf((char *)sa.alg.salg_type, sizeof(sa.alg.salg_type), "%s", type);
	memcpy((char *)&sa + off, name, len + 1);
	salen = (socklen_t)(off + len + 1 > sizeof(sa.alg) ? off + len + 1 : sizeof(sa.alg));
	if (bind(fd, (struct sockaddr *)&sa, salen) < 0)
		return -errno; /* ENOENT: no such algorithm (after request_module) */
	if (key_bytes == 0)
		return 0;

	/* Not a secret, only a length probe. Its halves differ, since XTS refuses equal
	 * halves in FIPS mode. */
	for (unsigned i = 0; i < key_bytes; i++)
		key[i] = (uint8_t)i;
	if (setsockopt(fd, SOL_ALG, ALG_SET_KEY, key, key_bytes) < 0)
		return -errno; /* EINVAL: wrong key length */
	return 0;
}

/* What /proc/crypto says; -EAFNOSUPPORT where it cannot tell. */
static int proc_crypto_check(const char *name, unsigned key_bytes) {
	_cleanup_free_ char *text = NULL;
	int r;

	r = read_full_file("/proc/crypto", &text, NULL);
	if (r < 0)
		return -EAFNOSUPPORT;
	r = proc_crypto_has_skcipher(text, name, key_bytes);
	return r == -ENOENT ? -EAFNOSUPPORT : r;
}

int kernel_cipher_check(const char *cipher, const char *mode, unsigned key_bits) {
	char name[KCAPI_NAME_MAX];
	unsigned key_bytes;
	int r, listed;

	if (key_bits == 0 || key_bits % 8)
		return -EINVAL;
	r = dm_cipher_to_kcapi(cipher, mode, name, sizeof(name));
	if (r < 0)
		return -EINVAL;
	r = dm_cipher_tfm_key_bytes(cipher, mode, key_bits / 8, &key_bytes);
	if (r == -EOPNOTSUPP)
		key_bytes = 0; /* tcw: the length per instance is the kernel's to work out */
	else if (r < 0)
		return r;

	/* A driver registered and tested already (aesni's xts(aes) is, from its module's
	 * load on) is listed: no need for AF_ALG, whose socket and bind make the kernel
	 * run modprobe for af_alg and algif_skcipher, 2.5 s at a busy boot. Any other
	 * answer is AF_ALG's to give, since a template is listed only once used. */
	listed = proc_crypto_check(name, key_bytes);
	if (listed == 0)
		return 0;
	r = af_alg_check("skcipher", name, key_bytes);
	if (r == -EAFNOSUPPORT)
		return listed; /* AF_ALG bound nothing, so loaded no cipher meanwhile */
	if (r == -ENOENT) {
		/* The same ENOENT comes back when the kernel lacks AF_ALG's skcipher
		 * interface (algif_skcipher): if /proc/crypto lists the name, it is that. */
		int p = proc_crypto_check(name, key_bytes);

		if (p != -EAFNOSUPPORT)
			return p;
	}
	return r;
}

int kernel_aead_check(const char *kernel_spec) {
	/* No key test: authenc's key is a packed structure, not the bytes dm-crypt takes. */
	if (!kernel_spec || strncmp(kernel_spec, "capi:", 5) != 0 || !kernel_spec[5])
		return -EINVAL;
	return af_alg_check("aead", kernel_spec + 5, 0);
}
