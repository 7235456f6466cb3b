/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-record.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "macro.h"
#include "parse.h"

int role_from_string(const char *s, enum ephvol_role *ret) {
	for (enum ephvol_role r = EPHVOL_ROLE_SWAP; r <= EPHVOL_ROLE_RAW; r++)
		if (streq(s, ephvol_role_to_string(r))) {
			*ret = r;
			return 0;
		}
	return -EINVAL;
}

/* Takes "KEY=VALUE\n" off the front of *p; the value is copied into buf. */
static int take_line(const char **p, const char *key, char *buf, size_t size) {
	size_t klen = strlen(key), vlen;
	const char *nl;

	if (strncmp(*p, key, klen) != 0 || (*p)[klen] != '=')
		return -EBADMSG;
	nl = strchr(*p + klen + 1, '\n');
	if (!nl)
		return -EBADMSG;
	vlen = (size_t)(nl - (*p + klen + 1));
	if (vlen == 0 || vlen >= size)
		return -EBADMSG;
	memcpy(buf, *p + klen + 1, vlen);
	buf[vlen] = 0;
	*p = nl + 1;
	return 0;
}

/* One exact format, as zram_record_format() writes it; anything else is not ours. */
int zram_record_parse(const char *text, struct zram_record *ret) {
	char device[32], role[8], disksize[32];
	struct zram_record rec;
	uint64_t idx;

	if (take_line(&text, "device", device, sizeof(device)) < 0 ||
	    take_line(&text, "role", role, sizeof(role)) < 0 ||
	    take_line(&text, "disksize", disksize, sizeof(disksize)) < 0 || *text)
		return -EBADMSG;
	if (strncmp(device, "zram", 4) != 0 || parse_u64(device + 4, &idx) < 0 || idx > UINT_MAX)
		return -EBADMSG;
	if (role_from_string(role, &rec.role) < 0 || parse_u64(disksize, &rec.disksize) < 0)
		return -EBADMSG;
	rec.index = (unsigned)idx;
	*ret = rec;
	return 0;
}

int zram_record_format(const struct zram_record *rec, char **ret) {
	char *s;

	if (asprintf(&s, "device=zram%u\nrole=%s\ndisksize=%" PRIu64 "\n", rec->index,
	             ephvol_role_to_string(rec->role), rec->disksize) < 0)
		return -ENOMEM;
	*ret = s;
	return 0;
}
