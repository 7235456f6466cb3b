/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The options of a volume, in one table: the long options of `ephvol create` and the keys of
 * the configuration, each with the one function that judges its value and what it needs of
 * the volume (a role, a backend, another option). create_options_parse() builds its getopt
 * table and its dispatch from it; the configuration parser judges each `key = value` with the
 * same functions as the line is read, so that a value `create` would refuse is reported with
 * its file and line, and the rules are written once. Pure: no I/O.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ephvol.h"

/* In the order in which conf_volume_to_argv() emits the configuration's keys. */
enum volume_option_id {
	VOLUME_OPTION_ROLE,     /* key only: becomes --swap, --mount DIR or --raw */
	VOLUME_OPTION_BACKEND,  /* key only: becomes --zram, --device or --file */
	VOLUME_OPTION_SIZE_KEY, /* key only: --zram=SIZE, or --size with file */
	VOLUME_OPTION_MOUNT,
	VOLUME_OPTION_DEVICE,
	VOLUME_OPTION_FILE,
	VOLUME_OPTION_CIPHER,
	VOLUME_OPTION_KEY_SIZE,
	VOLUME_OPTION_SECTOR_SIZE,
	VOLUME_OPTION_INTEGRITY,
	VOLUME_OPTION_PRIORITY,
	VOLUME_OPTION_FS,
	VOLUME_OPTION_MODE,
	VOLUME_OPTION_OWNER,
	VOLUME_OPTION_MOUNT_OPTIONS,
	VOLUME_OPTION_COMP_ALGORITHM,
	VOLUME_OPTION_RECOMP_ALGORITHM,
	VOLUME_OPTION_COMP_LEVEL,
	VOLUME_OPTION_COMP_DICT,
	VOLUME_OPTION_MEM_LIMIT,
	VOLUME_OPTION_WRITEBACK,
	VOLUME_OPTION_WRITEBACK_LIMIT,
	VOLUME_OPTION_WRITEBACK_IDLE_AGE,
	VOLUME_OPTION_WORKQUEUES,
	VOLUME_OPTION_FORCE,
	VOLUME_OPTION_DISCARD, /* key only: for `down` */
	VOLUME_OPTION_NOFAIL,  /* key only: for the generator */
	VOLUME_OPTION_SWAP,    /* options only, from here on */
	VOLUME_OPTION_RAW,
	VOLUME_OPTION_ZRAM,
	VOLUME_OPTION_SIZE,
	VOLUME_OPTION_JSON,
	VOLUME_OPTION_NO_ACTIVATE,
	VOLUME_OPTION_HELP,
	_VOLUME_OPTION_MAX,
};

/* What an option needs of the volume; unmet, `create` refuses it. In the order create checks
 * them. */
enum volume_need {
	VOLUME_NEEDS_NOTHING,
	VOLUME_NEEDS_FILE,
	VOLUME_NEEDS_SWAP,
	VOLUME_NEEDS_TMP,
	VOLUME_NEEDS_ZRAM,
	VOLUME_NEEDS_WRITEBACK,
	VOLUME_NEEDS_MAPPING, /* a dm-crypt mapping: disk, or zram with writeback */
	_VOLUME_NEED_MAX,
};

/* How conf_volume_to_argv() turns a key into arguments of `create`. */
enum volume_conf_argv {
	VOLUME_ARGV_NONE,    /* not a key, or not a create option */
	VOLUME_ARGV_SPECIAL, /* role, backend and their companions: placed by hand */
	VOLUME_ARGV_VALUE,   /* --KEY VALUE */
	VOLUME_ARGV_FLAG,    /* --KEY when true */
};

union volume_value {
	const char *string;
	unsigned number;
	uint64_t bytes;
	uint64_t seconds;
	bool flag;
	enum ephvol_role role;
	enum ephvol_backend backend;
	struct {
		uid_t uid;
		gid_t gid;
	} owner;
	struct {
		char cipher[64];      /* "aes"; "" for auto, which the CPU decides */
		char cipher_mode[64]; /* "xts-plain64" */
	} cipher;
};

/* Why a value was refused. The messages read "SUBJECT 'VALUE'REASON": on the command line
 * with the option's subject ("Invalid key size '99': expected ..."), in the configuration
 * "invalid KEY 'VALUE' in [NAME]REASON". */
struct volume_option_error {
	const char *subject; /* for the command line, instead of the option's; or NULL */
	char reason[192];    /* ": expected ...", " is not an absolute path", or "" */
};

struct volume_option {
	const char *option; /* create's long option, NULL if none */
	int has_arg;        /* no_argument, required_argument or optional_argument */
	const char *key;    /* the configuration key, NULL if none */
	/* Judges a value, and gives it parsed: 0, -EINVAL with *e filled, or -ENOMEM. NULL:
	 * any value. */
	int (*parse)(const char *s, union volume_value *ret, struct volume_option_error *e);
	/* The command line's message, a format of the value: "Invalid key size '%s'". NULL:
	 * "Invalid --OPTION '%s'". */
	const char *subject;
	/* The configuration's, before " in [NAME]": "mount point". NULL: "invalid KEY". */
	const char *conf_subject;
	bool boolean; /* a yes/no key: its message names the key after the value */
	enum volume_need needs;
	enum volume_conf_argv conf_argv;
};

extern const struct volume_option volume_options[_VOLUME_OPTION_MAX];

/* The option whose configuration key is KEY, or -EINVAL. */
int volume_option_from_key(const char *key);

/* yes/no, true/false, 1/0 (case-insensitive): 1, 0, or -EINVAL. */
int volume_parse_boolean(const char *s);

/* What a volume is, as far as the needs of its options go. */
struct volume_shape {
	enum ephvol_role role;
	enum ephvol_backend backend;
	bool file;
	bool writeback;
};

bool volume_need_met(enum volume_need need, const struct volume_shape *s);

/* The refusal of an unmet need, a format of the options that have it: "%s apply to --zram
 * only". */
extern const char *const volume_need_message[_VOLUME_NEED_MAX];

/* The options that have NEED, as a message names them: "--a, --b and --c". -ENOBUFS if buf
 * (size bytes) is too short. */
int volume_need_options(enum volume_need need, char *buf, size_t size);
