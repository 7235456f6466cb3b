/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The live answers behind `ephvol --version` (version-features.h): libcryptsetup is asked
 * through calls that touch no device, the kernel through syscalls that create
 * nothing, and zram only through what sysfs and /boot already show. The one side
 * effect possible is the kernel's own: socket(AF_ALG) autoloads af_alg where it is a
 * module, as it does for any user's socket() call.
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "dlopen-cryptsetup.h"
#include "version-features.h"
#include "log.h"
#include "sys-dm.h"
#include "sys-kcapi.h"
#include "sys.h"

struct probe_log {
	struct cryptsetup_facts facts;
	int error;
};

static void crypt_log_learn(int level _unused_, const char *msg, void *userdata) {
	struct probe_log *p = userdata;
	int r = cryptsetup_facts_learn(&p->facts, msg);

	if (r < 0)
		p->error = r;
}

/* libcryptsetup 2.6 has no call for its version, so this listens to its debug log while
 * a context without a device sets its default PBKDF, which initialises its crypto
 * backend (that logs the version): nothing else is touched. */
static int cryptsetup_probe(struct cryptsetup_facts *ret) {
	_cleanup_(sym_crypt_freep) struct crypt_device *cd = NULL;
	struct probe_log p = {};
	int r;

	r = dlopen_cryptsetup();
	if (r < 0)
		return r;
	sym_crypt_set_log_callback(NULL, crypt_log_learn, &p);
	sym_crypt_set_debug_level(CRYPT_DEBUG_ALL);
	r = sym_crypt_init(&cd, NULL);
	if (r >= 0)
		(void)sym_crypt_set_pbkdf_type(cd, NULL);
	sym_crypt_set_debug_level(CRYPT_DEBUG_NONE);
	sym_crypt_set_log_callback(NULL, NULL, NULL);
	if (r >= 0)
		r = p.error;
	if (r < 0) {
		cryptsetup_facts_done(&p.facts);
		return r;
	}
	*ret = p.facts;
	return 0;
}

int features_probe(struct features *ret) {
	struct features f = {};
	struct utsname uts;
	const char *release;
	unsigned version[3];
	bool has_version;
	int r;

	r = cryptsetup_probe(&f.cryptsetup);
	if (r == -ENOMEM)
		return r;
	if (r == -EOPNOTSUPP)
		/* Not there (dlopen_cryptsetup() said why): no dm-crypt volumes. */
		f.cryptsetup = (struct cryptsetup_facts){ .missing = true };
	else if (r < 0) {
		log_debug_errno(r, "libcryptsetup could not be asked about itself: %m");
		f.cryptsetup = (struct cryptsetup_facts){};
	}
	/* ephvol adds the logon keys itself (sys-keyring.c): the kernel alone decides. */
	f.keyring = kernel_has_keyring() ? FEATURE_YES : FEATURE_NO;
	f.af_alg = kernel_has_af_alg() ? FEATURE_YES : FEATURE_NO;

	release = uname(&uts) == 0 ? uts.release : NULL;
	r = zram_features_read("/", release, &f.zram);
	if (r >= 0) {
		/* Loaded, the module says its version (libdevmapper: libcryptsetup's own). */
		has_version = access("/sys/module/dm_crypt", F_OK) == 0 &&
		              dm_target_version("crypt", version) == 0;
		r = dm_crypt_features_read("/", release, has_version ? version : NULL, &f.dm_crypt);
	}
	if (r < 0) {
		features_done(&f);
		return r;
	}
	*ret = f;
	return 0;
}
