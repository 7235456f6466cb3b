/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sys-query.h"

#include <blkid.h>
#include <libcryptsetup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "run-paths.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct crypt_device *, crypt_free);
DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe);

void crypt_log_to_ctx(int level, const char *msg, void *userdata) {
	struct ephvol_ctx *ctx = userdata;

	ctx_debug(ctx, "libcryptsetup (%d): %.*s", level, (int)strcspn(msg, "\n"), msg);
}

/* An inactive volume's role is what its content says it was made for. */
static enum ephvol_role role_from_signature(struct ephvol_ctx *ctx, const char *device) {
	_cleanup_(blkid_free_probep) blkid_probe pr = NULL;
	const char *type = NULL;

	pr = blkid_new_probe_from_filename(device);
	if (!pr) {
		ctx_debug(ctx, "cannot probe %s: %m", device);
		return EPHVOL_ROLE_RAW;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (blkid_do_safeprobe(pr) != 0 || blkid_probe_lookup_value(pr, "TYPE", &type, NULL) < 0)
		return EPHVOL_ROLE_RAW;
	return streq(type, "swap") ? EPHVOL_ROLE_SWAP : EPHVOL_ROLE_TMP;
}

/* libcryptsetup's view of the live mapping dmname, with the detached LUKS2 header ephvol
 * keeps for its own mappings: without it libcryptsetup cannot read their cipher. */
static int crypt_open_by_name(struct ephvol_ctx *ctx, const char *dmname,
                              struct crypt_device **ret_cd) {
	struct crypt_device *cd = NULL;
	char header[128];
	int r;

	snprintf(header, sizeof(header), HEADER_DIR "/%s", dmname);
	r = crypt_init_by_name_and_header(&cd, dmname, access(header, F_OK) == 0 ? header : NULL);
	if (r < 0) {
		ctx_debug(ctx, "cannot query device-mapper for %s: %s", dmname, strerror(-r));
		return r;
	}
	crypt_set_log_callback(cd, crypt_log_to_ctx, ctx);
	*ret_cd = cd;
	return 0;
}

/* "aes" + "xts-plain64" as the kernel's spec; NULL when unknown or out of memory. */
static char *crypt_cipher_spec(struct crypt_device *cd) {
	const char *cipher = crypt_get_cipher(cd), *mode = crypt_get_cipher_mode(cd);
	char *spec;

	if (!cipher || !mode || asprintf(&spec, "%s-%s", cipher, mode) < 0)
		return NULL;
	return spec;
}

/* Cipher, key size, sector size and key location of the live dm-crypt mapping dmname.
 * Returns 0, or a negative errno when device-mapper does not know it. */
static int query_crypt(struct ephvol_ctx *ctx, const char *dmname, struct ephvol_volume *v) {
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	struct crypt_active_device cad;
	int r;

	r = crypt_open_by_name(ctx, dmname, &cd);
	if (r < 0)
		return r;
	free(v->cipher);
	v->cipher = crypt_cipher_spec(cd);
	v->key_bits = (unsigned)crypt_get_volume_key_size(cd) * 8;
	if (v->key_bits == 0) {
		/* LUKS2 keeps the key size in keyslots, and ephvol's headers have none;
		 * without the header libcryptsetup reads it from the live table. */
		_cleanup_(crypt_freep) struct crypt_device *table_cd = NULL;

		if (crypt_init_by_name_and_header(&table_cd, dmname, NULL) == 0)
			v->key_bits = (unsigned)crypt_get_volume_key_size(table_cd) * 8;
	}
	v->sector_size = (unsigned)crypt_get_sector_size(cd);
	if (crypt_get_active_device(cd, dmname, &cad) == 0)
		v->key_location = cad.flags & CRYPT_ACTIVATE_KEYRING_KEY ? EPHVOL_KEY_KEYRING
		                                                         : EPHVOL_KEY_DM_TABLE;
	return 0;
}

void sys_query_dm(struct ephvol_ctx *ctx, struct ephvol_volume *v) {
	char dmname[64];

	snprintf(dmname, sizeof(dmname), "ephvol-%s", v->name);
	if (query_crypt(ctx, dmname, v) < 0)
		return;
	/* Never read a suspended mapping: the probe would wait for its resume. */
	if (!v->is_swap && !v->mountpoint && !v->suspended)
		v->role = role_from_signature(ctx, v->device);
}

void sys_query_writeback(struct ephvol_ctx *ctx, struct ephvol_volume *v) {
	if (v->writeback_dm)
		(void)query_crypt(ctx, v->writeback_dm, v);
}

int sys_query_crypt_cipher(struct ephvol_ctx *ctx, const char *dmname, char **ret_cipher) {
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	char *spec;
	int r;

	r = crypt_open_by_name(ctx, dmname, &cd);
	if (r < 0)
		return r;
	spec = crypt_cipher_spec(cd);
	if (!spec)
		return crypt_get_cipher(cd) ? -ENOMEM : -ENODATA;
	*ret_cipher = spec;
	return 0;
}
