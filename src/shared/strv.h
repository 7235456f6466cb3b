/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "macro.h"

/* A NULL-terminated array of malloc()ed strings. */
#include <stddef.h>

void strv_free(char **l);
size_t strv_length(char *const *l);
/* Appends a copy of S; -ENOMEM leaves *L as it was. */
int strv_extend(char ***l, const char *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
