/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"
#include "verbs.h"
#include "zram-record.h"

static void destroy_help(void) {
	printf("Usage: ephvol destroy NAME... | --all  [--lazy]\n"
	       "\n"
	       "Deactivate ephemeral volumes: swapoff or unmount, then remove the dm-crypt\n"
	       "mapping (the kernel frees the only copy of the key) or reset the zram device.\n"
	       "\n"
	       "  --all      destroy every ephvol volume\n"
	       "  --lazy     detach a busy mount instead of failing (umount -l)\n"
	       "  -h, --help show this help\n");
}

/* Undo in the reverse order of create. Stops at the first failure, so a volume is
 * never left unmounted but still mapped with nobody knowing why. */
static int destroy_one(struct ephvol_ctx *ctx, struct ephvol_volume *v, bool lazy) {
	const char *name = ephvol_volume_get_name(v), *dev = ephvol_volume_get_device(v);
	int prio, r;

	if (ephvol_volume_get_swap_priority(v, &prio) == 0) {
		r = swap_off(dev);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to deactivate swap on %s (volume %s): %m", dev,
			                name);
	}

	/* A volume may be mounted more than once (bind mounts): unmount the top one
	 * and look again, until the kernel shows no mount of it. */
	for (unsigned i = 0; i < 64; i++) {
		_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *now = NULL;
		const char *mnt;

		r = ephvol_volume_lookup(ctx, name, &now);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m",
			                name);
		mnt = ephvol_volume_get_mountpoint(now);
		if (!mnt)
			break;
		r = fs_umount(mnt, lazy);
		if (r == -EBUSY)
			return log_fail(EXIT_RUNTIME, r,
			                "Cannot unmount %s (volume %s): it is busy; stop its users "
			                "or use --lazy.",
			                mnt, name);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to unmount %s (volume %s): %m",
			                mnt, name);
	}

	if (ephvol_volume_get_backend(v) == EPHVOL_BACKEND_DISK) {
		char dmname[64];

		snprintf(dmname, sizeof(dmname), "ephvol-%s", name);
		r = dmcrypt_deactivate(dmname);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to remove mapping %s: %m", dmname);
	} else {
		char record[128];
		unsigned idx;

		if (sscanf(dev, "/dev/zram%u", &idx) != 1)
			return log_fail(EXIT_RUNTIME, -EINVAL,
			                "Volume %s has unexpected device %s.", name, dev);
		r = zram_remove(idx);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to reset and remove %s (volume %s): %m", dev, name);
		snprintf(record, sizeof(record), ZRAM_RECORD_DIR "/%s", name);
		if (unlink(record) < 0 && errno != ENOENT)
			return log_fail(EXIT_RUNTIME, -errno, "Failed to remove %s: %m", record);
	}
	if (!arg_quiet)
		printf("Destroyed %s volume %s (%s).\n",
		       ephvol_role_to_string(ephvol_volume_get_role(v)), name, dev);
	return 0;
}

static int destroy_name(struct ephvol_ctx *ctx, const char *name, bool lazy) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_close_ int lock_fd = -EBADF;
	int r;

	r = name_lock(name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", name);
	r = ephvol_volume_lookup(ctx, name, &v);
	if (r == -ENOENT)
		return log_fail(EXIT_RUNTIME, r, "No volume named %s.", name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", name);
	return destroy_one(ctx, v, lazy);
}

int verb_destroy(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = { { "help", no_argument, NULL, 'h' },
		                                 { "all", no_argument, NULL, 'a' },
		                                 { "lazy", no_argument, NULL, 'l' },
		                                 {} };
	bool all = false, lazy = false;
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
			int k = destroy_name(ctx, ephvol_volume_get_name(*v), lazy);
			ret = ret ?: k;
		}
		return ret;
	}
	/* Go on after a failure: a shutdown wants as many keys wiped as possible. */
	for (int i = optind; i < argc; i++) {
		int k = destroy_name(ctx, argv[i], lazy);
		ret = ret ?: k;
	}
	return ret;
}
