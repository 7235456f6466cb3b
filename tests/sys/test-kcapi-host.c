/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/sys/sys-kcapi.c, on this host's kernel (AF_ALG, /proc/crypto). */
#include "unit.h"

#include "sys-kcapi.h"

static int check_and_show(const char *cipher, const char *mode, unsigned bits) {
	int r = kernel_cipher_check(cipher, mode, bits);

	print_message("host kernel: %s-%s %u bits -> %d (%s)\n", cipher, mode, bits, r,
	              r == 0 ? "ok" : strerror(-r));
	return r;
}

static void test_kernel_check_host(void **state) {
	int r;

	(void)state;
	/* Answers depend on the kernel (AF_ALG, modules); each must be one of these. */
	r = check_and_show("aes", "xts-plain64", 512);
	assert_true(r == 0 || r == -ENOENT || r == -EAFNOSUPPORT);
	r = check_and_show("aes", "cbc-plain", 256);
	assert_true(r == 0 || r == -ENOENT || r == -EAFNOSUPPORT);
	r = check_and_show("xchacha12,aes", "adiantum-plain64", 256);
	assert_true(r == 0 || r == -ENOENT || r == -EAFNOSUPPORT);
	/* never "yes" for what cannot exist or cannot take that key */
	r = check_and_show("nosuch", "xts-plain64", 512);
	assert_true(r == -ENOENT || r == -EAFNOSUPPORT);
	r = check_and_show("aes", "cbc-plain", 512); /* AES takes 128 to 256 bits */
	assert_true(r == -EINVAL || r == -ENOENT || r == -EAFNOSUPPORT);
	r = check_and_show("xchacha12,aes", "adiantum-plain64", 512);
	assert_true(r == -EINVAL || r == -ENOENT || r == -EAFNOSUPPORT);

	/* refused before asking the kernel */
	assert_int_equal(kernel_cipher_check("aes", "xts-plain64", 0), -EINVAL);
	assert_int_equal(kernel_cipher_check("aes", "xts-plain64", 511), -EINVAL);
	assert_int_equal(kernel_cipher_check("aes", "xts", 512), -EINVAL);
	assert_int_equal(kernel_cipher_check("aes", "cbc-elephant", 1024), -EINVAL);
	assert_int_equal(kernel_cipher_check(NULL, "xts-plain64", 512), -EINVAL);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_check_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
