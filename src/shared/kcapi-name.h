/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * dm-crypt cipher specs as the kernel's crypto API sees them. Pure: no I/O, so that
 * what dm-crypt would ask the kernel for can be unit-tested and checked beforehand.
 */

#include <stddef.h>

/* CRYPTO_MAX_ALG_NAME, NUL included: dm-crypt refuses longer names. */
#define KCAPI_NAME_MAX 128

/* Splits "aes-xts-plain64" into "aes" and "xts-plain64"; "auto" gives aes-xts-plain64
 * (create_options_parse() resolves `--cipher auto` by the CPU instead). Here, not with
 * the option parser, so that the fuzz targets reach it. */
int cipher_spec_split(const char *spec, char *cipher, size_t cipher_size, char *mode,
                      size_t mode_size);

/* The skcipher name dm-crypt (Linux 5.4 to at least 6.1) allocates for the table
 * cipher "CIPHER-MODE" (MODE NULL or "": just CIPHER), e.g. "aes" + "xts-plain64" ->
 * "xts(aes)", "aes" + "cbc-essiv:sha256" -> "essiv(cbc(aes),sha256)",
 * "capi:xts(aes)" + "plain64" -> "xts(aes)". -EINVAL if dm-crypt would refuse the
 * spec, -ENOBUFS if buf (size bytes) is too short. */
int dm_cipher_to_kcapi(const char *cipher, const char *mode, char *buf, size_t size);

/* The key length dm-crypt hands to each skcipher instance for a KEY_BYTES volume
 * key: a key count ("aes:64") divides it and the lmk and elephant IVs take their own
 * part first. -EOPNOTSUPP for the tcw IV, whose part depends on the cipher's IV size;
 * -EINVAL for a spec or key length dm-crypt refuses. */
int dm_cipher_tfm_key_bytes(const char *cipher, const char *mode, unsigned key_bytes,
                            unsigned *ret);

/* Looks up NAME (cra_name or driver name) in /proc/crypto text among the entries that
 * dm-crypt could allocate as an skcipher: type skcipher (or lskcipher, Linux 6.7+),
 * not internal, self-test passed. 0 if one takes a KEY_BYTES key (0: any length),
 * -EINVAL if such entries exist but none takes that length, -ENOENT if there is none.
 * /proc/crypto lists only instantiated algorithms: a template such as xts(serpent)
 * appears after its first use, so -ENOENT does not prove the kernel cannot build it. */
int proc_crypto_has_skcipher(const char *text, const char *name, unsigned key_bytes);

/* The driver the kernel gives an skcipher user for NAME (cra_name or driver name), as
 * crypto_alg_lookup() picks it among the entries proc_crypto_has_skcipher() accepts: a
 * driver of that exact name, else the highest priority, else the first listed. E.g.
 * "xts(aes)" -> "xts-aes-aesni" where AES-NI is loaded, "xts(ecb(aes-generic))" without.
 * -ENOENT if /proc/crypto lists none (templates appear once used), -ENOBUFS if buf
 * (size bytes) is too short; nothing is written then. */
int proc_crypto_skcipher_driver(const char *text, const char *name, char *buf, size_t size);

/* `--cipher auto`: AES-XTS (512-bit key) where the CPU has AES instructions, else
 * Adiantum (256-bit key), which is fast without them. cpu_features is a CPU_FEATURE_*
 * mask. -ENOBUFS if a buffer is too short; nothing is written then. */
int cipher_pick_auto(unsigned cpu_features, char *cipher, size_t cipher_size, char *mode,
                     size_t mode_size, unsigned *ret_key_bits);

/* The default key size for dm-crypt mode MODE ("xts-plain64"): 512 bits for XTS (two
 * AES-256 keys), 256 for everything else (Adiantum has no other). */
unsigned cipher_default_key_bits(const char *mode);
