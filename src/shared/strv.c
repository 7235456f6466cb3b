/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strv.h"

#include <stdlib.h>

void strv_free(char **l) {
	if (!l)
		return;
	for (char **p = l; *p; p++)
		free(*p);
	free(l);
}
