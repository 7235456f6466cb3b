/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the audit says of a piece of storage, and how a layer's verdict wraps the one
 * below it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"

void verdict_done(struct verdict *v) {
	free(v->text);
	free(v->crypt_dm);
	*v = (struct verdict){};
}

void verdict_move(struct verdict *to, struct verdict *from) {
	verdict_done(to);
	*to = *from;
	*from = (struct verdict){};
}

int verdict_set(struct verdict *v, enum ephvol_protection p, const char *format, ...) {
	va_list ap;
	char *text;
	int r;

	va_start(ap, format);
	r = vasprintf(&text, format, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	free(v->text);
	v->text = text;
	v->protection = p;
	return 0;
}

int severity(enum ephvol_protection p) {
	switch (p) {
	case EPHVOL_PROTECTION_RAM_ONLY:
		return 0;
	case EPHVOL_PROTECTION_ENCRYPTED:
		return 1;
	case EPHVOL_PROTECTION_UNKNOWN:
		return 2;
	default:
		return 3;
	}
}

int verdict_wrap(struct verdict *v, struct verdict *c, const char *prefix) {
	int r = verdict_set(v, c->protection, "%s%s", c->final ? "" : prefix, c->text);

	if (r >= 0) {
		free(v->crypt_dm);
		v->crypt_dm = TAKE_PTR(c->crypt_dm);
		v->final = c->final;
	}
	verdict_done(c);
	return r;
}
