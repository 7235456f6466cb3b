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

static void crypt_log_to_ctx(int level, const char *msg, void *userdata) {
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

/* Cipher, key size, sector size and key location of the live dm-crypt mapping dmname.
 * Returns 0, or a negative errno when device-mapper does not know it. */
static int query_crypt(struct ephvol_ctx *ctx, const char *dmname, struct ephvol_volume *v) {
	_cleanup_(crypt_freep) struct crypt_device *cd = NULL;
	struct crypt_active_device cad;
	const char *cipher, *mode;
	char header[128];
	int r;

	/* A detached LUKS2 header: without it libcryptsetup cannot read the cipher. */
	snprintf(header, sizeof(header), HEADER_DIR "/%s", dmname);
	r = crypt_init_by_name_and_header(&cd, dmname, access(header, F_OK) == 0 ? header : NULL);
	if (r < 0) {
		ctx_debug(ctx, "cannot query device-mapper for %s: %s", dmname, strerror(-r));
		return r;
	}
	crypt_set_log_callback(cd, crypt_log_to_ctx, ctx);
	cipher = crypt_get_cipher(cd);
	mode = crypt_get_cipher_mode(cd);
	free(v->cipher);
	if (!cipher || !mode || asprintf(&v->cipher, "%s-%s", cipher, mode) < 0)
		v->cipher = NULL;
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
	if (!v->is_swap && !v->mountpoint)
		v->role = role_from_signature(ctx, v->device);
}

void sys_query_writeback(struct ephvol_ctx *ctx, struct ephvol_volume *v) {
	if (v->writeback_dm)
		(void)query_crypt(ctx, v->writeback_dm, v);
}
