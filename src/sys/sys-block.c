/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Identities of block devices that names cannot forge or repeat. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dir-util.h"
#include "fileio.h"
#include "parse.h"
#include "sys.h"

int block_get_diskseq(const char *kname, uint64_t *ret) {
	_cleanup_free_ char *s = NULL;
	char path[300];
	int r;

	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", kname);
	r = read_one_line_file(path, &s);
	if (r < 0)
		return r;
	return parse_u64(s, ret) < 0 ? -EBADMSG : 0;
}

int block_diskseq_max(uint64_t *ret) {
	_cleanup_(closedirp) DIR *d = opendir("/sys/block");
	struct dirent *de;
	uint64_t max = 0, seq;

	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && block_get_diskseq(de->d_name, &seq) == 0 && seq > max)
			max = seq;
	*ret = max;
	return 0;
}
