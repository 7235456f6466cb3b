/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dm-name.h"

#include <stdio.h>
#include <string.h>

#include "macro.h"
#include "parse.h"

void volume_dm_name(const char *volume, char *buf, size_t size) {
	snprintf(buf, size, DM_NAME_PREFIX "%s", volume);
}

void writeback_dm_name(const char *volume, char *buf, size_t size) {
	snprintf(buf, size, DM_NAME_PREFIX "%s" WRITEBACK_DM_SUFFIX, volume);
}

const char *volume_name_of_dm(const char *dmname) {
	if (strncmp(dmname, DM_NAME_PREFIX, STRLEN(DM_NAME_PREFIX)) != 0 ||
	    !volume_name_is_valid(dmname + STRLEN(DM_NAME_PREFIX)))
		return NULL;
	return dmname + STRLEN(DM_NAME_PREFIX);
}
