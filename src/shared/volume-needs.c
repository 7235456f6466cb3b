/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What an option needs of the volume (volume-options.h), and how create words it when
 * the volume does not have it. */
#include "volume-options.h"

#include <errno.h>
#include <stdio.h>

bool volume_need_met(enum volume_need need, const struct volume_shape *s) {
	switch (need) {
	case VOLUME_NEEDS_FILE:
		return s->file;
	case VOLUME_NEEDS_SWAP:
		return s->role == EPHVOL_ROLE_SWAP;
	case VOLUME_NEEDS_TMP:
		return s->role == EPHVOL_ROLE_TMP;
	case VOLUME_NEEDS_ZRAM:
		return s->backend == EPHVOL_BACKEND_ZRAM;
	case VOLUME_NEEDS_WRITEBACK:
		return s->writeback;
	case VOLUME_NEEDS_MAPPING:
		return s->backend != EPHVOL_BACKEND_ZRAM || s->writeback;
	case VOLUME_NEEDS_NOTHING:
	case _VOLUME_NEED_MAX:
		break;
	}
	return true;
}

const char *const volume_need_message[_VOLUME_NEED_MAX] = {
	[VOLUME_NEEDS_FILE] = "%s applies to --file only (use --zram SIZE for zram)",
	[VOLUME_NEEDS_SWAP] = "%s applies to --swap only",
	[VOLUME_NEEDS_TMP] = "%s applies to --mount only",
	[VOLUME_NEEDS_ZRAM] = "%s apply to --zram only",
	[VOLUME_NEEDS_WRITEBACK] = "%s need --writeback",
	[VOLUME_NEEDS_MAPPING] = "%s apply to --device, --file and --writeback only (zram keeps "
	                         "data in RAM)",
};

int volume_need_options(enum volume_need need, char *buf, size_t size) {
	size_t n = 0, total = 0, o = 0;

	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
		total += volume_options[k].option && volume_options[k].needs == need;
	if (size == 0)
		return -ENOBUFS;
	buf[0] = 0;
	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++) {
		const char *sep;
		int w;

		if (!volume_options[k].option || volume_options[k].needs != need)
			continue;
		sep = n == 0 ? "" : n + 1 == total ? " and " : ", ";
		w = snprintf(buf + o, size - o, "%s--%s", sep, volume_options[k].option);
		if (w < 0 || (size_t)w >= size - o)
			return -ENOBUFS;
		o += (size_t)w;
		n++;
	}
	return 0;
}
