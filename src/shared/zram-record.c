/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zram-record.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dm-name.h"
#include "enum-names.h"
#include "macro.h"
#include "parse.h"
#include "sysfs-block.h"

int role_from_string(const char *s, enum ephvol_role *ret) {
	for (enum ephvol_role r = EPHVOL_ROLE_SWAP; r <= EPHVOL_ROLE_RAW; r++)
		if (streq(s, role_to_string(r))) {
			*ret = r;
			return 0;
		}
	return -EINVAL;
}

/* "ephvol-" NAME ":writeback": the record may only point at a mapping ephvol names,
 * so a damaged record cannot make status vouch for some other device. */
static bool writeback_dm_is_valid(const char *s) {
	char name[VOLUME_NAME_MAX + 1];
	size_t len = strlen(s), nlen;

	if (len < STRLEN(DM_NAME_PREFIX) + STRLEN(WRITEBACK_DM_SUFFIX) ||
	    strncmp(s, DM_NAME_PREFIX, STRLEN(DM_NAME_PREFIX)) != 0 ||
	    !streq(s + len - STRLEN(WRITEBACK_DM_SUFFIX), WRITEBACK_DM_SUFFIX))
		return false;
	nlen = len - STRLEN(DM_NAME_PREFIX) - STRLEN(WRITEBACK_DM_SUFFIX);
	if (nlen >= sizeof(name))
		return false;
	memcpy(name, s + STRLEN(DM_NAME_PREFIX), nlen);
	name[nlen] = 0;
	return volume_name_is_valid(name);
}

/* A number as zram_record_format() writes it: no leading zero, but in "0". */
static int parse_exact_u64(const char *s, uint64_t *ret) {
	if (s[0] == '0' && s[1])
		return -EINVAL;
	return parse_u64(s, ret);
}

/* One exact format, as zram_record_format() writes it; anything else is not ours. */
int zram_record_parse(const char *text, struct zram_record *ret) {
	char device[32], role[8], disksize[32], diskseq[32], age[32], hot_added[8];
	struct zram_record rec = { .hot_added = true };
	uint64_t idx;

	if (key_line_take(&text, "device", device, sizeof(device)) < 0 ||
	    key_line_take(&text, "role", role, sizeof(role)) < 0 ||
	    key_line_take(&text, "disksize", disksize, sizeof(disksize)) < 0)
		return -EBADMSG;
	if (key_line_has_key(text, "diskseq") &&
	    (key_line_take(&text, "diskseq", diskseq, sizeof(diskseq)) < 0 ||
	     parse_exact_u64(diskseq, &rec.diskseq) < 0 || rec.diskseq == 0))
		return -EBADMSG;
	if (key_line_has_key(text, "writeback") &&
	    (key_line_take(&text, "writeback", rec.writeback, sizeof(rec.writeback)) < 0 ||
	     !writeback_dm_is_valid(rec.writeback)))
		return -EBADMSG;
	if (key_line_has_key(text, "writeback_idle_age") &&
	    (!rec.writeback[0] ||
	     key_line_take(&text, "writeback_idle_age", age, sizeof(age)) < 0 ||
	     parse_exact_u64(age, &rec.writeback_idle_age) < 0 || rec.writeback_idle_age == 0))
		return -EBADMSG;
	if (key_line_has_key(text, "hot_added")) {
		/* Only the non-default is written, so "yes" is not a record's. */
		if (key_line_take(&text, "hot_added", hot_added, sizeof(hot_added)) < 0 ||
		    !streq(hot_added, "no"))
			return -EBADMSG;
		rec.hot_added = false;
	}
	if (*text)
		return -EBADMSG;
	if (strncmp(device, "zram", 4) != 0 || parse_exact_u64(device + 4, &idx) < 0 ||
	    idx > UINT_MAX)
		return -EBADMSG;
	if (role_from_string(role, &rec.role) < 0 || parse_exact_u64(disksize, &rec.disksize) < 0)
		return -EBADMSG;
	rec.index = (unsigned)idx;
	*ret = rec;
	return 0;
}

/* Refuses what zram_record_parse() would refuse, so a written record always reads back. */
int zram_record_format(const struct zram_record *rec, char **ret) {
	const char *role = role_to_string(rec->role);
	bool has_writeback = rec->writeback[0] != 0;
	char seq[48] = "", age[48] = "";
	char *s;

	if (!role)
		return -EINVAL;
	if (has_writeback && (!memchr(rec->writeback, 0, sizeof(rec->writeback)) ||
	                      !writeback_dm_is_valid(rec->writeback)))
		return -EINVAL;
	if (rec->writeback_idle_age && !has_writeback)
		return -EINVAL;
	if (rec->diskseq)
		snprintf(seq, sizeof(seq), "diskseq=%" PRIu64 "\n", rec->diskseq);
	if (rec->writeback_idle_age)
		snprintf(age, sizeof(age), "writeback_idle_age=%" PRIu64 "\n",
		         rec->writeback_idle_age);
	if (asprintf(&s, "device=zram%u\nrole=%s\ndisksize=%" PRIu64 "\n%s%s%s%s%s%s", rec->index,
	             role, rec->disksize, seq, has_writeback ? "writeback=" : "",
	             has_writeback ? rec->writeback : "", has_writeback ? "\n" : "", age,
	             rec->hot_added ? "" : "hot_added=no\n") < 0)
		return -ENOMEM;
	*ret = s;
	return 0;
}

int zram_record_matches(const char *root, const struct zram_record *rec, bool *ret_incomplete) {
	_cleanup_free_ char *initstate = NULL;
	uint64_t seq, disksize;
	char kname[32];
	bool configured;
	int r;

	snprintf(kname, sizeof(kname), "zram%u", rec->index);
	r = sysfs_block_read(root, kname, "initstate", &initstate);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0; /* no such device */
	configured = streq(initstate, "1") &&
	             sysfs_block_read_u64(root, kname, "disksize", &disksize) == 0 &&
	             disksize == rec->disksize;
	if (rec->diskseq == 0) {
		*ret_incomplete = false;
		return configured;
	}
	if (sysfs_block_read_u64(root, kname, "diskseq", &seq) < 0 || seq != rec->diskseq)
		return 0;
	*ret_incomplete = !configured;
	return 1;
}
