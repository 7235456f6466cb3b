/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The audit: follows every active swap area and the filesystems at /tmp and /var/tmp
 * down to where their data ends up, from files below the context root only:
 * /proc/swaps, mountinfo, and per block device /sys/class/block/NAME (dm/uuid and
 * slaves/ for device-mapper and md, backing_dev for zram, loop/backing_file for loop
 * devices; /sys/dev/block for the device of a mount). A stack is as safe as its worst
 * path to storage: one path that reaches a disk in plaintext makes it
 * plaintext-on-disk, whatever protects the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#include "aead.h"
#include "fileio.h"
#include "sysfs-block.h"
#include "volume-query.h"

static bool ends_with(const char *s, const char *suffix) {
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && streq(s + n - k, suffix);
}

/* Fills the entry from the verdict on its storage; kname: its block device, if any. */
static int entry_finish(struct audit *a, struct ephvol_audit_entry *e, const char *kname,
                        struct verdict *v, const char *note) {
	const char *tail = "";

	e->protection = v->protection;
	if (kname) {
		if (!e->device && asprintf(&e->device, "/dev/%s", kname) < 0) {
			e->device = NULL;
			return -ENOMEM;
		}
		for (struct ephvol_volume **p = a->volumes; p && *p; p++)
			if ((*p)->kname && streq((*p)->kname, kname)) {
				e->volume = strdup((*p)->name);
				if (!e->volume)
					return -ENOMEM;
				break;
			}
	}
	/* Only the kernel knows the cipher; a fixture tree does not. */
	if (v->crypt_dm && ctx_is_live(a->ctx) &&
	    volume_query_crypt_cipher(a->ctx, v->crypt_dm, &e->cipher) == 0) {
		if (strncmp(e->cipher, "cipher_null", 11) == 0 &&
		    e->protection != EPHVOL_PROTECTION_RAM_ONLY) {
			e->protection = EPHVOL_PROTECTION_PLAINTEXT_ON_DISK;
			tail = " with cipher_null";
		} else if (aead_cipher_find_kernel(e->cipher))
			/* AEAD over dm-integrity: altered ciphertext reads as an error. */
			tail = ", authenticated";
	}
	if (e->protection == EPHVOL_PROTECTION_PLAINTEXT_ON_DISK &&
	    !ends_with(v->text, "not encrypted"))
		tail = *tail ? " with cipher_null, not encrypted" : ", not encrypted";
	if (asprintf(&e->reason, "%s%s%s", v->text, tail, note ?: "") < 0) {
		e->reason = NULL;
		return -ENOMEM;
	}
	ctx_debug(a->ctx, "%s %s: %s: %s", ephvol_audit_kind_to_string(e->kind), e->path,
	          ephvol_protection_to_string(e->protection), e->reason);
	return 0;
}

static int audit_swap(struct audit *a, const struct swap_entry *s, struct ephvol_audit_entry *e) {
	_cleanup_free_ char *kname = NULL, *file = NULL;
	struct verdict v = {};
	int r;

	e->path = strdup(s->path);
	e->type = strdup(s->type);
	if (!e->path || !e->type)
		return -ENOMEM;
	if (streq(s->type, "file")) {
		const struct mount_entry *m;

		file = strdup(s->path);
		if (!file)
			return -ENOMEM;
		strip_deleted(file);
		m = mount_holding(a, file, SIZE_MAX);
		if (!m)
			r = verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN,
			                "no mounted filesystem holds it");
		else {
			r = mount_kname(a, m, &kname);
			if (r != -ENOMEM)
				r = judge_mount(a, m, &v);
			if (r >= 0 && !v.final)
				r = verdict_set(&v, v.protection, "file on %s", v.text);
		}
	} else {
		r = sysfs_block_from_path(a->root, s->path, &kname);
		if (r == -ENOENT) {
			e->device = strdup(s->path);
			r = e->device ? verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN,
			                            "%s not in sysfs", s->path)
			              : -ENOMEM;
		} else if (r >= 0)
			r = judge_device(a, kname, true, &v);
	}
	if (r >= 0)
		r = entry_finish(a, e, kname, &v, NULL);
	verdict_done(&v);
	return r;
}

static int audit_tmp(struct audit *a, const char *dir, struct ephvol_audit_entry *e) {
	_cleanup_free_ char *kname = NULL, *note = NULL;
	const struct mount_entry *m = NULL;
	struct verdict v = {};
	int r;

	e->path = strdup(dir);
	if (!e->path)
		return -ENOMEM;
	/* The last mount on the path is the one in sight. */
	for (size_t i = 0; i < a->n_mounts; i++)
		if (streq(a->mounts[i].mount_point, dir))
			m = &a->mounts[i];
	if (!m) {
		m = mount_holding(a, dir, SIZE_MAX);
		if (m && asprintf(&note, " (part of %s)", m->mount_point) < 0)
			return -ENOMEM;
	}
	if (!m)
		r = verdict_set(&v, EPHVOL_PROTECTION_UNKNOWN, "no mounted filesystem holds it");
	else {
		e->type = strdup(m->fstype);
		if (!e->type)
			return -ENOMEM;
		r = mount_kname(a, m, &kname);
		if (r != -ENOMEM)
			r = judge_mount(a, m, &v);
	}
	if (r >= 0)
		r = entry_finish(a, e, kname, &v, note);
	verdict_done(&v);
	return r;
}

static int load_tables(struct audit *a) {
	_cleanup_free_ char *swaps = NULL, *mountinfo = NULL, *p = NULL, *q = NULL;
	int r;

	p = ctx_path(a->ctx, "/proc/swaps");
	q = ctx_path(a->ctx, "/proc/self/mountinfo");
	if (!p || !q)
		return -ENOMEM;
	r = read_full_file(p, &swaps, NULL);
	if (r >= 0)
		r = parse_proc_swaps(swaps, &a->swaps, &a->n_swaps);
	if (r >= 0)
		r = read_full_file(q, &mountinfo, NULL);
	if (r >= 0)
		r = parse_mountinfo(mountinfo, &a->mounts, &a->n_mounts);
	return r;
}

static void audit_done(struct audit *a) {
	swap_entries_free(a->swaps, a->n_swaps);
	mount_entries_free(a->mounts, a->n_mounts);
	ephvol_volume_list_free(a->volumes);
}

_public_ int ephvol_audit(struct ephvol_ctx *ctx, struct ephvol_audit_entry ***ret_entries,
                          size_t *ret_n) {
	static const char *const tmp_dirs[] = { "/tmp", "/var/tmp" };
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **entries = NULL;
	struct audit a = { .ctx = ctx, .root = ephvol_ctx_get_root(ctx) };
	size_t n = 0;
	int worst = -1, r;

	if (!ctx || !ret_entries)
		return -EINVAL;
	r = load_tables(&a);
	if (r < 0) {
		ctx_debug(ctx, "cannot read the swap areas and mounts: %s", strerror(-r));
		audit_done(&a);
		return r;
	}
	/* Only to name ephvol's volumes: an audit without names is still an audit. */
	r = ephvol_volume_list(ctx, &a.volumes, NULL);
	if (r < 0)
		ctx_debug(ctx, "cannot list ephvol's volumes: %s", strerror(-r));

	entries = calloc(a.n_swaps + ELEMENTSOF(tmp_dirs) + 1, sizeof(*entries));
	r = entries ? 0 : -ENOMEM;
	for (size_t i = 0; r >= 0 && i < a.n_swaps + ELEMENTSOF(tmp_dirs); i++) {
		bool swap = i < a.n_swaps;

		if (i == a.n_swaps)
			a.swaps_judged = true;
		entries[n] = audit_entry_new(swap ? EPHVOL_AUDIT_SWAP : EPHVOL_AUDIT_TMP);
		if (!entries[n]) {
			r = -ENOMEM;
			break;
		}
		r = swap ? audit_swap(&a, &a.swaps[i], entries[n])
		         : audit_tmp(&a, tmp_dirs[i - a.n_swaps], entries[n]);
		if (swap && r >= 0 && severity(entries[n]->protection) > worst) {
			worst = severity(entries[n]->protection);
			a.swap_worst = entries[n]->protection;
			a.swap_worst_path = entries[n]->path;
		}
		n++;
	}
	audit_done(&a);
	if (r < 0)
		return r;
	if (ret_n)
		*ret_n = n;
	*ret_entries = TAKE_PTR(entries);
	return 0;
}
