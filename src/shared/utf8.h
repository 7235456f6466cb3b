/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* The length (1-4) of the UTF-8 sequence at S, which has N bytes left, or 0 if none
 * starts there. Strict: no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t utf8_sequence_length(const char *s, size_t n);
