/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "volume-options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aead.h"
#include "cipher-spec.h"
#include "macro.h"
#include "parse.h"
#include "size-expr.h"
#include "zram-limit.h"

static _printf_(2, 3) int refuse(struct volume_option_error *e, const char *format, ...) {
	va_list ap;

	va_start(ap, format);
	(void)vsnprintf(e->reason, sizeof(e->reason), format, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse_role(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (streq(s, "swap"))
		ret->role = EPHVOL_ROLE_SWAP;
	else if (streq(s, "tmp"))
		ret->role = EPHVOL_ROLE_TMP;
	else if (streq(s, "raw"))
		ret->role = EPHVOL_ROLE_RAW;
	else
		return refuse(e, ": expected swap, tmp or raw");
	return 0;
}

static int parse_backend(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (streq(s, "zram"))
		ret->backend = EPHVOL_BACKEND_ZRAM;
	else if (streq(s, "disk"))
		ret->backend = EPHVOL_BACKEND_DISK;
	else
		return refuse(e, ": expected zram or disk");
	return 0;
}

int volume_parse_boolean(const char *s) {
	if (!s)
		return -EINVAL;
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || streq(s, "1"))
		return 1;
	if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 || streq(s, "0"))
		return 0;
	return -EINVAL;
}

static int parse_boolean(const char *s, union volume_value *ret, struct volume_option_error *e) {
	int r = volume_parse_boolean(s);

	if (r < 0)
		return refuse(e, ": expected yes, no, true, false, 1 or 0");
	ret->flag = r;
	return 0;
}

static int size_expr_refuse(struct volume_option_error *e, const struct size_expr_error *x) {
	return refuse(e, ": %s at offset %zu (expected e.g. 512M, 25%% or min(ram / 2, 4096M))",
	              x->message, x->offset);
}

/* The configuration's size, before the backend is known (a later file may still set it):
 * only what is wrong for zram and file alike, the syntax. */
static int parse_size_syntax(const char *s, union volume_value *ret,
                             struct volume_option_error *e) {
	struct size_expr_error x = {};

	if (size_expr_eval(s, UINT64_C(1) << 30, NULL, &x) == -EINVAL)
		return size_expr_refuse(e, &x);
	ret->string = s;
	return 0;
}

/* The value depends on the RAM of the machine that creates the volume. */
static int parse_zram_size(const char *s, union volume_value *ret, struct volume_option_error *e) {
	struct size_expr_error x = {};

	if (size_expr_check(s, &x) < 0)
		return size_expr_refuse(e, &x);
	ret->string = s;
	return 0;
}

static int parse_file_size(const char *s, union volume_value *ret, struct volume_option_error *e) {
	uint64_t bytes;

	if (parse_size(s, &bytes) < 0 || bytes == 0)
		return refuse(e, ": expected bytes with an optional K, M, G or T suffix");
	ret->bytes = bytes;
	return 0;
}

static int parse_absolute_path(const char *s, union volume_value *ret,
                               struct volume_option_error *e) {
	if (s[0] != '/')
		return refuse(e, " is not an absolute path");
	ret->string = s;
	return 0;
}

static int parse_device(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (!*s)
		return refuse(e, "%s", "");
	ret->string = s;
	return 0;
}

/* "auto" is left to the CPU of the machine that creates the volume. */
static int parse_cipher(const char *s, union volume_value *ret, struct volume_option_error *e) {
	const char *reason;

	ret->cipher.cipher[0] = ret->cipher.cipher_mode[0] = 0;
	if (streq(s, "auto"))
		return 0;
	/* With --integrity aead, which create checks once it has every option. */
	if (aead_cipher_find(s)) {
		snprintf(ret->cipher.cipher, sizeof(ret->cipher.cipher), "%s", s);
		return 0;
	}
	if (cipher_spec_split(s, ret->cipher.cipher, sizeof(ret->cipher.cipher),
	                      ret->cipher.cipher_mode, sizeof(ret->cipher.cipher_mode)) < 0)
		return refuse(e, ": expected a kernel cipher spec such as aes-xts-plain64");
	/* The size is known at activation, which checks the spec again with it. */
	if (cipher_spec_check(ret->cipher.cipher, ret->cipher.cipher_mode, 0, 0, &reason) < 0) {
		e->subject = "Cipher %s refused";
		return refuse(e, ": %s", reason);
	}
	return 0;
}

/* Only "aead" yet: dm-crypt's own MAC modes (hmac-sha256 over plain64 IVs) are what
 * --cipher aes-xts-hmac-sha256-random gives, as one AEAD. */
static int parse_integrity(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (!streq(s, "aead"))
		return refuse(e, ": expected aead");
	ret->string = s;
	return 0;
}

static int parse_key_size(const char *s, union volume_value *ret, struct volume_option_error *e) {
	unsigned u;

	if (parse_uint(s, 10, &u) < 0 || u < 128 || u > 1024 || u % 8)
		return refuse(e, ": expected bits, a multiple of 8 from 128 to 1024");
	ret->number = u;
	return 0;
}

static int parse_sector_size(const char *s, union volume_value *ret,
                             struct volume_option_error *e) {
	unsigned u;

	if (parse_uint(s, 10, &u) < 0 || u < 512 || u > 4096 || (u & (u - 1)))
		return refuse(e, ": expected 512, 1024, 2048 or 4096");
	ret->number = u;
	return 0;
}

static int parse_priority(const char *s, union volume_value *ret, struct volume_option_error *e) {
	unsigned u;

	if (parse_uint(s, 10, &u) < 0 || u > 32767)
		return refuse(e, ": expected 0 to 32767");
	ret->number = u;
	return 0;
}

static int parse_fs(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (!streq(s, "ext4") && !streq(s, "ext2") && !streq(s, "xfs") && !streq(s, "btrfs"))
		return refuse(e, ": expected ext4, ext2, xfs or btrfs");
	ret->string = s;
	return 0;
}

static int parse_mode(const char *s, union volume_value *ret, struct volume_option_error *e) {
	unsigned u;

	if (parse_uint(s, 8, &u) < 0 || u > 07777)
		return refuse(e, ": expected an octal mode such as 1777");
	ret->number = u;
	return 0;
}

static int parse_owner(const char *s, union volume_value *ret, struct volume_option_error *e) {
	_cleanup_free_ char *copy = strdup(s);
	unsigned u, g;
	char *colon;

	if (!copy)
		return -ENOMEM;
	colon = strchr(copy, ':');
	if (!colon)
		return refuse(e, ": expected UID:GID");
	*colon = 0;
	if (parse_uint(copy, 10, &u) < 0 || parse_uint(colon + 1, 10, &g) < 0 ||
	    u == (unsigned)-1 || g == (unsigned)-1)
		return refuse(e, ": expected UID:GID");
	ret->owner.uid = u;
	ret->owner.gid = g;
	return 0;
}

/* A crypto API name as zram lists them: "lz4", "lzo-rle", "842". */
static int parse_algorithm(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (!*s || strlen(s) > 63)
		return refuse(e, "%s", "");
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_", *p))
			return refuse(e, "%s", "");
	ret->string = s;
	return 0;
}

/* The value depends on the RAM of the machine that creates the volume, like --zram's. */
static int parse_mem_limit(const char *s, union volume_value *ret, struct volume_option_error *e) {
	struct size_expr_error x = {};
	int r = zram_mem_limit_check(s, &x);

	if (r == -ERANGE)
		return refuse(e,
		              ": expected 1 to %" PRIu64
		              " bytes: a size with an optional K, M, G, T or P suffix, a share of "
		              "RAM such as 10%%, or an expression",
		              (uint64_t)ZRAM_LIMIT_MAX);
	if (r < 0)
		return size_expr_refuse(e, &x);
	ret->string = s;
	return 0;
}

/* The widest range of any backend (lz4's acceleration); create checks the algorithm's own
 * (zram_level_range()) once the algorithm is known. */
static int parse_comp_level(const char *s, union volume_value *ret, struct volume_option_error *e) {
	unsigned u;

	if (parse_uint(s, 10, &u) < 0 || u < 1 || u > 65537)
		return refuse(e, ": expected a level from 1 (up to 22 for zstd, 12 for lz4hc, 9 "
		                 "for deflate)");
	ret->number = u;
	return 0;
}

/* A value the kernel would take as "no limit" must be refused, not passed on. */
static int parse_zram_limit(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (zram_limit_parse(s, &ret->bytes) < 0)
		return refuse(e,
		              ": expected 1 to %" PRIu64
		              " bytes, with an optional K, M, G, T or P suffix",
		              (uint64_t)ZRAM_LIMIT_MAX);
	return 0;
}

static int parse_writeback(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (s[0] != '/' && strncmp(s, "PARTUUID=", 9) != 0 && strncmp(s, "PARTLABEL=", 10) != 0 &&
	    strncmp(s, "LABEL=", 6) != 0)
		return refuse(e, ": expected an absolute path, LABEL=, PARTUUID= or PARTLABEL=");
	ret->string = s;
	return 0;
}

static int parse_idle_age(const char *s, union volume_value *ret, struct volume_option_error *e) {
	if (parse_duration_sec(s, &ret->seconds) < 0 || ret->seconds == 0)
		return refuse(e, ": expected a duration of 1 second or more, such as 30min, 1h "
		                 "or 2d");
	return 0;
}

static int parse_any(const char *s, union volume_value *ret, struct volume_option_error *e) {
	(void)e;
	ret->string = s;
	return 0;
}

/* contract_test.sh reads the configuration keys from this table: one designated entry per
 * enum value, each key as `.key = "NAME"`. */
const struct volume_option volume_options[_VOLUME_OPTION_MAX] = {
	[VOLUME_OPTION_ROLE] = { .key = "role",
	                         .parse = parse_role,
	                         .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_BACKEND] = { .key = "backend",
	                            .parse = parse_backend,
	                            .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_SIZE_KEY] = { .key = "size",
	                             .parse = parse_size_syntax,
	                             .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_MOUNT] = { .option = "mount",
	                          .has_arg = required_argument,
	                          .key = "mount",
	                          .parse = parse_absolute_path,
	                          .subject = "Mount point '%s'",
	                          .conf_subject = "mount point",
	                          .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_DEVICE] = { .option = "device",
	                           .has_arg = required_argument,
	                           .key = "device",
	                           .parse = parse_device,
	                           .subject = "--device needs a device path",
	                           .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_FILE] = { .option = "file",
	                         .has_arg = required_argument,
	                         .key = "file",
	                         .parse = parse_absolute_path,
	                         .subject = "Backing file '%s'",
	                         .conf_subject = "backing file",
	                         .conf_argv = VOLUME_ARGV_SPECIAL },
	[VOLUME_OPTION_CIPHER] = { .option = "cipher",
	                           .has_arg = required_argument,
	                           .key = "cipher",
	                           .parse = parse_cipher,
	                           .subject = "Invalid cipher '%s'",
	                           .needs = VOLUME_NEEDS_MAPPING,
	                           .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_INTEGRITY] = { .option = "integrity",
	                              .has_arg = required_argument,
	                              .key = "integrity",
	                              .parse = parse_integrity,
	                              .needs = VOLUME_NEEDS_MAPPING,
	                              .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_KEY_SIZE] = { .option = "key-size",
	                             .has_arg = required_argument,
	                             .key = "key-size",
	                             .parse = parse_key_size,
	                             .subject = "Invalid key size '%s'",
	                             .needs = VOLUME_NEEDS_MAPPING,
	                             .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_SECTOR_SIZE] = { .option = "sector-size",
	                                .has_arg = required_argument,
	                                .key = "sector-size",
	                                .parse = parse_sector_size,
	                                .subject = "Invalid sector size '%s'",
	                                .needs = VOLUME_NEEDS_MAPPING,
	                                .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_PRIORITY] = { .option = "priority",
	                             .has_arg = required_argument,
	                             .key = "priority",
	                             .parse = parse_priority,
	                             .subject = "Invalid swap priority '%s'",
	                             .needs = VOLUME_NEEDS_SWAP,
	                             .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_FS] = { .option = "fs",
	                       .has_arg = required_argument,
	                       .key = "fs",
	                       .parse = parse_fs,
	                       .subject = "Unsupported filesystem '%s'",
	                       .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_MODE] = { .option = "mode",
	                         .has_arg = required_argument,
	                         .key = "mode",
	                         .parse = parse_mode,
	                         .subject = "Invalid mode '%s'",
	                         .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_OWNER] = { .option = "owner",
	                          .has_arg = required_argument,
	                          .key = "owner",
	                          .parse = parse_owner,
	                          .subject = "Invalid owner '%s'",
	                          .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_MOUNT_OPTIONS] = { .option = "mount-options",
	                                  .has_arg = required_argument,
	                                  .key = "mount-options",
	                                  .parse = parse_any,
	                                  .needs = VOLUME_NEEDS_TMP,
	                                  .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_COMP_ALGORITHM] = { .option = "comp-algorithm",
	                                   .has_arg = required_argument,
	                                   .key = "comp-algorithm",
	                                   .parse = parse_algorithm,
	                                   .subject = "Invalid compression algorithm '%s'",
	                                   .needs = VOLUME_NEEDS_ZRAM,
	                                   .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_RECOMP_ALGORITHM] = { .option = "recomp-algorithm",
	                                     .has_arg = required_argument,
	                                     .key = "recomp-algorithm",
	                                     .parse = parse_algorithm,
	                                     .subject = "Invalid compression algorithm '%s'",
	                                     .needs = VOLUME_NEEDS_ZRAM,
	                                     .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_COMP_LEVEL] = { .option = "comp-level",
	                               .has_arg = required_argument,
	                               .key = "comp-level",
	                               .parse = parse_comp_level,
	                               .subject = "Invalid compression level '%s'",
	                               .needs = VOLUME_NEEDS_ZRAM,
	                               .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_COMP_DICT] = { .option = "comp-dict",
	                              .has_arg = required_argument,
	                              .key = "comp-dict",
	                              .parse = parse_absolute_path,
	                              .subject = "Compression dictionary '%s'",
	                              .conf_subject = "compression dictionary",
	                              .needs = VOLUME_NEEDS_ZRAM,
	                              .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_MEM_LIMIT] = { .option = "mem-limit",
	                              .has_arg = required_argument,
	                              .key = "mem-limit",
	                              .parse = parse_mem_limit,
	                              .needs = VOLUME_NEEDS_ZRAM,
	                              .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_WRITEBACK] = { .option = "writeback",
	                              .has_arg = required_argument,
	                              .key = "writeback",
	                              .parse = parse_writeback,
	                              .subject = "Writeback '%s'",
	                              .needs = VOLUME_NEEDS_ZRAM,
	                              .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_WRITEBACK_LIMIT] = { .option = "writeback-limit",
	                                    .has_arg = required_argument,
	                                    .key = "writeback-limit",
	                                    .parse = parse_zram_limit,
	                                    .needs = VOLUME_NEEDS_WRITEBACK,
	                                    .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_WRITEBACK_IDLE_AGE] = { .option = "writeback-idle-age",
	                                       .has_arg = required_argument,
	                                       .key = "writeback-idle-age",
	                                       .parse = parse_idle_age,
	                                       .subject = "Invalid writeback idle age '%s'",
	                                       .needs = VOLUME_NEEDS_WRITEBACK,
	                                       .conf_argv = VOLUME_ARGV_VALUE },
	[VOLUME_OPTION_WORKQUEUES] = { .option = "workqueues",
	                               .key = "workqueues",
	                               .parse = parse_boolean,
	                               .boolean = true,
	                               .needs = VOLUME_NEEDS_MAPPING,
	                               .conf_argv = VOLUME_ARGV_FLAG },
	[VOLUME_OPTION_FORCE] = { .option = "force",
	                          .key = "force",
	                          .parse = parse_boolean,
	                          .boolean = true,
	                          .needs = VOLUME_NEEDS_MAPPING,
	                          .conf_argv = VOLUME_ARGV_FLAG },
	[VOLUME_OPTION_DISCARD] = { .key = "discard", .parse = parse_boolean, .boolean = true },
	[VOLUME_OPTION_NOFAIL] = { .key = "nofail", .parse = parse_boolean, .boolean = true },
	[VOLUME_OPTION_SWAP] = { .option = "swap" },
	[VOLUME_OPTION_RAW] = { .option = "raw" },
	[VOLUME_OPTION_ZRAM] = { .option = "zram",
	                         .has_arg = optional_argument,
	                         .parse = parse_zram_size,
	                         .subject = "Invalid size '%s'" },
	[VOLUME_OPTION_SIZE] = { .option = "size",
	                         .has_arg = required_argument,
	                         .parse = parse_file_size,
	                         .subject = "Invalid size '%s'",
	                         .needs = VOLUME_NEEDS_FILE },
	[VOLUME_OPTION_JSON] = { .option = "json" },
	[VOLUME_OPTION_NO_ACTIVATE] = { .option = "no-activate" },
	[VOLUME_OPTION_HELP] = { .option = "help" },
};

int volume_option_from_key(const char *key) {
	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
		if (volume_options[k].key && streq(key, volume_options[k].key))
			return (int)k;
	return -EINVAL;
}
