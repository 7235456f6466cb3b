/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "aead.h"
#include "claim.h"
#include "fileio.h"
#include "holders.h"
#include "intent.h"
#include "log.h"
#include "step.h"
#include "sys.h"
#include "verbs.h"
#include "zram-record.h"

static void destroy_help(void) {
	printf("Usage: ephvol destroy NAME... | --all  [--lazy] [--discard]\n"
	       "\n"
	       "Crypto-erase ephemeral volumes: swapoff or unmount, suspend the dm-crypt\n"
	       "mapping and wipe its key in the kernel, remove it and release its loop\n"
	       "device; or reset and remove the zram device.\n"
	       "\n"
	       "  --all      destroy every ephvol volume\n"
	       "  --lazy     detach a busy mount instead of failing (umount -l)\n"
	       "  --discard  discard the backing device (or punch the backing file) afterwards\n"
	       "  -h, --help show this help\n");
}

/* What destroy did, for the one line it prints: "swap off, key wiped, ...". */
struct report {
	char text[512];
};

static _printf_(2, 3) void report_add(struct report *rep, const char *format, ...) {
	size_t n = strlen(rep->text);
	va_list ap;

	if (n && n + 2 < sizeof(rep->text)) {
		strcpy(rep->text + n, ", ");
		n += 2;
	}
	va_start(ap, format);
	vsnprintf(rep->text + n, sizeof(rep->text) - n, format, ap);
	va_end(ap);
}

/* Crypto-erase of one dm-crypt mapping (a disk volume, or zram's writeback):
 * suspend so dm-crypt wipes the key, remove, release the loop device, and
 * optionally discard what lay below.  With DEFERRED (a lazily detached mount
 * still in use) device-mapper removes it when the last user closes it. */
static int teardown_mapping(const char *name, const char *dmname, const char *backing,
                            bool deferred, bool discard, struct report *rep) {
	_cleanup_free_ char *loop = NULL;
	struct claim c;
	bool wiped, integrity;
	int r;

	r = require_devmapper();
	if (r != 0)
		return r;
	if (deferred) {
		/* Suspending now would hang whoever still uses the file system. */
		r = dmcrypt_deactivate_deferred(dmname);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to schedule the removal of %s: %m",
			                dmname);
		report_add(rep, "mapping %s removed and key freed when its last user closes it",
		           dmname);
		if (discard)
			return log_fail(EXIT_RUNTIME, -EBUSY,
			                "Volume %s: %s is still in use, so it was not discarded.",
			                name, backing ?: dmname);
		return 0;
	}

	/* A file-backed mapping: find its loop device before the mapping goes. */
	if (backing && loop_find_by_file(backing, &loop) < 0)
		loop = NULL;
	integrity = integrity_exists(dmname);
	r = dmcrypt_deactivate(dmname, &wiped);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to remove mapping %s: %m", dmname);
	report_add(rep, "%s %s", strstr(dmname, WRITEBACK_DM_SUFFIX) ? "writeback key" : "key",
	           wiped ? "wiped" : "freed with the mapping");
	report_add(rep, "mapping %s removed", dmname);
	if (integrity)
		report_add(rep, "mapping %s" INTEGRITY_DM_SUFFIX " removed", dmname);
	if (loop) {
		r = loop_wait_released(loop);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Volume %s: %s was not released: %m", name,
			                loop);
		report_add(rep, "%s released", loop);
	}
	if (discard && backing) {
		/* A claim header before the encrypted area stays. */
		r = backing_discard(backing, claim_read(backing, &c) == 0 ? c.data_offset : 0);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Volume %s destroyed, but discarding %s failed: %m", name,
			                backing);
		report_add(rep, "%s discarded", backing);
	}
	return 0;
}

/* Reset and remove the zram device, then crypto-erase its writeback mapping
 * (zram holds it open until the reset), then forget the record. */
static int teardown_zram(const char *name, const char *dev, const char *wb_backing, bool discard,
                         struct report *rep) {
	struct zram_record rec;
	unsigned idx;
	int r;

	if (sscanf(dev, "/dev/zram%u", &idx) != 1)
		return log_fail(EXIT_RUNTIME, -EINVAL, "Volume %s has unexpected device %s.", name,
		                dev);
	r = zram_record_load(name, &rec);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the record of volume %s: %m", name);
	r = zram_remove(idx, rec.hot_added);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to reset and remove %s (volume %s): %m",
		                dev, name);
	report_add(rep, rec.hot_added ? "zram%u reset and removed" : "zram%u reset", idx);
	/* A create killed early may not have made it yet. */
	if (rec.writeback[0] && dmcrypt_exists(rec.writeback)) {
		r = teardown_mapping(name, rec.writeback, wb_backing, false, discard, rep);
		if (r != 0)
			return r;
	}
	step("record-remove");
	r = zram_record_remove(name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to remove the zram record of %s: %m",
		                name);
	return 0;
}

/* A key wiped under a file system still mounted in another mount namespace (a
 * container, `unshare -m`) freezes its processes, then fails their I/O; an open
 * of the device node is someone reading or writing it. Our own mountinfo shows
 * neither, so ask /proc. Short-lived openers (udev's probe) get a second to go.
 * With --lazy, a disk volume is left to device-mapper's deferred removal: the key
 * goes when the last holder closes. Logs the one line of a failure. */
static int check_unheld(const char *name, const char *dev, bool lazy, bool is_disk,
                        bool *ret_defer) {
	struct stat st;
	int r;

	if (stat(dev, &st) < 0 || !S_ISBLK(st.st_mode))
		return 0; /* nothing the kernel still has */
	for (int attempt = 0;; attempt++) {
		_cleanup_free_ char *holders = NULL;

		r = device_holders(st.st_rdev, &holders);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot tell whether %s is in use: %m",
			                dev);
		if (!holders)
			return 0;
		if (attempt == 0) {
			(void)udev_settle(); /* its probe of the new device may still run */
			continue;
		}
		if (attempt < 10) {
			nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
			continue;
		}
		if (lazy && is_disk) {
			*ret_defer = true;
			return 0;
		}
		return log_fail(EXIT_RUNTIME, -EBUSY,
		                "Refusing to destroy volume %s: %s is in use by %s (an open device "
		                "or a mount in another mount namespace); stop them%s.",
		                name, dev, holders, is_disk ? " or use --lazy" : "");
	}
}

/* Undo in the reverse order of create. Stops at the first failure, so a volume is
 * never left unmounted but still mapped with nobody knowing why. */
static int destroy_one(struct ephvol_volume *v, bool lazy, bool discard, struct report *rep) {
	const char *name = ephvol_volume_get_name(v), *dev = ephvol_volume_get_device(v);
	bool still_busy = false; /* a lazily detached file system still in use */
	_cleanup_(mount_at_done) struct mount_at mat = { .dir_fd = -EBADF };
	struct stat dst;
	dev_t devnum;
	int prio, r;

	if (!dev)
		return 0; /* an incomplete volume with no device yet: destroy_leftovers() */
	/* A create killed before udev was done with its mapping: the names are coming. */
	if (access(dev, F_OK) < 0 && errno == ENOENT &&
	    ephvol_volume_get_state(v) == EPHVOL_STATE_INCOMPLETE && udev_settle() < 0)
		log_debug("udev did not settle; %s may not be there.", dev);
	/* Before swapoff and umount: a volume that cannot be crypto-erased is left whole. */
	if (ephvol_volume_get_backend(v) == EPHVOL_BACKEND_DISK ||
	    ephvol_volume_get_writeback_backing(v)) {
		r = require_devmapper();
		if (r != 0)
			return r;
	}
	/* A suspended mapping is never read, nor waited for: its key is already gone. */
	if (ephvol_volume_get_state(v) != EPHVOL_STATE_SUSPENDED) {
		timeline_mark("holders");
		r = check_unheld(name, dev, lazy,
		                 ephvol_volume_get_backend(v) == EPHVOL_BACKEND_DISK, &still_busy);
		if (r != 0)
			return r;
	}
	if (ephvol_volume_get_swap_priority(v, &prio) == 0) {
		step("swapoff");
		r = swap_off(dev);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to deactivate swap on %s (volume %s): %m", dev,
			                name);
		report_add(rep, "swap off");
	}

	if (stat(dev, &dst) < 0)
		return log_fail(EXIT_RUNTIME, -errno, "Volume %s: %s: %m", name, dev);
	devnum = dst.st_rdev;
	/* A volume may be mounted more than once (bind mounts): unmount the top one
	 * and look again, until the kernel shows no mount of it. */
	for (unsigned i = 0; i < 64; i++) {
		_cleanup_free_ char *mnt = NULL;

		/* Only where it is mounted: not the volume's whole state again (a
		 * libcryptsetup query, and a probe of the device once it is unmounted). */
		timeline_mark("mounts");
		r = mount_find_device(dev, devnum, &mnt);
		if (r == -ENODEV) {
			/* Another tool (e.g. blkdeactivate at shutdown) removed it meanwhile;
			 * the kernel freed the key with the mapping. */
			report_add(rep, "removed by someone else meanwhile");
			return 0;
		}
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot read the mounts of volume %s: %m",
			                name);
		if (!mnt)
			break;
		/* Unmount the mount mountinfo shows, known by its device, not the path:
		 * whatever is mounted there now may be someone else's. */
		mount_at_done(&mat);
		r = mount_open(mnt, devnum, &mat);
		if (r == -EXDEV)
			return log_fail(EXIT_RUNTIME, r,
			                "Cannot unmount %s (volume %s): another file system is "
			                "mounted over it; unmount that first.",
			                mnt, name);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Cannot open mount point %s (volume %s): %m", mnt, name);
		step("umount");
		r = fs_umount_at(&mat, false);
		if (r == -EBUSY && lazy) {
			r = fs_umount_at(&mat, true);
			if (r == 0) {
				report_add(rep, "%s detached while busy", mnt);
				still_busy = true;
				continue;
			}
		}
		if (r == -EBUSY) {
			_cleanup_free_ char *holders = NULL;

			(void)mount_holders("/", mnt, mat.fs_dev, &holders);
			return log_fail(EXIT_RUNTIME, r,
			                "Cannot unmount %s (volume %s): busy, %s%s; stop them or "
			                "use --lazy.",
			                mnt, name,
			                holders ? "held by "
			                        : "held by the kernel (a mount below it?)",
			                holders ?: "");
		}
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to unmount %s (volume %s): %m",
			                mnt, name);
		report_add(rep, "%s unmounted", mnt);
	}

	if (ephvol_volume_get_backend(v) == EPHVOL_BACKEND_DISK) {
		char dmname[DM_NAME_MAX];

		volume_dm_name(name, dmname, sizeof(dmname));
		return teardown_mapping(name, dmname, ephvol_volume_get_backing(v), still_busy,
		                        discard, rep);
	}
	return teardown_zram(name, dev, ephvol_volume_get_writeback_backing(v), discard, rep);
}

/* What a create or destroy killed midway may leave besides a volume the scan shows:
 * a writeback mapping whose zram device is gone, the zram device a create got from
 * hot_add but did not record yet, the /run files of a mapping that is gone, a stale
 * zram record, the intent record. Logs the one line of a failure; *ret_found says
 * whether there was any. */
static int destroy_leftovers(const char *name, struct report *rep, bool *ret_found) {
	static const struct {
		const char *dir, *what;
	} records[] = { { ZRAM_RECORD_DIR, "stale zram" }, { INTENT_DIR, "intent" } };
	_cleanup_free_ char *text = NULL;
	char wb[DM_NAME_MAX], dmname[DM_NAME_MAX];
	struct intent i;
	int r;

	*ret_found = false;
	writeback_dm_name(name, wb, sizeof(wb));
	if (dmcrypt_exists(wb)) {
		/* Its zram device went away behind our back: still a key to wipe. */
		r = teardown_mapping(name, wb, NULL, false, false, rep);
		if (r != 0)
			return r;
		*ret_found = true;
	}
	if (record_read(INTENT_DIR, name, &text) == 0 && intent_parse(text, &i) == 0 &&
	    i.zram_expected) {
		r = zram_remove_unrecorded(i.zram_index, i.diskseq_floor);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to remove zram%u (volume %s): %m",
			                i.zram_index, name);
		if (r > 0) {
			report_add(rep, "unrecorded zram%u removed", i.zram_index);
			*ret_found = true;
		}
	}
	volume_dm_name(name, dmname, sizeof(dmname));
	for (const char *d = dmname; d; d = d == dmname ? wb : NULL) {
		/* Its crypt mapping, and the key, went first. */
		r = dmcrypt_remove_orphan_integrity(d);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to remove the integrity mapping of %s: %m", d);
		if (r > 0) {
			report_add(rep, "mapping %s" INTEGRITY_DM_SUFFIX " removed", d);
			*ret_found = true;
		}
		r = dmcrypt_files_remove_orphan(d);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to remove the files of %s: %m", d);
		if (r > 0) {
			report_add(rep, "files of %s removed", d);
			*ret_found = true;
		}
	}
	/* The scan showed no volume, so a record left is stale: its device is gone. */
	for (size_t k = 0; k < ELEMENTSOF(records); k++) {
		_cleanup_free_ char *rec = NULL;

		if (record_read(records[k].dir, name, &rec) < 0)
			continue;
		step("record-remove");
		r = record_remove(records[k].dir, name);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to remove %s/%s: %m",
			                records[k].dir, name);
		report_add(rep, "%s record removed", records[k].what);
		*ret_found = true;
	}
	return 0;
}

int destroy_name(struct ephvol_ctx *ctx, const char *name, bool lazy, bool discard,
                 bool absent_ok) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_close_ int lock_fd = -EBADF;
	struct report rep = {};
	bool leftovers;
	int r;

	timeline_mark("lock");
	r = name_lock(name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", name);
	timeline_mark("lookup");
	r = ephvol_volume_lookup(ctx, name, &v);
	if (r < 0 && r != -ENOENT)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", name);
	if (v) {
		r = destroy_one(v, lazy, discard, &rep);
		if (r != 0)
			return r;
	}
	/* Also after a complete destroy: the volume's zram record is gone only now. */
	timeline_mark("leftovers");
	r = destroy_leftovers(name, &rep, &leftovers);
	if (r != 0)
		return r;
	if (!v && !leftovers) {
		if (absent_ok) {
			if (!arg_quiet)
				printf("Volume %s is already down.\n", name);
			return 0;
		}
		return log_fail(EXIT_RUNTIME, -ENOENT, "No volume named %s.", name);
	}
	if (arg_quiet)
		return 0;
	if (v && ephvol_volume_get_state(v) != EPHVOL_STATE_INCOMPLETE)
		printf("Destroyed %s volume %s: %s.\n",
		       ephvol_role_to_string(ephvol_volume_get_role(v)), name, rep.text);
	else
		printf("Destroyed what was left of volume %s: %s.\n", name,
		       rep.text[0] ? rep.text : "nothing was in the kernel yet");
	return 0;
}

int destroy_name_silently(struct ephvol_ctx *ctx, const char *name, bool absent_ok) {
	bool quiet = arg_quiet;
	int r;

	/* destroy_name() prints its line unless quiet; failures are logged all the same. */
	arg_quiet = true;
	r = destroy_name(ctx, name, false, false, absent_ok);
	arg_quiet = quiet;
	return r;
}

int verb_destroy(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = { GLOBAL_OPTIONS,
		                                 { "help", no_argument, NULL, 'h' },
		                                 { "all", no_argument, NULL, 'a' },
		                                 { "lazy", no_argument, NULL, 'l' },
		                                 { "discard", no_argument, NULL, 'd' },
		                                 {} };
	bool all = false, lazy = false, discard = false;
	int c, ret = 0;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "h", options, "destroy")) > 0)
		switch (c) {
		case 'h':
			destroy_help();
			return 0;
		case 'a':
			all = true;
			break;
		case 'l':
			lazy = true;
			break;
		case 'd':
			discard = true;
			break;
		}
	if (c < 0)
		return c;

	if (all == (optind < argc))
		return log_usage("Give volume NAMEs or --all, not both or neither; see 'ephvol "
		                 "destroy --help'.");
	for (int i = optind; i < argc; i++)
		if (!ephvol_volume_is_valid_name(argv[i]))
			return log_usage("Invalid volume name '%s'.", argv[i]);
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Destroying volumes needs root privileges.");

	if (all) {
		_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;
		int r = ephvol_volume_list(ctx, &list, NULL);

		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot list volumes: %m");
		for (struct ephvol_volume **v = list; *v; v++) {
			int k = destroy_name(ctx, ephvol_volume_get_name(*v), lazy, discard, false);
			ret = ret ?: k;
		}
		return ret;
	}
	/* Go on after a failure: a shutdown wants as many keys wiped as possible. */
	for (int i = optind; i < argc; i++) {
		int k = destroy_name(ctx, argv[i], lazy, discard, false);
		ret = ret ?: k;
	}
	return ret;
}
