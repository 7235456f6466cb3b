/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What `ephvol --version` reports on its second line: what this build and this kernel
 * can do, as "+NAME" (available), "-NAME" (not) and "?NAME" (cannot be told without
 * changing the system). The decisions here are pure: they read files below a root
 * directory (fixture trees in the tests) and libcryptsetup's log lines; sys-features.c
 * asks the live kernel and library.
 */

#include <stdbool.h>

enum feature {
	FEATURE_NO,
	FEATURE_YES,
	FEATURE_UNKNOWN,
};

struct zram_features {
	enum feature writeback;        /* backing_dev: CONFIG_ZRAM_WRITEBACK */
	enum feature recomp;           /* recomp_algorithm: CONFIG_ZRAM_MULTI_COMP, Linux 6.2+ */
	enum feature algorithm_params; /* algorithm_params: any zram of Linux 6.12+ */
	/* "idle" takes an age: CONFIG_ZRAM_TRACK_ENTRY_ACTIME (CONFIG_ZRAM_MEMORY_TRACKING
	 * before Linux 6.9) */
	enum feature idle_age;
};

struct dm_crypt_features {
	enum feature high_priority; /* dm-crypt 1.26, Linux 6.10 */
};

/* What libcryptsetup's debug log told about itself. */
struct cryptsetup_facts {
	bool missing;  /* the library could not be loaded (it is not linked in) */
	char *version; /* "2.6.1"; NULL if it did not say */
};

struct features {
	struct cryptsetup_facts cryptsetup;
	enum feature keyring; /* logon keys for dm-crypt: the kernel has keys */
	enum feature af_alg;
	struct zram_features zram;
	struct dm_crypt_features dm_crypt;
};

void features_done(struct features *f);

/* The zram attributes of the kernel whose /sys, /boot and /lib/modules are below ROOT
 * ("/" for the live system) and whose `uname -r` is RELEASE. The evidence, best first:
 * an existing zram device's attributes; the kernel's build configuration
 * /boot/config-RELEASE; the module lists of /lib/modules/RELEASE, which can only tell
 * that there is no zram at all (then all three are FEATURE_NO). What none of them tells
 * is FEATURE_UNKNOWN. Never loads, creates or changes anything. */
int zram_features_read(const char *root, const char *release, struct zram_features *ret);

/* The dm-crypt flags of the kernel below ROOT whose release is RELEASE: from VERSION, the
 * crypt target's (major, minor, patch) when its module is loaded (NULL: not loaded);
 * else dm-crypt surely absent from the module lists (FEATURE_NO), or the release. */
int dm_crypt_features_read(const char *root, const char *release, const unsigned *version,
                           struct dm_crypt_features *ret);

/* Learns from one message of libcryptsetup's log callback. */
int cryptsetup_facts_learn(struct cryptsetup_facts *f, const char *msg);
void cryptsetup_facts_done(struct cryptsetup_facts *f);

/* "+LIBCRYPTSETUP(2.6.1) +KEYRING -AF_ALG +ZRAM_WRITEBACK -RECOMP ?ALGORITHM_PARAMS
 * +ZRAM_IDLE_AGE -DM_CRYPT_HIGH_PRIORITY" */
int features_format(const struct features *f, char **ret_line);
