/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit entry object: reference counting and accessors. The audit itself is audit.c. */
#include <stdlib.h>

#include "enum-names.h"
#include "libephvol-private.h"

struct ephvol_audit_entry *audit_entry_new(enum ephvol_audit_kind kind) {
	struct ephvol_audit_entry *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->n_ref = 1;
	e->kind = kind;
	e->protection = EPHVOL_PROTECTION_UNKNOWN;
	return e;
}

static void audit_entry_free(struct ephvol_audit_entry *e) {
	free(e->path);
	free(e->type);
	free(e->device);
	free(e->volume);
	free(e->cipher);
	free(e->reason);
	free(e);
}

DEFINE_PUBLIC_REF_UNREF_FUNC(struct ephvol_audit_entry, ephvol_audit_entry, audit_entry_free);

_public_ void ephvol_audit_list_free(struct ephvol_audit_entry **entries) {
	if (!entries)
		return;
	for (struct ephvol_audit_entry **e = entries; *e; e++)
		ephvol_audit_entry_unref(*e);
	free(entries);
}

_public_ enum ephvol_audit_kind ephvol_audit_entry_get_kind(const struct ephvol_audit_entry *e) {
	return e->kind;
}
_public_ const char *ephvol_audit_entry_get_path(const struct ephvol_audit_entry *e) {
	return e->path;
}
_public_ const char *ephvol_audit_entry_get_device(const struct ephvol_audit_entry *e) {
	return e->device;
}
_public_ const char *ephvol_audit_entry_get_type(const struct ephvol_audit_entry *e) {
	return e->type;
}
_public_ const char *ephvol_audit_entry_get_volume(const struct ephvol_audit_entry *e) {
	return e->volume;
}
_public_ const char *ephvol_audit_entry_get_cipher(const struct ephvol_audit_entry *e) {
	return e->cipher;
}
_public_ enum ephvol_protection
ephvol_audit_entry_get_protection(const struct ephvol_audit_entry *e) {
	return e->protection;
}
_public_ const char *ephvol_audit_entry_get_reason(const struct ephvol_audit_entry *e) {
	return e->reason;
}

_public_ const char *ephvol_audit_kind_to_string(enum ephvol_audit_kind k) {
	return audit_kind_to_string(k);
}
