/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "aead.h"
#include "cipher-spec.h"
#include "ephvol.h"

struct create_options {
	const char *name;
	enum ephvol_role role;
	const char *mountpoint;
	enum ephvol_backend backend;
	const char *zram_size; /* --zram SIZE: bytes, N% or an expression; NULL = default */
	const char *device;
	const char *file;     /* --file: dm-crypt over a loop device on this file */
	uint64_t file_size;   /* --size: for --file; 0 = the existing file's size */
	bool workqueues;      /* --workqueues: keep dm-crypt's kcryptd queues */
	char cipher[64];      /* kernel cipher part, e.g. "aes" */
	char cipher_mode[64]; /* e.g. "xts-plain64" */
	unsigned key_bits;
	bool cipher_picked; /* cipher and key size are ephvol's pick for this CPU (auto) */
	/* --integrity aead: cipher and cipher_mode are its dm-crypt spec ("capi:gcm(aes)",
	 * "random"); NULL: no integrity */
	const struct aead_cipher *aead;
	unsigned sector_size; /* 0 = largest the device allows, up to 4096 */
	int priority;         /* -1 = kernel default */
	const char *fstype;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	const char *mount_options;
	const char *comp_algorithm;
	const char *recomp_algorithm; /* zram: secondary compressor (Linux 6.2+) */
	unsigned comp_level;          /* zram: level of comp_algorithm, 0 = its default */
	const char *comp_dict;        /* zram: dictionary file of comp_algorithm, or NULL */
	const char *mem_limit;        /* zram: RAM it may use, a size expression, or NULL */
	const char *writeback;        /* zram: writeback device or file, via dm-crypt */
	uint64_t writeback_limit;     /* zram: bytes that may be written back, 0 = no limit */
	uint64_t writeback_idle_age;  /* zram: seconds unused before writeback, 0 = idle cycle */
	bool json;
	bool no_activate; /* --no-activate: format only; a .swap/.mount unit activates */
	bool force;       /* --force: override data-protection refusals (not "in use") */
	char **args;      /* owns the strings above */
};

/* Parses `create` arguments (argv[0] is "create"). Logs one line and returns
 * -EINVAL on a usage error; 1 if --help was printed; 0 otherwise. */
int create_options_parse(int argc, char **argv, struct create_options *ret);

/* Another verb that builds a volume from create's options (run): which of them it does
 * not take (OPTION_BIT of the volume option ids), its role and default name, and its
 * own options, whose values are VOLUME_VERB_OPTION_BASE or above and go to take().
 * *ret_rest: the words after the options, in ret->args. */
#define VOLUME_VERB_OPTION_BASE 0x1000
#define VOLUME_OPTION_BIT(id)   (UINT64_C(1) << (id))
struct volume_verb {
	const char *verb;
	const char *shortopts;
	const char *name;
	enum ephvol_role role;
	uint64_t excluded;
	const struct option *options;
	int (*take)(void *userdata, struct create_options *o, int c, const char *arg);
	void (*help)(void);
	void *userdata;
};
struct option;
int create_options_parse_verb(int argc, char **argv, const struct volume_verb *x,
                              struct create_options *ret, char ***ret_rest);

void create_options_done(struct create_options *o);

/* Where `--cipher auto` learns the CPU's CPU_FEATURE_* mask: cpu_features_get("/") by
 * default; unit tests point it elsewhere. Called only for auto on a disk backend. */
extern int (*create_options_cpu_features)(unsigned *ret);

/* The default zram size, as the configuration would write it. */
#define ZRAM_DEFAULT_SIZE "min(ram / 2, 4096M)"
/* Evaluates --zram SIZE (or the default) against RAM and rounds it up to a
 * page; -ERANGE below 1M.  On a bad expression, *err says why. */
struct size_expr_error;
int zram_size_resolve(const struct create_options *o, uint64_t ram_bytes, uint64_t *ret,
                      struct size_expr_error *err);

/* dm-crypt sector size: the request if the device allows it, else the largest
 * power of two from 4096 down that is >= the logical block and divides the size. */
int sector_size_pick(uint64_t device_bytes, unsigned logical_block, unsigned requested,
                     unsigned *ret);

void create_help(void);
