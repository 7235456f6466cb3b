/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backing-check.h"
#include "claim.h"
#include "log.h"
#include "sys.h"
#include "verbs.h"

static void claim_help(void) {
	printf("Usage: ephvol claim DEVICE --label LABEL [--force]\n"
	       "\n"
	       "Mark a partition as ephvol scratch space, once: a small plaintext header at its\n"
	       "start names it LABEL, so that --device LABEL=LABEL and /dev/disk/by-ephvol/LABEL\n"
	       "find it however the disks are named at boot. The encrypted area of volumes\n"
	       "made on it starts after the header. The device must pass the same checks as\n"
	       "create; --force overrides signatures, partitions and an existing other label.\n");
}

int verb_claim(struct ephvol_ctx *ctx _unused_, int argc, char **argv) {
	static const struct option options[] = {
		GLOBAL_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "label", required_argument, NULL, 'L' },
		{ "force", no_argument, NULL, 'f' },
		{},
	};
	_cleanup_free_ char *device = NULL;
	_cleanup_close_ int lock_fd = -EBADF;
	const char *label = NULL;
	bool force = false;
	struct claim old;
	int c, r;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "hL:f", options, "claim")) > 0)
		switch (c) {
		case 'h':
			claim_help();
			return 0;
		case 'L':
			label = optarg;
			break;
		case 'f':
			force = true;
			break;
		}
	if (c < 0)
		return c;
	if (optind + 1 != argc)
		return log_usage("Give exactly one DEVICE; see 'ephvol claim --help'.");
	if (!label)
		return log_usage("Missing --label LABEL; see 'ephvol claim --help'.");
	if (!claim_label_is_valid(label))
		return log_usage("Invalid label '%s': use 1-%d characters of A-Z a-z 0-9 _ . - not "
		                 "starting with '.' or '-'.",
		                 label, CLAIM_LABEL_MAX);
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Claiming a device needs root privileges.");

	r = device_resolve(argv[optind], &device);
	if (r == -EOPNOTSUPP) /* a tag is found by a probe of every device */
		return require_blkid();
	if (r == -ENOTBLK || r == -EINVAL)
		return log_fail(EXIT_USAGE, r, "Device %s is not a block device.", argv[optind]);
	if (r == -ENOTUNIQ)
		return log_fail(EXIT_REFUSED, r,
		                "Refusing to claim %s: more than one device matches it.",
		                argv[optind]);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Device %s: %m", argv[optind]);
	r = device_lock_whole_disk(device, &lock_fd);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot lock the disk holding %s: %m", device);
	r = claim_read(device, &old);
	if (r == 0 && streq(old.label, label)) {
		if (!arg_quiet)
			printf("%s is already claimed as %s.\n", device, label);
		return 0;
	}
	if (r == 0 && !force)
		return log_fail(
		        EXIT_REFUSED, 0,
		        "Refusing to claim %s: it is claimed as %s; use --force to relabel it.",
		        device, old.label);
	if (r < 0 && r != -ENODATA && r != -EBADMSG)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the start of %s: %m", device);
	/* Same rules as create: claiming overwrites the start of the device. */
	r = backing_check(device, NULL, force, "claim");
	if (r != 0)
		return r;

	/* Under the lock, so nobody changes the disk between our checks and our write. */
	r = claim_write(device, label);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to write the claim header to %s: %m",
		                device);
	lock_fd = safe_close(lock_fd); /* udev probes the new header only once it is free */

	/* The claim is made: what udev makes of it is the link, not the claim. */
	r = claim_announce(device, label);
	if (r == -ETIMEDOUT)
		log_warning("udev has not seen the claim of %s within 5 s; is the ephvol udev rule "
		            "installed and loaded? (/dev/disk/by-ephvol/%s needs it)",
		            device, label);
	else if (r == -EOPNOTSUPP && *dlopen_udev_error())
		log_warning("Cannot load %s (needed to wait for udev): %s; "
		            "/dev/disk/by-ephvol/%s may come later.",
		            LIBUDEV_SONAME, dlopen_udev_error(), label);
	else if (r < 0)
		log_warning_errno(r, "Cannot tell udev of the claim of %s: %m", device);
	if (arg_quiet)
		return 0;
	if (r < 0)
		printf("Claimed %s as %s.\n", device, label);
	else
		printf("Claimed %s as %s (/dev/disk/by-ephvol/%s).\n", device, label, label);
	return 0;
}

/* zram devices carry no name: the volume's record says which is whose. */
static int probe_zram(struct ephvol_ctx *ctx, const char *devnode) {
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;

	if (ephvol_volume_list(ctx, &list, NULL) < 0)
		return 1;
	for (struct ephvol_volume **v = list; *v; v++)
		if (ephvol_volume_get_backend(*v) == EPHVOL_BACKEND_ZRAM &&
		    streq_ptr(ephvol_volume_get_device(*v), devnode)) {
			printf("EPHVOL_NAME=%s\n", ephvol_volume_get_name(*v));
			return 0;
		}
	return 1;
}

/* For udev (IMPORT{program}): prints the claim, or the name of the zram volume, as
 * properties; exit 1 if none. */
int verb_probe(struct ephvol_ctx *ctx, int argc, char **argv) {
	struct claim c;
	char uuid[37];

	if (argc == 2 && (streq(argv[1], "-h") || streq(argv[1], "--help"))) {
		printf("Usage: ephvol probe DEVICE\n"
		       "\n"
		       "For udev rules: print a claimed device's EPHVOL_CLAIM_LABEL=, _UUID= and\n"
		       "_OFFSET=, or the EPHVOL_NAME= of a zram volume's device. Exit 1 if "
		       "neither.\n");
		return 0;
	}
	if (argc != 2)
		return log_usage("Usage: ephvol probe DEVICE");
	if (strncmp(argv[1], "/dev/zram", 9) == 0)
		return probe_zram(ctx, argv[1]);
	if (claim_read(argv[1], &c) < 0)
		return 1;
	claim_uuid_to_string(c.uuid, uuid);
	printf("EPHVOL_CLAIM_LABEL=%s\nEPHVOL_CLAIM_UUID=%s\nEPHVOL_CLAIM_OFFSET=%llu\n", c.label,
	       uuid, (unsigned long long)c.data_offset);
	return 0;
}
