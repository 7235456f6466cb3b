/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Parentheses and min()/max() calls nested deeper than this are refused, so that a hostile
 * expression cannot exhaust the stack. */
#define SIZE_EXPR_DEPTH_MAX 64

struct size_expr_error {
	size_t offset;    /* byte offset in the expression where it went wrong */
	char message[96]; /* e.g. "expected ')'", "unknown name 'rom'", "division by zero" */
};

/* Evaluates a size as used on the command line (--zram SIZE) and in config files (size = ...):
 * "512M", "4G", "25%" (of RAM), or an expression such as "min(ram / 2, 4096M)".
 *
 *   expr   := term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := number | number '%' | 'ram' | ('min' | 'max') '(' expr (',' expr)* ')'
 *           | '(' expr ')'
 *   number := digits ['.' digits] [suffix]      suffixes as parse_size(): K M G T P, KB, KiB, B
 *
 * Each number is truncated to whole bytes ("1.5K" is 1536, "0.5" is 0), "N%" is N percent of
 * ram_bytes (N may be fractional), '/' is integer division truncating toward zero. Intermediate
 * values may be negative but never beyond ±UINT64_MAX.
 *
 * Returns 0 and *ret_bytes (ret_bytes may be NULL to only check the expression), or -EINVAL
 * (syntax, unknown name, nesting), -ERANGE (overflow, negative or zero result), -EDOM (division
 * by zero); on failure *err (if not NULL) says where and why. A syntax error anywhere wins over
 * an arithmetic error, so the position reported for a malformed expression is always the
 * syntax error. */
int size_expr_eval(const char *expr, uint64_t ram_bytes, uint64_t *ret_bytes,
                   struct size_expr_error *err);

/* What can be said before the machine's RAM is known: 0, or the error of a syntax error
 * or of a value wrong for a small (1 GiB) and a large (1 TiB) machine alike ("0%",
 * "2G - 4G"), with *err as for size_expr_eval(). */
int size_expr_check(const char *expr, struct size_expr_error *err);
