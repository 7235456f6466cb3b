/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "enum-names.h"

#include "macro.h"

const char *backend_to_string(enum ephvol_backend b) {
	static const char *const t[] = {
		[EPHVOL_BACKEND_DISK] = "disk", [EPHVOL_BACKEND_ZRAM] = "zram"
	};
	return (unsigned)b < ELEMENTSOF(t) ? t[b] : NULL;
}

const char *role_to_string(enum ephvol_role r) {
	static const char *const t[] = {
		[EPHVOL_ROLE_SWAP] = "swap", [EPHVOL_ROLE_TMP] = "tmp", [EPHVOL_ROLE_RAW] = "raw"
	};
	return (unsigned)r < ELEMENTSOF(t) ? t[r] : NULL;
}

const char *key_location_to_string(enum ephvol_key_location l) {
	static const char *const t[] = { [EPHVOL_KEY_NONE] = "none",
		                         [EPHVOL_KEY_DM_TABLE] = "dm-table",
		                         [EPHVOL_KEY_KEYRING] = "keyring" };
	return (unsigned)l < ELEMENTSOF(t) ? t[l] : NULL;
}

const char *protection_to_string(enum ephvol_protection p) {
	static const char *const t[] = { [EPHVOL_PROTECTION_ENCRYPTED] = "encrypted",
		                         [EPHVOL_PROTECTION_RAM_ONLY] = "ram-only",
		                         [EPHVOL_PROTECTION_PLAINTEXT_ON_DISK] =
		                                 "plaintext-on-disk",
		                         [EPHVOL_PROTECTION_UNKNOWN] = "unknown" };
	return (unsigned)p < ELEMENTSOF(t) ? t[p] : NULL;
}

const char *state_to_string(enum ephvol_state st) {
	static const char *const t[] = { [EPHVOL_STATE_ACTIVE] = "active",
		                         [EPHVOL_STATE_INACTIVE] = "inactive",
		                         [EPHVOL_STATE_INCOMPLETE] = "incomplete",
		                         [EPHVOL_STATE_SUSPENDED] = "suspended",
		                         [EPHVOL_STATE_ORPHANED] = "orphaned" };
	return (unsigned)st < ELEMENTSOF(t) ? t[st] : NULL;
}

const char *audit_kind_to_string(enum ephvol_audit_kind k) {
	static const char *const t[] = { [EPHVOL_AUDIT_SWAP] = "swap", [EPHVOL_AUDIT_TMP] = "tmp" };
	return (unsigned)k < ELEMENTSOF(t) ? t[k] : NULL;
}
