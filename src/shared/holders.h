/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Who keeps a filesystem busy: when umount(2) answers EBUSY, `destroy` names the
 * processes in its one error line instead of leaving the user to run fuser.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "macro.h"

/* How many holders the text names before it says ", and N more". */
#define HOLDERS_SHOWN 5

/* path is dir itself or lies below it: "/mnt/a/x" is below "/mnt/a", "/mnt/ab" is not.
 * Both absolute and canonical, as the kernel prints them; trailing slashes on dir do
 * not matter and "/" contains every absolute path. An empty dir contains nothing. */
bool path_is_below(const char *path, const char *dir) _pure_;

/*
 * Scans <root>/proc/[0-9]* for processes using the filesystem mounted on mountpoint
 * through their cwd, root, exe, open files or file mappings. ret_text is
 * "PID 99 (sleep), PID 1234 (bash)" in ascending PID order, at most HOLDERS_SHOWN
 * entries followed by ", and N more"; NULL when no process holds it (then the kernel
 * does, e.g. through a mount below mountpoint).
 *
 * root "/" or NULL is the live system: a process holds the filesystem when stat() of
 * its /proc links gives st_dev == fs_dev, which is exact for deleted files and bind
 * mounts; the calling process is left out. Any other root is a fixture tree whose
 * links are plain symlinks: their targets, and the path column of maps, are compared
 * with mountpoint instead, and fs_dev is not used.
 *
 * Processes that vanish or may not be inspected (ENOENT, EACCES) are skipped. Any
 * other error on one process does not stop the scan, but when it then finds nobody,
 * that error is returned rather than a NULL text that would blame the kernel.
 * Returns 0 or a negative errno; ret_text is written only on success.
 */
int mount_holders(const char *root, const char *mountpoint, dev_t fs_dev, char **ret_text);

/*
 * Processes that hold the block device devnum in ways this process's own mount
 * table does not show: an open file descriptor of the device node, or a mount of
 * it in another mount namespace (a container, `unshare -m`; the first process
 * seen in that namespace is named). Live system only. ret_text as above; NULL
 * when nobody does. destroy refuses to wipe a key while the device is held.
 */
int device_holders(dev_t devnum, char **ret_text);
