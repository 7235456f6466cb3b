/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-zram.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "strv.h"
#include "zram-params.h"

int zram_algorithms_split(const char *text, char ***ret_list, char **ret_active) {
	char **list = NULL, *active = NULL;
	size_t n = 0;

	if (!text)
		return -EINVAL;
	for (const char *p = text; *p;) {
		size_t len;
		bool bracket = false;
		char **a;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		if (*p == '[') {
			bracket = true;
			p++;
		}
		len = strcspn(p, " \t\n]");
		if (len == 0) {
			p += strspn(p, "]");
			continue;
		}
		a = realloc(list, (n + 2) * sizeof(*a));
		if (!a)
			goto oom;
		list = a;
		list[n] = strndup(p, len);
		if (!list[n])
			goto oom;
		list[++n] = NULL;
		if (bracket && !active) {
			active = strdup(list[n - 1]);
			if (!active)
				goto oom;
		}
		p += len;
		p += strspn(p, "]");
	}
	if (n == 0) {
		free(active);
		return -EBADMSG;
	}
	if (ret_active)
		*ret_active = active;
	else
		free(active);
	*ret_list = list;
	return 0;
oom:
	if (list)
		list[n] = NULL;
	strv_free(list);
	free(active);
	return -ENOMEM;
}

double speed_mibs(uint64_t bytes, uint64_t ns) {
	if (ns == 0)
		return 0;
	return (double)bytes / (1024.0 * 1024.0) / ((double)ns / 1e9);
}

const char *zram_default_algorithm(char *const *list, const char *active) {
	for (char *const *p = list; p && *p; p++)
		if (streq(*p, "lz4"))
			return *p;
	return active;
}

int zram_candidates(char *const *algs, bool has_params, struct zram_candidate **ret,
                    size_t *ret_n) {
	struct zram_candidate *c;
	size_t n = 0, k;

	for (char *const *a = algs; a && *a; a++) {
		(void)zram_bench_levels(*a, &k);
		n += 1 + (has_params ? k : 0);
	}
	c = calloc(n ? n : 1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	n = 0;
	for (char *const *a = algs; a && *a; a++) {
		const unsigned *levels = zram_bench_levels(*a, &k);

		c[n++] = (struct zram_candidate){ .algorithm = *a };
		for (size_t l = 0; has_params && l < k; l++)
			c[n++] = (struct zram_candidate){ .algorithm = *a, .level = levels[l] };
	}
	*ret = c;
	*ret_n = n;
	return 0;
}

static bool usable(const struct zram_candidate *c) {
	return c->measured && c->orig_bytes > 0;
}

int zram_pick_compressor(const struct zram_candidate *c, size_t n, size_t *ret_index) {
	double cmax = 0, dmax = 0;
	size_t best = n, fallback = n;

	for (size_t i = 0; i < n; i++)
		if (usable(&c[i])) {
			cmax = c[i].compress_mibs > cmax ? c[i].compress_mibs : cmax;
			dmax = c[i].decompress_mibs > dmax ? c[i].decompress_mibs : dmax;
		}
	for (size_t i = 0; i < n; i++) {
		if (!usable(&c[i]) || c[i].compress_mibs * 4 < cmax)
			continue;
		/* Should none decompress fast enough: of those fast enough to compress (the
		 * fastest compressor among them), the fastest to decompress, since a
		 * swap-in waits for it. */
		if (fallback == n || c[i].decompress_mibs > c[fallback].decompress_mibs ||
		    (c[i].decompress_mibs == c[fallback].decompress_mibs &&
		     c[i].compr_bytes < c[fallback].compr_bytes))
			fallback = i;
		if (c[i].decompress_mibs * 2 < dmax)
			continue;
		/* The same sample for all: fewer bytes stored is a better ratio. */
		if (best == n || c[i].compr_bytes < c[best].compr_bytes ||
		    (c[i].compr_bytes == c[best].compr_bytes &&
		     c[i].decompress_mibs > c[best].decompress_mibs))
			best = i;
	}
	if (best == n)
		best = fallback;
	if (best == n)
		return -ENODATA;
	*ret_index = best;
	return 0;
}
