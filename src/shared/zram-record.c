/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-record.h"

#include <errno.h>
#include <inttypes.h>
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

int zram_record_parse(const char *text, struct zram_record *ret) {
	unsigned index;
	char role[8];
	uint64_t disksize;
	int consumed = 0;

	if (sscanf(text, "device=zram%u\nrole=%7[a-z]\ndisksize=%" SCNu64 "\n%n", &index, role,
	           &disksize, &consumed) != 3 ||
	    text[consumed] != 0 || consumed == 0)
		return -EBADMSG;
	if (role_from_string(role, &ret->role) < 0)
		return -EBADMSG;
	ret->index = index;
	ret->disksize = disksize;
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
