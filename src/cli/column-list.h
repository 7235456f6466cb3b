/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/*
 * The -o COLS list of a table, as lsblk takes it: "name,SIZE" -> the index of each
 * item among the table's column names, in any case. One parser, so that status and
 * status --audit accept and refuse the same lists.
 * -EINVAL at an unknown or empty item (ret_bad, if given, then points at it; an
 * empty list names nothing and leaves ret_bad alone); -E2BIG for more than max
 * items. ret_n is written only on success. name(i) is the name of column
 * i < n_names.
 */
int column_list_parse(const char *list, const char *(*name)(unsigned i), unsigned n_names,
                      unsigned *ret, size_t max, size_t *ret_n, const char **ret_bad);
