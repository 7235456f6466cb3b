/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "volume-query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aead.h"
#include "dm-name.h"
#include "sys-crypt.h"

static int crypt_info(struct ephvol_ctx *ctx, const char *dmname, struct dm_crypt_info *ret) {
	const struct ctx_kernel *k = ctx_kernel(ctx);

	return k ? k->crypt_query(ctx, dmname, ret) : -EOPNOTSUPP;
}

static int query_crypt(struct ephvol_ctx *ctx, const char *dmname, struct ephvol_volume *v) {
	struct dm_crypt_info info = {};
	int r;

	r = crypt_info(ctx, dmname, &info);
	if (r < 0)
		return r;
	free(v->cipher);
	v->cipher = info.cipher;
	free(v->crypt_flags);
	v->crypt_flags = info.flags;
	v->integrity = mfree(v->integrity);
	if (info.integrity_aead) {
		const struct aead_cipher *a = aead_cipher_find_kernel(v->cipher);

		/* By cryptsetup's name where it is one of ours, else as the table has it. */
		if (asprintf(&v->integrity, "aead:%s", a ? a->name : v->cipher) < 0)
			v->integrity = NULL;
	}
	v->key_bits = info.key_bits;
	v->sector_size = info.sector_size;
	v->key_location = info.key_in_keyring ? EPHVOL_KEY_KEYRING : EPHVOL_KEY_DM_TABLE;
	v->keys_known = true;
	v->keys_live = info.key_live;
	return 0;
}

void volume_query_dm(struct ephvol_ctx *ctx, struct ephvol_volume *v) {
	_cleanup_free_ char *type = NULL;
	char dmname[DM_NAME_MAX];
	int r;

	volume_dm_name(v->name, dmname, sizeof(dmname));
	if (query_crypt(ctx, dmname, v) < 0)
		return;
	/* Never read a suspended mapping: the probe would wait for its resume. */
	if (v->is_swap || v->mountpoint || v->suspended)
		return;
	r = ctx_kernel(ctx)->probe_type(v->device, &type);
	if (r == -ENODATA)
		v->role = EPHVOL_ROLE_RAW;
	else if (r < 0) {
		ctx_debug(ctx, "cannot probe %s: %s", v->device, strerror(-r));
		v->role = EPHVOL_ROLE_RAW;
	} else
		v->role = streq(type, "swap") ? EPHVOL_ROLE_SWAP : EPHVOL_ROLE_TMP;
}

void volume_query_writeback(struct ephvol_ctx *ctx, struct ephvol_volume *v) {
	if (v->writeback_dm)
		(void)query_crypt(ctx, v->writeback_dm, v);
}

int volume_query_crypt_cipher(struct ephvol_ctx *ctx, const char *dmname, char **ret_cipher) {
	struct dm_crypt_info info = {};
	int r;

	r = crypt_info(ctx, dmname, &info);
	if (r < 0)
		return r;
	if (!info.cipher) {
		dm_crypt_info_done(&info);
		return -ENODATA;
	}
	*ret_cipher = TAKE_PTR(info.cipher);
	dm_crypt_info_done(&info);
	return 0;
}
