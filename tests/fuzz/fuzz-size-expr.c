/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/size-expr.c: size expressions as --zram SIZE and "size =" take them. */
#include "fuzz.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "size-expr.h"

/* Longer input only makes each run slower; the grammar is covered long before. */
#define INPUT_MAX 4096

static const uint64_t rams[] = { 0, 1, UINT64_C(1) << 30, UINT64_C(1) << 40, UINT64_MAX };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	_cleanup_free_ char *s = NULL;
	int syntax = 0;

	s = fuzz_string(data, size, INPUT_MAX);
	if (!s)
		return 0;

	for (size_t i = 0; i < ELEMENTSOF(rams); i++) {
		struct size_expr_error e = { .offset = SIZE_MAX, .message = "untouched" };
		uint64_t v = 0;
		int r, r2;

		r = size_expr_eval(s, rams[i], &v, &e);
		/* Neither out-parameter changes the answer. */
		r2 = size_expr_eval(s, rams[i], NULL, NULL);
		if (r != r2)
			abort();
		if (r == 0) {
			/* A zero or negative result is -ERANGE; errors are left untouched. */
			if (v == 0 || e.offset != SIZE_MAX || !streq(e.message, "untouched"))
				abort();
		} else {
			if (r != -EINVAL && r != -ERANGE && r != -EDOM)
				abort();
			if (e.offset > strlen(s) || !memchr(e.message, 0, sizeof(e.message)) ||
			    !e.message[0] || streq(e.message, "untouched"))
				abort();
		}
		/* Syntax does not depend on the amount of RAM. */
		if (i == 0)
			syntax = r == -EINVAL;
		else if (syntax != (r == -EINVAL))
			abort();
	}
	return 0;
}
