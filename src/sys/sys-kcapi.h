/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Asks the running kernel, before anything is created, whether dm-crypt will be able
 * to use a cipher: the same skcipher name and key length, in /proc/crypto where it is
 * listed already, else through AF_ALG. Shared by
 * the command (create) and the library (benchmark); it never logs.
 */

#include <stdbool.h>

/* Whether this process can open an AF_ALG socket (for `ephvol --version`). */
bool kernel_has_af_alg(void);

/* The kernel's answer for dm-crypt's CIPHER-MODE with a KEY_BITS volume key:
 *   0              the kernel offers it and takes that key length;
 *   -ENOENT        the kernel has no such skcipher (crypto-* modules are autoloaded
 *                  while looking, so a cipher that is only a module is found);
 *   -EINVAL        that key length is refused, or dm-crypt cannot parse the spec
 *                  (dm_cipher_to_kcapi() tells the two apart);
 *   -EAFNOSUPPORT  cannot tell: AF_ALG is unavailable and /proc/crypto does not list
 *                  the name (templates such as xts(aes) are listed only once used) -
 *                  go ahead and let dm-crypt decide;
 *   another negative errno from the kernel (e.g. -ELIBBAD: the self-test failed).
 * Without AF_ALG, an algorithm that /proc/crypto lists answers 0 or -EINVAL. */
int kernel_cipher_check(const char *cipher, const char *mode, unsigned key_bits);

/* The kernel's answer for an AEAD cipher, by its dm-crypt spec without the IV mode
 * ("capi:gcm(aes)"), through AF_ALG (whose bind loads the cipher's module): 0 offered;
 * -ENOENT not offered, or no AF_ALG aead interface (algif_aead); -EAFNOSUPPORT cannot
 * tell (no AF_ALG); -EINVAL a spec without "capi:". */
int kernel_aead_check(const char *kernel_spec);
