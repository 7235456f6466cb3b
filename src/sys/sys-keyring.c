/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A volume key reaches dm-crypt as a logon key: the table names it, and the kernel never
 * hands a logon key's payload back to user space. It lives in our thread keyring only
 * for the table load, found there first by dm-crypt's request_key(). dm-crypt then holds
 * its own copy, so it is invalidated at once: the kernel frees the payload
 * (kfree_sensitive) right away instead of when the key garbage collector runs, and no
 * keyring entry outlives create. Were create killed first, the thread keyring, the key's
 * only link, dies with the process.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

static long keyctl(int cmd, unsigned long a2, unsigned long a3, unsigned long a4) {
	return syscall(SYS_keyctl, cmd, a2, a3, a4, 0UL);
}

int keyring_add_logon_key(const char *description, const void *key, size_t size, int32_t *ret_id) {
	long id = syscall(SYS_add_key, "logon", description, key, size, KEY_SPEC_THREAD_KEYRING);

	if (id < 0)
		return -errno;
	*ret_id = (int32_t)id;
	return 0;
}

void keyring_invalidatep(int32_t *id) {
	if (*id > 0 && keyctl(KEYCTL_INVALIDATE, (unsigned long)*id, 0, 0) < 0)
		/* Still freed when the thread keyring, its only link, dies with us. */
		log_warning_errno(-errno, "Cannot invalidate key %d in the thread keyring: %m",
		                  *id);
	*id = 0;
}

bool kernel_has_keyring(void) {
	/* Looks the thread keyring up without creating it (ENOKEY: none yet); a kernel
	 * built without keys has no keyctl at all. */
	return keyctl(KEYCTL_GET_KEYRING_ID, (unsigned long)KEY_SPEC_THREAD_KEYRING, 0, 0) >= 0 ||
	       errno != ENOSYS;
}
