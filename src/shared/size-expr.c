/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "size-expr.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "macro.h"

/* Every value is kept within ±UINT64_MAX, so a sum or difference of two of them cannot leave
 * __int128, and a product is checked before it is formed. */
#define VALUE_MAX ((__int128)UINT64_MAX)

/* 10^19 is the largest power of ten below 2^64, which keeps the exact arithmetic in
 * parse_number() within 128 bits. */
#define FRACTION_DIGITS_MAX 19

/* How much of an unknown name or suffix is quoted back; the message buffer is small. */
#define QUOTE_MAX 32

struct parser {
	const char *start;
	const char *p; /* next unread byte */
	uint64_t ram;
	unsigned depth;
	struct size_expr_error syntax;
	/* The first arithmetic error. Parsing carries on after it with 0 as the value, and it is
	 * reported only if the whole expression parses: a typo further on is what the user has
	 * to fix first, and a value computed from garbage would point at the wrong place. */
	int arith_r;
	struct size_expr_error arith;
};

/* ASCII only: the program may run under any locale, and the syntax must not change with it. */
static bool is_space(char c) {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c) {
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c) {
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void skip_space(struct parser *p) {
	while (is_space(*p->p))
		p->p++;
}

static _printf_(3, 4) int syntax_error(struct parser *p, const char *at, const char *format, ...) {
	va_list ap;

	p->syntax.offset = (size_t)(at - p->start);
	va_start(ap, format);
	(void)vsnprintf(p->syntax.message, sizeof(p->syntax.message), format, ap);
	va_end(ap);
	return -EINVAL;
}

/* Returns the value to carry on with. */
static __int128 arith_error(struct parser *p, const char *at, int r, const char *message) {
	if (p->arith_r == 0) {
		p->arith_r = r;
		p->arith.offset = (size_t)(at - p->start);
		(void)snprintf(p->arith.message, sizeof(p->arith.message), "%s", message);
	}
	return 0;
}

static int enter(struct parser *p, const char *at) {
	if (p->depth >= SIZE_EXPR_DEPTH_MAX)
		return syntax_error(p, at, "too deeply nested (more than %d levels)",
		                    SIZE_EXPR_DEPTH_MAX);
	p->depth++;
	return 0;
}

/* The spellings parse_size() accepts: "", B, K, KB, KiB, ... P, PB, PiB, in any case. */
static int parse_suffix(const char *s, size_t n, unsigned *ret_shift) {
	static const char units[] = "kmgtp";
	const char *u;

	if (n == 0 || (n == 1 && to_lower(s[0]) == 'b')) {
		*ret_shift = 0;
		return 0;
	}
	u = memchr(units, to_lower(s[0]), STRLEN(units));
	if (!u)
		return -EINVAL;
	if (!(n == 1 || (n == 2 && to_lower(s[1]) == 'b') ||
	      (n == 3 && to_lower(s[1]) == 'i' && to_lower(s[2]) == 'b')))
		return -EINVAL;
	*ret_shift = 10 * (unsigned)(u - units + 1);
	return 0;
}

static int parse_number(struct parser *p, __int128 *ret) {
	unsigned __int128 ipart = 0, fpart = 0, scale = 1, num, den, a, v;
	const char *start = p->p, *word;
	bool too_big = false;
	unsigned shift;
	size_t n;

	for (; is_digit(*p->p); p->p++) {
		ipart = ipart * 10 + (unsigned)(*p->p - '0');
		/* Keep consuming digits, so that a syntax error further on still wins. */
		if (ipart > UINT64_MAX) {
			ipart = UINT64_MAX;
			too_big = true;
		}
	}

	if (*p->p == '.') {
		p->p++;
		if (!is_digit(*p->p))
			return syntax_error(p, p->p, "expected a digit after '.'");
		for (unsigned i = 0; is_digit(*p->p); p->p++, i++) {
			if (i >= FRACTION_DIGITS_MAX) {
				/* Trailing zeros change nothing; any other digit would be silently
				 * rounded away. */
				if (*p->p != '0')
					return syntax_error(p, p->p,
					                    "more than %d digits after '.'",
					                    FRACTION_DIGITS_MAX);
				continue;
			}
			fpart = fpart * 10 + (unsigned)(*p->p - '0');
			scale *= 10;
		}
	}

	word = p->p;
	while (is_alpha(*p->p))
		p->p++;
	n = (size_t)(p->p - word);
	if (parse_suffix(word, n, &shift) < 0)
		return syntax_error(p, word, "invalid size suffix '%.*s'",
		                    (int)(n < QUOTE_MAX ? n : QUOTE_MAX), word);

	if (*p->p == '%') {
		if (n > 0)
			return syntax_error(p, p->p, "a percentage takes no size suffix");
		p->p++;
		num = p->ram;
		den = 100;
	} else {
		num = (unsigned __int128)1 << shift;
		den = 1;
	}

	/* floor((ipart + fpart / scale) * num / den), exactly: ipart * num < 2^128, and with
	 * fpart < scale <= 10^19 < 2^64 and den <= 100 the remainder term stays below 2^128 too.
	 * Floating point would make "12.5%" of an odd RAM size depend on rounding. */
	a = ipart * num;
	v = a / den + ((a % den) * scale + fpart * num) / (den * scale);
	if (too_big || v > UINT64_MAX)
		*ret = arith_error(p, start, -ERANGE, "number out of range");
	else
		*ret = (__int128)v;
	return 0;
}

static int parse_expr(struct parser *p, __int128 *ret);

static int parse_call(struct parser *p, const char *name, __int128 *ret) {
	bool is_max = name[1] == 'a';
	__int128 v, w;
	int r;

	skip_space(p);
	if (*p->p != '(')
		return syntax_error(p, p->p, "expected '(' after '%.3s'", name);
	r = enter(p, p->p);
	if (r < 0)
		return r;
	p->p++;

	skip_space(p);
	if (*p->p == ')')
		return syntax_error(p, p->p, "'%.3s' needs at least one argument", name);
	r = parse_expr(p, &v);
	if (r < 0)
		return r;
	for (;;) {
		skip_space(p);
		if (*p->p == ')')
			break;
		if (*p->p != ',')
			return syntax_error(p, p->p, "expected ',' or ')'");
		p->p++;
		r = parse_expr(p, &w);
		if (r < 0)
			return r;
		if (is_max ? w > v : w < v)
			v = w;
	}
	p->p++;
	p->depth--;
	*ret = v;
	return 0;
}

static int parse_factor(struct parser *p, __int128 *ret) {
	const char *at;
	__int128 v;
	size_t n;
	int r;

	skip_space(p);
	at = p->p;

	if (is_digit(*at))
		return parse_number(p, ret);

	if (*at == '(') {
		r = enter(p, at);
		if (r < 0)
			return r;
		p->p++;
		r = parse_expr(p, &v);
		if (r < 0)
			return r;
		skip_space(p);
		if (*p->p != ')')
			return syntax_error(p, p->p, "expected ')'");
		p->p++;
		p->depth--;
		*ret = v;
		return 0;
	}

	if (is_alpha(*at) || *at == '_') {
		while (is_alpha(*p->p) || is_digit(*p->p) || *p->p == '_')
			p->p++;
		n = (size_t)(p->p - at);
		if (n == 3 && memcmp(at, "ram", 3) == 0) {
			*ret = p->ram;
			return 0;
		}
		if (n == 3 && (memcmp(at, "min", 3) == 0 || memcmp(at, "max", 3) == 0))
			return parse_call(p, at, ret);
		return syntax_error(p, at, "unknown name '%.*s'",
		                    (int)(n < QUOTE_MAX ? n : QUOTE_MAX), at);
	}

	if (*at == 0)
		return syntax_error(p, at, "unexpected end of expression");
	return syntax_error(p, at, "expected a number, 'ram', 'min', 'max' or '('");
}

static __int128 checked(struct parser *p, const char *op, __int128 v) {
	if (v > VALUE_MAX || v < -VALUE_MAX)
		return arith_error(p, op, -ERANGE, "result out of range");
	return v;
}

static __int128 multiply(struct parser *p, const char *op, __int128 a, __int128 b) {
	unsigned __int128 ma = a < 0 ? -a : a, mb = b < 0 ? -b : b;

	if (ma != 0 && mb > UINT64_MAX / ma)
		return arith_error(p, op, -ERANGE, "result out of range");
	return a * b;
}

static int parse_term(struct parser *p, __int128 *ret) {
	const char *op;
	__int128 v, w;
	int r;

	r = parse_factor(p, &v);
	if (r < 0)
		return r;
	for (;;) {
		skip_space(p);
		op = p->p;
		if (*op != '*' && *op != '/')
			break;
		p->p++;
		r = parse_factor(p, &w);
		if (r < 0)
			return r;
		if (*op == '*')
			v = multiply(p, op, v, w);
		else if (w == 0)
			v = arith_error(p, op, -EDOM, "division by zero");
		else
			v /= w;
	}
	*ret = v;
	return 0;
}

static int parse_expr(struct parser *p, __int128 *ret) {
	const char *op;
	__int128 v, w;
	int r;

	r = parse_term(p, &v);
	if (r < 0)
		return r;
	for (;;) {
		skip_space(p);
		op = p->p;
		if (*op != '+' && *op != '-')
			break;
		p->p++;
		r = parse_term(p, &w);
		if (r < 0)
			return r;
		v = checked(p, op, *op == '+' ? v + w : v - w);
	}
	*ret = v;
	return 0;
}

int size_expr_eval(const char *expr, uint64_t ram_bytes, uint64_t *ret_bytes,
                   struct size_expr_error *err) {
	struct parser p = { .start = expr, .p = expr, .ram = ram_bytes };
	__int128 v = 0;
	int r;

	if (!expr) {
		if (err)
			*err = (struct size_expr_error){ .offset = 0,
				                         .message = "empty expression" };
		return -EINVAL;
	}

	skip_space(&p);
	if (*p.p == 0)
		r = syntax_error(&p, expr, "empty expression");
	else {
		r = parse_expr(&p, &v);
		if (r >= 0 && *p.p != 0) {
			if (*p.p >= 0x20 && *p.p < 0x7f)
				r = syntax_error(&p, p.p, "unexpected '%c'", *p.p);
			else
				r = syntax_error(&p, p.p, "unexpected byte 0x%02x",
				                 (unsigned char)*p.p);
		}
	}
	if (r < 0) {
		if (err)
			*err = p.syntax;
		return r;
	}

	if (v <= 0)
		(void)arith_error(&p, expr, -ERANGE,
		                  v == 0 ? "result is zero" : "result is negative");
	if (p.arith_r < 0) {
		if (err)
			*err = p.arith;
		return p.arith_r;
	}

	if (ret_bytes)
		*ret_bytes = (uint64_t)v;
	return 0;
}

int size_expr_check(const char *expr, struct size_expr_error *err) {
	int r = size_expr_eval(expr, UINT64_C(1) << 30, NULL, err);

	if (r == -EINVAL || (r < 0 && size_expr_eval(expr, UINT64_C(1) << 40, NULL, NULL) < 0))
		return r;
	return 0;
}
