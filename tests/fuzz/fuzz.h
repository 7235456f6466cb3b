/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Each tests/fuzz/fuzz-NAME.c defines the libFuzzer entry point. Built with clang
 * -fsanitize=fuzzer it is driven by libFuzzer; linked with fuzz-main.c it runs once on
 * each corpus file, so that `make check-fuzz` needs no clang. See README.md.
 */

#include <stddef.h>
#include <stdint.h>

/* Returns 0; a bug is reported by crashing (abort(), a sanitizer, valgrind). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
