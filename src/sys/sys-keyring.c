/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcryptsetup hands a LUKS2 volume key to dm-crypt as a logon key in the
 * calling thread's keyring. Once the table is loaded dm-crypt holds its own
 * copy, so the keyring copy only waits for the key garbage collector after we
 * exit. Invalidate it at once instead: the kernel then frees the payload
 * (kfree_sensitive) right away, and no keyring entry outlives create.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

static long keyctl(int cmd, unsigned long a2, unsigned long a3, unsigned long a4) {
	return syscall(SYS_keyctl, cmd, a2, a3, a4, 0UL);
}

int keyring_invalidate_logon_keys(const char *prefix, unsigned *ret_count) {
	int32_t ids[256];
	unsigned count = 0;
	long n;

	n = keyctl(KEYCTL_READ, (unsigned long)KEY_SPEC_THREAD_KEYRING, (unsigned long)ids,
	           sizeof(ids));
	if (n < 0) {
		/* No thread keyring: nothing was put there. */
		if (errno == ENOKEY || errno == ENOENT) {
			*ret_count = 0;
			return 0;
		}
		return -errno;
	}
	if ((size_t)n > sizeof(ids))
		return -E2BIG;

	for (size_t i = 0; i < (size_t)n / sizeof(ids[0]); i++) {
		char desc[512];
		const char *name;
		long k;

		/* "type;uid;gid;perm;description" */
		k = keyctl(KEYCTL_DESCRIBE, (unsigned long)ids[i], (unsigned long)desc,
		           sizeof(desc));
		if (k < 0 || (size_t)k > sizeof(desc))
			continue;
		desc[sizeof(desc) - 1] = 0;
		if (strncmp(desc, "logon;", 6) != 0)
			continue;
		name = strrchr(desc, ';');
		if (!name || strncmp(name + 1, prefix, strlen(prefix)) != 0)
			continue;
		if (keyctl(KEYCTL_INVALIDATE, (unsigned long)ids[i], 0, 0) < 0)
			return -errno;
		count++;
	}
	*ret_count = count;
	return 0;
}

bool kernel_has_keyring(void) {
	/* Looks the thread keyring up without creating it (ENOKEY: none yet); a kernel
	 * built without keys has no keyctl at all. */
	return keyctl(KEYCTL_GET_KEYRING_ID, (unsigned long)KEY_SPEC_THREAD_KEYRING, 0, 0) >= 0 ||
	       errno != ENOSYS;
}
