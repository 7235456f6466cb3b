/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "intent.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "enum-names.h"
#include "macro.h"
#include "parse.h"
#include "zram-record.h"

void intent_path(const char *volume, char *buf, size_t size) {
	snprintf(buf, size, INTENT_DIR "/%s", volume);
}

int intent_format(const struct intent *i, char **ret) {
	const char *backend = backend_to_string(i->backend), *role = role_to_string(i->role);
	char zram[96] = "";

	if (!backend || !role)
		return -EINVAL;
	if (i->zram_expected) {
		if (i->backend != EPHVOL_BACKEND_ZRAM)
			return -EINVAL;
		snprintf(zram, sizeof(zram), "zram=%u\ndiskseq_floor=%" PRIu64 "\n", i->zram_index,
		         i->diskseq_floor);
	}
	return asprintf(ret, "backend=%s\nrole=%s\n%s", backend, role, zram) < 0 ? -ENOMEM : 0;
}

int intent_parse(const char *text, struct intent *ret) {
	char backend[8], role[8], idx[16], floor[24];
	struct intent i = {};
	uint64_t n;

	if (key_line_take(&text, "backend", backend, sizeof(backend)) < 0 ||
	    key_line_take(&text, "role", role, sizeof(role)) < 0)
		return -EBADMSG;
	if (streq(backend, "disk"))
		i.backend = EPHVOL_BACKEND_DISK;
	else if (streq(backend, "zram"))
		i.backend = EPHVOL_BACKEND_ZRAM;
	else
		return -EBADMSG;
	if (role_from_string(role, &i.role) < 0)
		return -EBADMSG;
	if (*text) {
		if (i.backend != EPHVOL_BACKEND_ZRAM ||
		    key_line_take(&text, "zram", idx, sizeof(idx)) < 0 || parse_u64(idx, &n) < 0 ||
		    n > UINT_MAX ||
		    key_line_take(&text, "diskseq_floor", floor, sizeof(floor)) < 0 ||
		    parse_u64(floor, &i.diskseq_floor) < 0 || *text)
			return -EBADMSG;
		i.zram_expected = true;
		i.zram_index = (unsigned)n;
	}
	*ret = i;
	return 0;
}
