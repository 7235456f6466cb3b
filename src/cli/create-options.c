/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "create-options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-features.h"
#include "kcapi-name.h"
#include "log.h"
#include "parse.h"
#include "size-expr.h"
#include "zram-limit.h"

#define MIB           (UINT64_C(1) << 20)
#define PAGE          (UINT64_C(4096))
#define ZRAM_MIN_SIZE MIB

enum {
	ARG_SWAP = 0x100,
	ARG_MOUNT,
	ARG_RAW,
	ARG_ZRAM,
	ARG_DEVICE,
	ARG_CIPHER,
	ARG_KEY_SIZE,
	ARG_SECTOR_SIZE,
	ARG_PRIORITY,
	ARG_FS,
	ARG_MODE,
	ARG_OWNER,
	ARG_MOUNT_OPTIONS,
	ARG_COMP_ALGORITHM,
	ARG_JSON,
	ARG_FILE,
	ARG_SIZE,
	ARG_WORKQUEUES,
	ARG_FORCE,
	ARG_WRITEBACK,
	ARG_WRITEBACK_LIMIT,
	ARG_MEM_LIMIT,
	ARG_RECOMP_ALGORITHM,
	ARG_NO_ACTIVATE,
};

void create_help(void) {
	printf("Usage: ephvol create NAME (--swap | --mount DIR | --raw) [BACKEND] [OPTIONS]\n"
	       "\n"
	       "Create an ephemeral encrypted scratch volume.\n"
	       "\n"
	       "Roles:\n"
	       "  --swap                 format as swap and activate it\n"
	       "  --mount DIR            format (ext4) and mount on DIR, mode 1777, nosuid,nodev\n"
	       "  --raw                  just the block device\n"
	       "Backends (default: --zram with min(RAM/2, 4G)):\n"
	       "  --zram [SIZE]          compressed RAM; SIZE like 512M, 4G, 25%% of RAM or\n"
	       "                         an expression such as 'min(ram / 2, 4096M)'\n"
	       "  --device PATH          dm-crypt on a block device (also PARTUUID=, PARTLABEL=)\n"
	       "  --file PATH --size SIZE  dm-crypt on a file (created sparse if missing)\n"
	       "Options:\n"
	       "  --cipher SPEC          dm-crypt cipher (default auto: aes-xts-plain64 where\n"
	       "                         the CPU has AES instructions, else\n"
	       "                         xchacha12,aes-adiantum-plain64)\n"
	       "  --key-size BITS        default 512 for XTS, 256 otherwise\n"
	       "  --sector-size BYTES    default 4096 where the device allows\n"
	       "  --workqueues           keep dm-crypt's read/write workqueues (default: bypass)\n"
	       "  --priority N           swap priority 0-32767 (default 100 on zram)\n"
	       "  --fs TYPE              ext4 (default), ext2, xfs, btrfs\n"
	       "  --mode OCTAL           mode of the mounted root (default 1777)\n"
	       "  --owner UID:GID        owner of the mounted root (default 0:0)\n"
	       "  --mount-options OPTS   extra mount options\n"
	       "  --comp-algorithm ALG   zram compressor (default lz4 where available)\n"
	       "  --recomp-algorithm ALG zram secondary compressor (Linux 6.2+)\n"
	       "  --mem-limit SIZE       RAM the zram device may use at most\n"
	       "  --writeback PATH       zram writeback to a device or file, through an\n"
	       "                         ephemeral dm-crypt mapping (see ephvol writeback)\n"
	       "  --writeback-limit SIZE bytes zram may write back in all\n"
	       "  --force                overwrite a device that holds signatures, partitions or\n"
	       "                         the hibernation image (never one in use)\n"
	       "  --no-activate          format, but leave swapon/mount to the caller (the\n"
	       "                         systemd units of ephvol-generator)\n"
	       "  --json                 print the created volume as JSON\n"
	       "  -h, --help             show this help\n");
}

static int cpu_features_live(unsigned *ret) {
	return cpu_features_get("/", ret);
}

int (*create_options_cpu_features)(unsigned *ret) = cpu_features_live;

int zram_size_resolve(const struct create_options *o, uint64_t ram_bytes, uint64_t *ret,
                      struct size_expr_error *err) {
	uint64_t size;
	int r;

	r = size_expr_eval(o->zram_size ?: ZRAM_DEFAULT_SIZE, ram_bytes, &size, err);
	if (r < 0)
		return r;
	if (size > UINT64_MAX - PAGE)
		return -ERANGE;
	size = (size + PAGE - 1) / PAGE * PAGE;
	if (size < ZRAM_MIN_SIZE)
		return -ERANGE;
	*ret = size;
	return 0;
}

/* A crypto API name as zram lists them: "lz4", "lzo-rle", "842". */
static bool algorithm_name_is_valid(const char *s) {
	if (!*s || strlen(s) > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_", *p))
			return false;
	return true;
}

static int parse_owner(const char *s, uid_t *ret_uid, gid_t *ret_gid) {
	_cleanup_free_ char *copy = strdup(s);
	unsigned u, g;
	char *colon;

	if (!copy)
		return -ENOMEM;
	colon = strchr(copy, ':');
	if (!colon)
		return -EINVAL;
	*colon = 0;
	if (parse_uint(copy, 10, &u) < 0 || parse_uint(colon + 1, 10, &g) < 0 ||
	    u == (unsigned)-1 || g == (unsigned)-1)
		return -EINVAL;
	*ret_uid = u;
	*ret_gid = g;
	return 0;
}

/* "--zram 64M" -> "--zram=64M": the size is optional, which getopt only knows
 * in the "=" spelling. The word after --zram is its SIZE if it starts with a
 * digit or holds a character no NAME can ("min(ram / 2, 4G)", "ram/4"), so
 * that "--zram 12X" is reported as a bad size, not as a second NAME. */
static bool looks_like_size(const char *s) {
	return isdigit((unsigned char)s[0]) || strpbrk(s, "()%*/+ ,");
}

static void strv_free_n(char **v) {
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static char **merge_optional_size(int argc, char **argv, int *ret_argc) {
	char **out = calloc((size_t)argc + 1, sizeof(char *));
	bool options_end = false;
	int n = 0;

	if (!out)
		return NULL;
	for (int i = 0; i < argc; i++, n++) {
		options_end = options_end || streq(argv[i], "--");
		if (!options_end && streq(argv[i], "--zram") && i + 1 < argc &&
		    looks_like_size(argv[i + 1])) {
			if (asprintf(&out[n], "--zram=%s", argv[++i]) < 0)
				out[n] = NULL;
		} else
			out[n] = strdup(argv[i]);
		if (!out[n]) {
			strv_free_n(out);
			return NULL;
		}
	}
	*ret_argc = n;
	return out;
}

static void strv_free_np(char ***v) {
	strv_free_n(*v);
}

int create_options_parse(int argc, char **argv, struct create_options *ret) {
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "swap", no_argument, NULL, ARG_SWAP },
		{ "mount", required_argument, NULL, ARG_MOUNT },
		{ "raw", no_argument, NULL, ARG_RAW },
		{ "zram", optional_argument, NULL, ARG_ZRAM },
		{ "device", required_argument, NULL, ARG_DEVICE },
		{ "cipher", required_argument, NULL, ARG_CIPHER },
		{ "key-size", required_argument, NULL, ARG_KEY_SIZE },
		{ "sector-size", required_argument, NULL, ARG_SECTOR_SIZE },
		{ "priority", required_argument, NULL, ARG_PRIORITY },
		{ "fs", required_argument, NULL, ARG_FS },
		{ "mode", required_argument, NULL, ARG_MODE },
		{ "owner", required_argument, NULL, ARG_OWNER },
		{ "mount-options", required_argument, NULL, ARG_MOUNT_OPTIONS },
		{ "comp-algorithm", required_argument, NULL, ARG_COMP_ALGORITHM },
		{ "json", no_argument, NULL, ARG_JSON },
		{ "file", required_argument, NULL, ARG_FILE },
		{ "size", required_argument, NULL, ARG_SIZE },
		{ "workqueues", no_argument, NULL, ARG_WORKQUEUES },
		{ "force", no_argument, NULL, ARG_FORCE },
		{ "writeback", required_argument, NULL, ARG_WRITEBACK },
		{ "writeback-limit", required_argument, NULL, ARG_WRITEBACK_LIMIT },
		{ "mem-limit", required_argument, NULL, ARG_MEM_LIMIT },
		{ "recomp-algorithm", required_argument, NULL, ARG_RECOMP_ALGORITHM },
		{ "no-activate", no_argument, NULL, ARG_NO_ACTIVATE },
		{}
	};
	/* Strings in *ret point into args, which *ret then owns. */
	_cleanup_(strv_free_np) char **args = NULL;
	struct create_options o = {
		.role = (enum ephvol_role) - 1,
		.backend = EPHVOL_BACKEND_ZRAM,
		.priority = -1,
		.fstype = "ext4",
		.mode = 01777,
	};
	const char *cipher_spec = "auto", *zram_size = NULL, *reason;
	bool zram = false, priority_set = false;
	unsigned u;
	int nargs, c, r;

	args = merge_optional_size(argc, argv, &nargs);
	if (!args)
		return log_error_errno(-ENOMEM, "Out of memory.");

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(nargs, args, ":h", options, NULL)) >= 0) {
		const char *arg = optarg;

		switch (c) {
		case 'h':
			create_help();
			return 1;
		case ARG_SWAP:
		case ARG_MOUNT:
		case ARG_RAW:
			if (o.role != (enum ephvol_role) - 1)
				return log_error_errno(
				        -EINVAL,
				        "Only one of --swap, --mount and --raw may be given.");
			o.role = c == ARG_SWAP    ? EPHVOL_ROLE_SWAP
			         : c == ARG_MOUNT ? EPHVOL_ROLE_TMP
			                          : EPHVOL_ROLE_RAW;
			if (c == ARG_MOUNT) {
				if (arg[0] != '/')
					return log_error_errno(
					        -EINVAL,
					        "Mount point '%s' is not an absolute path.", arg);
				o.mountpoint = arg;
			}
			break;
		case ARG_ZRAM:
			zram = true;
			zram_size = arg;
			o.backend = EPHVOL_BACKEND_ZRAM;
			break;
		case ARG_DEVICE:
			if (!*arg)
				return log_error_errno(-EINVAL, "--device needs a device path.");
			o.device = arg;
			o.backend = EPHVOL_BACKEND_DISK;
			break;
		case ARG_CIPHER:
			cipher_spec = arg;
			break;
		case ARG_KEY_SIZE:
			if (parse_uint(arg, 10, &u) < 0 || u < 128 || u > 1024 || u % 8)
				return log_error_errno(-EINVAL,
				                       "Invalid key size '%s': expected bits, a "
				                       "multiple of 8 from 128 to 1024.",
				                       arg);
			o.key_bits = u;
			break;
		case ARG_SECTOR_SIZE:
			if (parse_uint(arg, 10, &u) < 0 || u < 512 || u > 4096 || (u & (u - 1)))
				return log_error_errno(-EINVAL,
				                       "Invalid sector size '%s': expected 512, "
				                       "1024, 2048 or 4096.",
				                       arg);
			o.sector_size = u;
			break;
		case ARG_PRIORITY:
			if (parse_uint(arg, 10, &u) < 0 || u > 32767)
				return log_error_errno(
				        -EINVAL, "Invalid swap priority '%s': expected 0 to 32767.",
				        arg);
			o.priority = (int)u;
			priority_set = true;
			break;
		case ARG_FS:
			if (!streq(arg, "ext4") && !streq(arg, "ext2") && !streq(arg, "xfs") &&
			    !streq(arg, "btrfs"))
				return log_error_errno(-EINVAL,
				                       "Unsupported filesystem '%s': expected "
				                       "ext4, ext2, xfs or btrfs.",
				                       arg);
			o.fstype = arg;
			break;
		case ARG_MODE:
			if (parse_uint(arg, 8, &u) < 0 || u > 07777)
				return log_error_errno(
				        -EINVAL,
				        "Invalid mode '%s': expected an octal mode such as 1777.",
				        arg);
			o.mode = (mode_t)u;
			break;
		case ARG_OWNER:
			if (parse_owner(arg, &o.uid, &o.gid) < 0)
				return log_error_errno(
				        -EINVAL, "Invalid owner '%s': expected UID:GID.", arg);
			break;
		case ARG_MOUNT_OPTIONS:
			o.mount_options = arg;
			break;
		case ARG_COMP_ALGORITHM:
		case ARG_RECOMP_ALGORITHM:
			if (!algorithm_name_is_valid(arg))
				return log_error_errno(-EINVAL,
				                       "Invalid compression algorithm '%s'.", arg);
			*(c == ARG_COMP_ALGORITHM ? &o.comp_algorithm : &o.recomp_algorithm) = arg;
			break;
		case ARG_WRITEBACK:
			if (arg[0] != '/' && strncmp(arg, "PARTUUID=", 9) != 0 &&
			    strncmp(arg, "PARTLABEL=", 10) != 0 && strncmp(arg, "LABEL=", 6) != 0)
				return log_error_errno(-EINVAL,
				                       "Writeback '%s': expected an absolute path, "
				                       "LABEL=, PARTUUID= or PARTLABEL=.",
				                       arg);
			o.writeback = arg;
			break;
		case ARG_WRITEBACK_LIMIT:
		case ARG_MEM_LIMIT: {
			uint64_t *v = c == ARG_MEM_LIMIT ? &o.mem_limit : &o.writeback_limit;

			if (zram_limit_parse(arg, v) < 0)
				return log_error_errno(-EINVAL,
				                       "Invalid %s '%s': expected 1 to %" PRIu64
				                       " bytes, with an optional K, M, G, T or P "
				                       "suffix.",
				                       c == ARG_MEM_LIMIT ? "--mem-limit"
				                                          : "--writeback-limit",
				                       arg, (uint64_t)ZRAM_LIMIT_MAX);
			break;
		}
		case ARG_JSON:
			o.json = true;
			break;
		case ARG_NO_ACTIVATE:
			o.no_activate = true;
			break;
		case ARG_FILE:
			if (arg[0] != '/')
				return log_error_errno(
				        -EINVAL, "Backing file '%s' is not an absolute path.", arg);
			o.file = arg;
			o.backend = EPHVOL_BACKEND_DISK;
			break;
		case ARG_SIZE:
			if (parse_size(arg, &o.file_size) < 0 || o.file_size == 0)
				return log_error_errno(-EINVAL,
				                       "Invalid size '%s': expected bytes with an "
				                       "optional K, M, G or T suffix.",
				                       arg);
			break;
		case ARG_WORKQUEUES:
			o.workqueues = true;
			break;
		case ARG_FORCE:
			o.force = true;
			break;
		case ':':
		case '?':
			return log_option_error(c, optopt, args[optind - 1], "create");
		default:
			return log_error_errno(-EINVAL, "Unexpected option.");
		}
	}

	if (optind >= nargs)
		return log_error_errno(-EINVAL, "Missing volume NAME; see 'ephvol create --help'.");
	if (nargs - optind > 1)
		return log_error_errno(-EINVAL, "Unexpected argument '%s'; create takes one NAME.",
		                       args[optind + 1]);
	o.name = args[optind];
	if (!volume_name_is_valid(o.name))
		return log_error_errno(-EINVAL,
		                       "Invalid volume name '%s': use 1-%d characters of A-Z a-z "
		                       "0-9 _ . - not starting with '.' or '-'.",
		                       args[optind], VOLUME_NAME_MAX);

	if (o.role == (enum ephvol_role) - 1)
		return log_error_errno(
		        -EINVAL, "Volume %s: one of --swap, --mount DIR or --raw is required.",
		        o.name);
	if (zram + !!o.device + !!o.file > 1)
		return log_error_errno(-EINVAL,
		                       "Volume %s: --zram, --device and --file exclude each other.",
		                       o.name);
	if (o.file_size && !o.file)
		return log_error_errno(
		        -EINVAL,
		        "Volume %s: --size applies to --file only (use --zram SIZE for zram).",
		        o.name);
	if (o.file_size % 4096)
		return log_error_errno(
		        -EINVAL, "Volume %s: --size must be a multiple of 4096 bytes.", o.name);
	if (zram_size) {
		struct size_expr_error e = {};

		/* The value depends on this machine's RAM, known at create. */
		if (size_expr_check(zram_size, &e) < 0)
			return log_error_errno(-EINVAL,
			                       "Invalid size '%s': %s at offset %zu (expected "
			                       "e.g. 512M, 25%% or min(ram / 2, 4096M)).",
			                       zram_size, e.message, e.offset);
		o.zram_size = zram_size;
	}
	if (priority_set && o.role != EPHVOL_ROLE_SWAP)
		return log_error_errno(-EINVAL, "Volume %s: --priority applies to --swap only.",
		                       o.name);
	if (o.role != EPHVOL_ROLE_TMP && o.mount_options)
		return log_error_errno(
		        -EINVAL, "Volume %s: --mount-options applies to --mount only.", o.name);

	if (o.backend != EPHVOL_BACKEND_ZRAM &&
	    (o.comp_algorithm || o.recomp_algorithm || o.mem_limit || o.writeback))
		return log_error_errno(-EINVAL,
		                       "Volume %s: --comp-algorithm, --recomp-algorithm, "
		                       "--mem-limit and --writeback apply to --zram only.",
		                       o.name);
	if (o.writeback_limit && !o.writeback)
		return log_error_errno(-EINVAL, "Volume %s: --writeback-limit needs --writeback.",
		                       o.name);
	if (o.backend == EPHVOL_BACKEND_ZRAM && o.priority < 0 && o.role == EPHVOL_ROLE_SWAP)
		o.priority = 100;

	if (o.backend == EPHVOL_BACKEND_ZRAM && !o.writeback) {
		if (!streq(cipher_spec, "auto") || o.key_bits || o.sector_size || o.workqueues ||
		    o.force)
			return log_error_errno(
			        -EINVAL,
			        "Volume %s: --cipher, --key-size, --sector-size, --workqueues and "
			        "--force apply to --device, --file and --writeback only (zram "
			        "keeps data in RAM).",
			        o.name);
	} else {
		/* The disk volume itself, or the mapping zram writes back through. */
		if (streq(cipher_spec, "auto")) {
			unsigned features = 0, bits;

			/* Unknown features: Adiantum is safe and fast on any CPU. */
			r = create_options_cpu_features(&features);
			if (r < 0)
				log_debug_errno(r, "Cannot detect CPU features, assuming none: %m");
			r = cipher_pick_auto(features, o.cipher, sizeof(o.cipher), o.cipher_mode,
			                     sizeof(o.cipher_mode), &bits);
			if (r < 0)
				return log_error_errno(r, "Cannot pick a cipher: %m");
			if (!o.key_bits)
				o.key_bits = bits;
		} else {
			if (cipher_spec_split(cipher_spec, o.cipher, sizeof(o.cipher),
			                      o.cipher_mode, sizeof(o.cipher_mode)) < 0)
				return log_error_errno(-EINVAL,
				                       "Invalid cipher '%s': expected a kernel "
				                       "cipher spec such as aes-xts-plain64.",
				                       cipher_spec);
			if (!o.key_bits)
				o.key_bits = cipher_default_key_bits(o.cipher_mode);
		}
		/* The size is known at activation, which checks the spec again with it. */
		if (cipher_spec_check(o.cipher, o.cipher_mode, 0, 0, &reason) < 0)
			return log_error_errno(-EINVAL, "Cipher %s-%s refused: %s.", o.cipher,
			                       o.cipher_mode, reason);
	}

	o.args = TAKE_PTR(args);
	*ret = o;
	return 0;
}

void create_options_done(struct create_options *o) {
	strv_free_n(o->args);
	o->args = NULL;
}

int sector_size_pick(uint64_t device_bytes, unsigned logical_block, unsigned requested,
                     unsigned *ret) {
	if (requested) {
		if (requested < logical_block || device_bytes % requested)
			return -EINVAL;
		*ret = requested;
		return 0;
	}
	/* Largest power of two up to 4096 that the device's size and block size allow. */
	for (unsigned s = 4096; s >= 512; s /= 2)
		if (s >= logical_block && device_bytes % s == 0) {
			*ret = s;
			return 0;
		}
	return -EINVAL;
}
