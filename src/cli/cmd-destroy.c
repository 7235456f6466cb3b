/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>

#include "claim.h"
#include "fileio.h"
#include "holders.h"
#include "log.h"
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
	bool wiped;
	int r;

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
	r = dmcrypt_deactivate(dmname, &wiped);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to remove mapping %s: %m", dmname);
	report_add(rep, "%s %s", strstr(dmname, WRITEBACK_DM_SUFFIX) ? "writeback key" : "key",
	           wiped ? "wiped" : "freed with the mapping");
	report_add(rep, "mapping %s removed", dmname);
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

static int read_record(const char *name, struct zram_record *ret) {
	_cleanup_free_ char *text = NULL;
	char path[PATH_MAX];
	int r;

	zram_record_path(name, path, sizeof(path));
	r = read_full_file(path, &text, NULL);
	if (r < 0)
		return r;
	return zram_record_parse(text, ret);
}

/* Reset and remove the zram device, then crypto-erase its writeback mapping
 * (zram holds it open until the reset), then forget the record. */
static int teardown_zram(const char *name, const char *dev, const char *wb_backing, bool discard,
                         struct report *rep) {
	struct zram_record rec;
	char record[PATH_MAX];
	unsigned idx;
	int r;

	if (sscanf(dev, "/dev/zram%u", &idx) != 1)
		return log_fail(EXIT_RUNTIME, -EINVAL, "Volume %s has unexpected device %s.", name,
		                dev);
	r = read_record(name, &rec);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the record of volume %s: %m", name);
	r = zram_remove(idx, rec.hot_added);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to reset and remove %s (volume %s): %m",
		                dev, name);
	report_add(rep, rec.hot_added ? "zram%u reset and removed" : "zram%u reset", idx);
	if (rec.writeback[0]) {
		r = teardown_mapping(name, rec.writeback, wb_backing, false, discard, rep);
		if (r != 0)
			return r;
	}
	zram_record_path(name, record, sizeof(record));
	if (unlink(record) < 0 && errno != ENOENT)
		return log_fail(EXIT_RUNTIME, -errno, "Failed to remove %s: %m", record);
	return 0;
}

/* Undo in the reverse order of create. Stops at the first failure, so a volume is
 * never left unmounted but still mapped with nobody knowing why. */
static int destroy_one(struct ephvol_ctx *ctx, struct ephvol_volume *v, bool lazy, bool discard) {
	const char *name = ephvol_volume_get_name(v), *dev = ephvol_volume_get_device(v);
	struct report rep = {};
	bool still_busy = false; /* a lazily detached file system still in use */
	int prio, r;

	if (ephvol_volume_get_swap_priority(v, &prio) == 0) {
		r = swap_off(dev);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to deactivate swap on %s (volume %s): %m", dev,
			                name);
		report_add(&rep, "swap off");
	}

	/* A volume may be mounted more than once (bind mounts): unmount the top one
	 * and look again, until the kernel shows no mount of it. */
	for (unsigned i = 0; i < 64; i++) {
		struct stat st;
		_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *now = NULL;
		const char *mnt;

		r = ephvol_volume_lookup(ctx, name, &now);
		if (r == -ENOENT) {
			/* Another tool (e.g. blkdeactivate at shutdown) removed it meanwhile;
			 * the kernel freed the key with the mapping. */
			if (!arg_quiet)
				printf("Volume %s was removed by someone else meanwhile.\n", name);
			return 0;
		}
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m",
			                name);
		mnt = ephvol_volume_get_mountpoint(now);
		if (!mnt)
			break;
		/* The device number of the mounted fs, to name who keeps it busy. */
		if (stat(mnt, &st) < 0)
			st.st_dev = 0;
		r = fs_umount(mnt, false);
		if (r == -EBUSY && lazy) {
			r = fs_umount(mnt, true);
			if (r == 0) {
				report_add(&rep, "%s detached while busy", mnt);
				still_busy = true;
				continue;
			}
		}
		if (r == -EBUSY) {
			_cleanup_free_ char *holders = NULL;

			(void)mount_holders("/", mnt, st.st_dev, &holders);
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
		report_add(&rep, "%s unmounted", mnt);
	}

	if (ephvol_volume_get_backend(v) == EPHVOL_BACKEND_DISK) {
		char dmname[64];

		snprintf(dmname, sizeof(dmname), "ephvol-%s", name);
		r = teardown_mapping(name, dmname, ephvol_volume_get_backing(v), still_busy,
		                     discard, &rep);
	} else
		r = teardown_zram(name, dev, ephvol_volume_get_writeback_backing(v), discard, &rep);
	if (r != 0)
		return r;
	if (!arg_quiet)
		printf("Destroyed %s volume %s: %s.\n",
		       ephvol_role_to_string(ephvol_volume_get_role(v)), name, rep.text);
	return 0;
}

int destroy_name(struct ephvol_ctx *ctx, const char *name, bool lazy, bool discard,
                 bool absent_ok) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_close_ int lock_fd = -EBADF;
	int r;

	r = name_lock(name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", name);
	r = ephvol_volume_lookup(ctx, name, &v);
	if (r == -ENOENT) {
		char dmname[64], path[PATH_MAX];
		struct report rep = {};

		/* A zram volume whose device went away behind our back (reset by hand)
		 * may leave its writeback mapping: still a key to wipe. */
		writeback_dm_name(name, dmname, sizeof(dmname));
		snprintf(path, sizeof(path), "/dev/mapper/%s", dmname);
		if (access(path, F_OK) < 0) {
			if (absent_ok) {
				if (!arg_quiet)
					printf("Volume %s is already down.\n", name);
				return 0;
			}
			return log_fail(EXIT_RUNTIME, r, "No volume named %s.", name);
		}
		r = teardown_mapping(name, dmname, NULL, false, false, &rep);
		if (r != 0)
			return r;
		zram_record_path(name, path, sizeof(path));
		(void)unlink(path);
		if (!arg_quiet)
			printf("Destroyed what was left of volume %s: %s.\n", name, rep.text);
		return 0;
	}
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", name);
	return destroy_one(ctx, v, lazy, discard);
}

int verb_destroy(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = { { "help", no_argument, NULL, 'h' },
		                                 { "all", no_argument, NULL, 'a' },
		                                 { "lazy", no_argument, NULL, 'l' },
		                                 { "discard", no_argument, NULL, 'd' },
		                                 {} };
	bool all = false, lazy = false, discard = false;
	int c, ret = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0)
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
		default:
			log_option_error(c, optopt, argv[optind - 1], "destroy");
			return EXIT_USAGE;
		}

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
