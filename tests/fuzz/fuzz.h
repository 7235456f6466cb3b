/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Each tests/fuzz/fuzz-NAME.c defines the libFuzzer entry point. Built with clang
 * -fsanitize=fuzzer it is driven by libFuzzer; linked with fuzz-main.c it runs once on
 * each corpus file, so that `make check-fuzz` needs no clang. See README.md.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Returns 0; a bug is reported by crashing (abort(), a sanitizer, valgrind). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as the C string a parser reads from a file or argv, where an embedded NUL
 * ends it early: a malloc()ed copy of exactly size + 1 bytes, so that a read past it is
 * seen. NULL above max bytes (longer input only makes each run slower) or without
 * memory; the target returns at once then. */
static inline char *fuzz_string(const uint8_t *data, size_t size, size_t max) {
	char *s;

	if (size > max)
		return NULL;
	s = malloc(size + 1);
	if (!s)
		return NULL;
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}
