/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-params.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "macro.h"

/* zram's backends that take a level: its range, whether it takes a dictionary, and the
 * levels `ephvol bench` measures besides the default. */
static const struct {
	const char *alg;
	int min, max;
	bool dict;
	unsigned bench[2];
	size_t n_bench;
} backends[] = {
	/* zstd_max_clevel(); negative levels (zstd's fast modes) are left out. Default 3. */
	{ "zstd", 1, 22, true, { 1, 8 }, 2 },
	/* LZ4HC_CLEVEL_MAX. Default 9. */
	{ "lz4hc", 1, 12, true, { 12 }, 1 },
	/* LZ4_ACCELERATION_MAX; the backend takes the level as acceleration */
	{ "lz4", 1, 65537, true, {}, 0 },
	/* zlib's Z_BEST_COMPRESSION; no dictionary in zram's deflate backend. Default 6. */
	{ "deflate", 1, 9, false, { 1, 9 }, 2 },
};

static int find(const char *alg) {
	if (!alg)
		return -1;
	for (size_t i = 0; i < ELEMENTSOF(backends); i++)
		if (streq(backends[i].alg, alg))
			return (int)i;
	return -1;
}

int zram_level_range(const char *alg, int *ret_min, int *ret_max) {
	int i = find(alg);

	if (i < 0)
		return -EOPNOTSUPP;
	*ret_min = backends[i].min;
	*ret_max = backends[i].max;
	return 0;
}

bool zram_alg_takes_dict(const char *alg) {
	int i = find(alg);

	return i >= 0 && backends[i].dict;
}

const unsigned *zram_bench_levels(const char *alg, size_t *ret_n) {
	int i = find(alg);

	*ret_n = i < 0 ? 0 : backends[i].n_bench;
	return *ret_n ? backends[i].bench : NULL;
}

int zram_algorithm_params_format(bool has_level, int level, const char *dict_path, char *buf,
                                 size_t size) {
	int n;

	if (!has_level && !dict_path)
		return -EINVAL;
	/* next_arg() in the kernel would take a space as the end of the value. */
	if (dict_path && (!*dict_path || strpbrk(dict_path, " \t\n\"")))
		return -EINVAL;
	if (has_level && dict_path)
		n = snprintf(buf, size, "level=%d dict=%s", level, dict_path);
	else if (has_level)
		n = snprintf(buf, size, "level=%d", level);
	else
		n = snprintf(buf, size, "dict=%s", dict_path);
	if (n < 0 || (size_t)n >= size)
		return -ENOBUFS;
	return 0;
}
