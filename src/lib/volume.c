/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "enum-names.h"
#include "libephvol-private.h"
#include "parse.h"

struct ephvol_volume *volume_new(const char *name) {
	struct ephvol_volume *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->n_ref = 1;
	v->name = strdup(name);
	if (!v->name) {
		free(v);
		return NULL;
	}
	return v;
}

_public_ bool ephvol_volume_is_valid_name(const char *name) {
	return volume_name_is_valid(name);
}

static void volume_free(struct ephvol_volume *v) {
	free(v->name);
	free(v->kname);
	free(v->device);
	free(v->backing);
	free(v->cipher);
	free(v->crypt_flags);
	free(v->integrity);
	free(v->cipher_driver);
	free(v->mountpoint);
	free(v->comp_algorithm);
	free(v->writeback);
	free(v->writeback_dm);
	free(v->writeback_backing);
	free(v->command);
	free(v);
}

DEFINE_PUBLIC_REF_UNREF_FUNC(struct ephvol_volume, ephvol_volume, volume_free);

_public_ void ephvol_volume_list_free(struct ephvol_volume **volumes) {
	if (!volumes)
		return;
	for (struct ephvol_volume **v = volumes; *v; v++)
		ephvol_volume_unref(*v);
	free(volumes);
}

_public_ const char *ephvol_volume_get_name(const struct ephvol_volume *v) {
	return v->name;
}
_public_ enum ephvol_backend ephvol_volume_get_backend(const struct ephvol_volume *v) {
	return v->backend;
}
_public_ enum ephvol_role ephvol_volume_get_role(const struct ephvol_volume *v) {
	return v->role;
}
_public_ const char *ephvol_volume_get_device(const struct ephvol_volume *v) {
	return v->device;
}
_public_ const char *ephvol_volume_get_backing(const struct ephvol_volume *v) {
	return v->backing;
}
_public_ uint64_t ephvol_volume_get_size(const struct ephvol_volume *v) {
	return v->size;
}
_public_ const char *ephvol_volume_get_cipher(const struct ephvol_volume *v) {
	return v->cipher;
}
_public_ const char *ephvol_volume_get_cipher_driver(const struct ephvol_volume *v) {
	return v->cipher_driver;
}
_public_ unsigned ephvol_volume_get_key_bits(const struct ephvol_volume *v) {
	return v->key_bits;
}
_public_ unsigned ephvol_volume_get_sector_size(const struct ephvol_volume *v) {
	return v->sector_size;
}
_public_ enum ephvol_key_location ephvol_volume_get_key_location(const struct ephvol_volume *v) {
	return v->key_location;
}
_public_ const char *ephvol_volume_get_mountpoint(const struct ephvol_volume *v) {
	return v->mountpoint;
}
_public_ int ephvol_volume_get_swap_priority(const struct ephvol_volume *v, int *ret_priority) {
	if (!v->is_swap)
		return -ENODATA;
	*ret_priority = v->swap_priority;
	return 0;
}
_public_ const char *ephvol_volume_get_comp_algorithm(const struct ephvol_volume *v) {
	return v->comp_algorithm;
}
_public_ int ephvol_volume_get_data_bytes(const struct ephvol_volume *v, uint64_t *ret_orig,
                                          uint64_t *ret_compr) {
	if (!v->has_data_bytes)
		return -ENODATA;
	*ret_orig = v->orig_data;
	*ret_compr = v->compr_data;
	return 0;
}
_public_ int ephvol_volume_get_mem_used(const struct ephvol_volume *v, uint64_t *ret_bytes) {
	if (!v->has_mem_used)
		return -ENODATA;
	*ret_bytes = v->mem_used;
	return 0;
}
_public_ int ephvol_volume_get_mem_limit(const struct ephvol_volume *v, uint64_t *ret_bytes) {
	if (!v->has_mem_used || v->mem_limit == 0)
		return -ENODATA;
	*ret_bytes = v->mem_limit;
	return 0;
}
_public_ const char *ephvol_volume_get_writeback(const struct ephvol_volume *v) {
	return v->writeback;
}
_public_ const char *ephvol_volume_get_writeback_backing(const struct ephvol_volume *v) {
	return v->writeback_backing;
}
_public_ int ephvol_volume_get_writeback_bytes(const struct ephvol_volume *v, uint64_t *ret_bytes) {
	if (!v->has_writeback_bytes)
		return -ENODATA;
	*ret_bytes = v->writeback_bytes;
	return 0;
}
_public_ int ephvol_volume_get_writeback_written(const struct ephvol_volume *v,
                                                 uint64_t *ret_bytes) {
	if (!v->has_writeback_bytes)
		return -ENODATA;
	*ret_bytes = v->writeback_written;
	return 0;
}
_public_ int ephvol_volume_get_writeback_idle_age(const struct ephvol_volume *v,
                                                  uint64_t *ret_seconds) {
	if (!v->writeback || v->writeback_idle_age == 0)
		return -ENODATA;
	*ret_seconds = v->writeback_idle_age;
	return 0;
}
_public_ const char *ephvol_volume_get_crypt_flags(const struct ephvol_volume *v) {
	return v->crypt_flags;
}

_public_ const char *ephvol_volume_get_integrity(const struct ephvol_volume *v) {
	return v->integrity;
}
_public_ int ephvol_volume_get_keys_live(const struct ephvol_volume *v, unsigned *ret_n) {
	if (!v->keys_known)
		return -ENODATA;
	*ret_n = v->keys_live;
	return 0;
}
_public_ enum ephvol_protection ephvol_volume_get_protection(const struct ephvol_volume *v) {
	return v->protection;
}
_public_ enum ephvol_state ephvol_volume_get_state(const struct ephvol_volume *v) {
	return v->state;
}
_public_ int ephvol_volume_get_owner_pid(const struct ephvol_volume *v, pid_t *ret_pid) {
	if (!v || v->owner_pid <= 0)
		return -ENODATA;
	if (ret_pid)
		*ret_pid = v->owner_pid;
	return 0;
}
_public_ const char *ephvol_volume_get_command(const struct ephvol_volume *v) {
	return v ? v->command : NULL;
}

_public_ const char *ephvol_backend_to_string(enum ephvol_backend b) {
	return backend_to_string(b);
}
_public_ const char *ephvol_role_to_string(enum ephvol_role r) {
	return role_to_string(r);
}
_public_ const char *ephvol_key_location_to_string(enum ephvol_key_location l) {
	return key_location_to_string(l);
}
_public_ const char *ephvol_protection_to_string(enum ephvol_protection p) {
	return protection_to_string(p);
}
_public_ const char *ephvol_state_to_string(enum ephvol_state st) {
	return state_to_string(st);
}
