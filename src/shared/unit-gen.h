/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The systemd units of one configured volume, as ephvol-generator writes them. Pure: text
 * in, text out; the generator program does the file system work.
 *
 * Per volume NAME, as crypttab's swap/tmp volumes and zram-generator do it:
 *
 *   ephvol-setup@NAME.service  `ephvol up --no-activate NAME` / `ephvol down NAME`:
 *                              builds and formats the volume, wipes it at stop. Bound to
 *                              the backing .device, outside the default dependencies (it
 *                              runs before local-fs.target), stopped before umount.target.
 *                              Role swap: `ephvol up NAME`, Type=notify, pulled in by
 *                              swap.target and before it: it turns the swap on itself on
 *                              the kernel's node and says READY=1 then, without waiting
 *                              for udev's names.
 *   dev-ephvol-NAME.swap       role swap: swapon /dev/ephvol/NAME (udev's link, for zram
 *                              and dm-crypt alike). Pulled in by nothing; ordered after
 *                              the service, so that at shutdown it turns the swap off
 *                              first when systemd knows the swap under this name (see
 *                              gen_service()).
 *   <mount>.mount              role tmp: mounts /dev/ephvol/NAME, pulled in by
 *                              local-fs.target, after swap.target as tmp.mount is.
 *   role raw                   the service alone, pulled in by local-fs.target.
 *
 * A volume with nofail is wanted rather than required, and not ordered before its target,
 * as fstab's nofail.
 */

#include <stddef.h>

#include "conf.h"

struct unit_file {
	char *name;      /* "ephvol-setup@swap.service" */
	char *text;      /* the whole file */
	char *link_from; /* "swap.target.requires": the .d directory to link it from, or NULL */
};

/* The units of volume v (1 or 2, the service first). sbindir is where the ephvol command
 * is installed. The services of different volumes are not ordered against each other:
 * they start (and stop) in parallel, and ephvol serialises the few steps that must not
 * overlap itself (ZRAM_ADD_LOCK, DM_WIPE_LOCK in src/sys/sys.h). Returns 0; -EINVAL
 * (with *ret_error, as conf_volume_to_argv()) for a volume that `create` would refuse as
 * configured; -ENOMEM. */
int unit_gen_volume(const struct conf_volume *v, const char *sbindir, const unsigned *cpu_features,
                    struct unit_file **ret_units, size_t *ret_n, char **ret_error);

void unit_files_free(struct unit_file *units, size_t n);

/* systemd's unit name for a path (as `systemd-escape --path --suffix=SUFFIX`):
 * "/dev/disk/by-id/a-b" -> "dev-disk-by\x2did-a\x2db.device". -EINVAL for a relative path
 * or one with "." or ".." components. */
int unit_name_from_path(const char *path, const char *suffix, char **ret);

/* How a value goes into a unit file, as systemd reads it (systemd.unit(5) "Specifiers",
 * systemd.service(5) "Command lines"). -EINVAL for a control character, which no setting
 * can carry. */
enum unit_escape {
	UNIT_ESCAPE_SPECIFIERS, /* a whole-value setting (Where=, Options=): "%" -> "%%" */
	UNIT_ESCAPE_WORD,       /* one word of a list (RequiresMountsFor=, the command of
	                         * ExecStart=): also in double quotes, a backslash or a
	                         * quote inside escaped with a backslash, unless it is
	                         * all letters, digits and / . _ - + , : = @ */
	UNIT_ESCAPE_EXEC_WORD,  /* an argument in ExecStart=: as a word, and "$" -> "$$" */
};
int unit_escape(const char *s, enum unit_escape how, char **ret);

/* The device node that udev gives a backing device spec: a path stays itself,
 * PARTUUID=x is /dev/disk/by-partuuid/x (lower case, as udev writes it),
 * PARTLABEL=x /dev/disk/by-partlabel/x and LABEL=x (an ephvol claim)
 * /dev/disk/by-ephvol/x, with the bytes udev would not put in a link name
 * written as \xNN, as udev does. -EINVAL for anything else. */
int backing_spec_to_path(const char *spec, char **ret);
