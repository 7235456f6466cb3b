/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "format-util.h"
#include "log.h"
#include "sys.h"
#include "verbs.h"

static void writeback_help(void) {
	printf("Usage: ephvol writeback NAME... [--idle | --huge | --huge-idle | --all]\n"
	       "\n"
	       "Move pages of zram volumes made with --writeback out of RAM, onto their\n"
	       "encrypted writeback device.\n"
	       "\n"
	       "  --idle       pages not used since the previous run (the default); then mark\n"
	       "               every page idle for the next run: run it from a timer. For a\n"
	       "               volume made with --writeback-idle-age: pages not used for\n"
	       "               that long, where the kernel tracks page access times\n"
	       "  --huge       pages that did not compress\n"
	       "  --huge-idle  pages that did not compress and are idle\n"
	       "  --all        every page not in use right now\n"
	       "  -h, --help   show this help\n");
}

enum mode { MODE_IDLE, MODE_HUGE, MODE_HUGE_IDLE, MODE_ALL };

/* --idle of a volume with an idle age: marks the pages unused for that long, if the
 * kernel tracks access times (CONFIG_ZRAM_TRACK_ENTRY_ACTIME, before Linux 6.9
 * CONFIG_ZRAM_MEMORY_TRACKING). 1 if it did, 0 if the kernel cannot (the caller falls
 * back to the idle cycle), or a negative errno. */
static int mark_idle_by_age(struct ephvol_volume *v, unsigned idx, const char *name) {
	uint64_t age;
	int r;

	if (ephvol_volume_get_writeback_idle_age(v, &age) < 0)
		return 0;
	r = zram_mark_idle(idx, age);
	if (r == -EINVAL) {
		log_info("Volume %s: this kernel does not track when zram pages were last used; "
		         "writing back the pages unused since the previous run instead.",
		         name);
		return 0;
	}
	return r < 0 ? r : 1;
}

static int writeback_one(struct ephvol_ctx *ctx, const char *name, enum mode mode) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_close_ int lock_fd = -EBADF;
	uint64_t stored, before, after;
	const char *dev, *wb;
	char moved[32], total[32];
	bool by_age = false;
	unsigned idx;
	int r;

	r = name_lock(name, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock volume name %s: %m", name);
	r = ephvol_volume_lookup(ctx, name, &v);
	if (r == -ENOENT)
		return log_fail(EXIT_RUNTIME, r, "No volume named %s.", name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", name);
	dev = ephvol_volume_get_device(v);
	wb = ephvol_volume_get_writeback(v);
	if (ephvol_volume_get_backend(v) != EPHVOL_BACKEND_ZRAM || !wb ||
	    sscanf(dev, "/dev/zram%u", &idx) != 1)
		return log_fail(EXIT_USAGE, -EINVAL,
		                "Volume %s has no encrypted writeback device (create it with "
		                "--zram --writeback PATH).",
		                name);

	r = zram_bd_stat(idx, &stored, &before);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the writeback state of %s: %m", dev);
	if (mode == MODE_IDLE) {
		r = mark_idle_by_age(v, idx, name);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Failed to mark the old pages of %s idle: %m", dev);
		by_age = r > 0;
	}
	if (mode == MODE_ALL) {
		r = zram_mark_idle(idx, 0);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to mark the pages of %s idle: %m",
			                dev);
	}
	r = zram_writeback(idx, mode == MODE_HUGE        ? "huge"
	                        : mode == MODE_HUGE_IDLE ? "huge_idle"
	                                                 : "idle");
	/* The kernel stops with EIO once writeback_limit is used up. */
	if (r == -EIO && zram_writeback_limit_reached(idx) > 0)
		log_warning("Volume %s: the writeback limit is reached.", name);
	else if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Writeback of %s (volume %s) failed: %m", dev,
		                name);
	/* The next run takes the pages nobody has touched until then. */
	if (mode == MODE_IDLE && !by_age) {
		r = zram_mark_idle(idx, 0);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Failed to mark the pages of %s idle: %m",
			                dev);
	}
	r = zram_bd_stat(idx, &stored, &after);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the writeback state of %s: %m", dev);
	if (!arg_quiet)
		printf("Volume %s: wrote back %s to %s; %s stored there.\n", name,
		       format_size(moved, sizeof(moved), after - before), wb,
		       format_size(total, sizeof(total), stored));
	return 0;
}

int verb_writeback(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option options[] = {
		GLOBAL_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "idle", no_argument, NULL, MODE_IDLE + 0x100 },
		{ "huge", no_argument, NULL, MODE_HUGE + 0x100 },
		{ "huge-idle", no_argument, NULL, MODE_HUGE_IDLE + 0x100 },
		{ "all", no_argument, NULL, MODE_ALL + 0x100 },
		{},
	};
	enum mode mode = MODE_IDLE;
	bool mode_set = false;
	int c, ret = 0;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "h", options, "writeback")) > 0)
		switch (c) {
		case 'h':
			writeback_help();
			return 0;
		case MODE_IDLE + 0x100:
		case MODE_HUGE + 0x100:
		case MODE_HUGE_IDLE + 0x100:
		case MODE_ALL + 0x100:
			if (mode_set)
				return log_usage("Give only one of --idle, --huge, --huge-idle "
				                 "and --all.");
			mode = (enum mode)(c - 0x100);
			mode_set = true;
			break;
		}
	if (c < 0)
		return c;
	if (optind >= argc)
		return log_usage("Missing volume NAME; see 'ephvol writeback --help'.");
	for (int i = optind; i < argc; i++)
		if (!ephvol_volume_is_valid_name(argv[i]))
			return log_usage("Invalid volume name '%s'.", argv[i]);
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Writeback needs root privileges.");
	for (int i = optind; i < argc; i++) {
		int k = writeback_one(ctx, argv[i], mode);
		ret = ret ?: k;
	}
	return ret;
}
