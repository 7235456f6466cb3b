/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finds ephvol volumes from the kernel's own state, read below the context root: its
 * dm-crypt mappings (scan-dm.c), its zram devices (scan-zram.c), the creates that
 * stopped before their end (intent records), and what uses each (scan-usage.c).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cipher.h"
#include "dir-util.h"
#include "fileio.h"
#include "intent.h"
#include "parse.h"
#include "run-record.h"
#include "scan.h"
#include "volume-query.h"
#include "zram-record.h"

static void scan_done(struct scan *s) {
	for (size_t i = 0; i < s->n; i++)
		ephvol_volume_unref(s->volumes[i]);
	free(s->volumes);
	swap_entries_free(s->swaps, s->n_swaps);
	mount_entries_free(s->mounts, s->n_mounts);
}

int scan_add(struct scan *s, struct ephvol_volume *v) {
	struct ephvol_volume **a = realloc(s->volumes, (s->n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	s->volumes = a;
	s->volumes[s->n++] = v;
	return 0;
}

/* Each record in DIR (below the context root) named like a volume, handed to FN.
 * Records that vanish or cannot be read meanwhile are skipped. */
static int scan_records(struct scan *s, const char *dir_path,
                        int (*fn)(struct scan *s, const char *name, const char *text)) {
	_cleanup_free_ char *dir = ctx_path(s->ctx, dir_path);
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT || errno == EACCES ? 0 : -errno;
	while ((de = readdir(d)) && r >= 0) {
		_cleanup_free_ char *p = NULL, *text = NULL;

		if (!volume_name_is_valid(de->d_name) || (s->only && !streq(de->d_name, s->only)))
			continue;
		p = path_join(dir, de->d_name);
		if (!p)
			return -ENOMEM;
		if (read_full_file(p, &text, NULL) < 0)
			continue;
		r = fn(s, de->d_name, text);
	}
	return r;
}

struct ephvol_volume *scan_find(struct scan *s, const char *name) {
	for (size_t i = 0; i < s->n; i++)
		if (streq(s->volumes[i]->name, name))
			return s->volumes[i];
	return NULL;
}

/* A create that stopped before its end (intent.h): its volume is incomplete, and
 * listed even when nothing of it is in the kernel yet, so destroy can be told. */
static int scan_intent_one(struct scan *s, const char *name, const char *text) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	struct ephvol_volume *found = scan_find(s, name);
	struct intent i;
	int r;

	if (intent_parse(text, &i) < 0) {
		ctx_debug(s->ctx, "ignoring unreadable intent record for %s", name);
		return 0;
	}
	if (found) {
		found->incomplete = true;
		/* A create killed between its two mappings, not a destroy. */
		if (found->integrity_left)
			found->suspended = false;
		return 0;
	}
	v = volume_new(name);
	if (!v)
		return -ENOMEM;
	v->backend = i.backend;
	v->role = i.role;
	v->incomplete = true;
	/* Nothing is stored yet, so nothing can leak. */
	v->protection = i.backend == EPHVOL_BACKEND_ZRAM ? EPHVOL_PROTECTION_RAM_ONLY
	                                                 : EPHVOL_PROTECTION_ENCRYPTED;
	r = scan_add(s, v);
	if (r < 0)
		return r;
	TAKE_PTR(v);
	return 0;
}

/* A run record (run-record.h): whose the volume is, and whether that process lives.
 * A record without a volume is a run that has not created it yet, or whose volume is
 * gone: nothing to show. */
static int scan_run_one(struct scan *s, const char *name, const char *text) {
	struct ephvol_volume *v = scan_find(s, name);
	struct run_record rec;
	int alive;

	if (!v)
		return 0;
	if (run_record_parse(text, &rec) < 0) {
		ctx_debug(s->ctx, "ignoring unreadable run record for %s", name);
		return 0;
	}
	free(v->command);
	v->command = strdup(rec.command);
	if (!v->command)
		return -ENOMEM;
	v->owner_pid = rec.pid;
	alive = run_owner_alive(s->root, rec.pid, rec.start_time);
	if (alive < 0)
		ctx_debug(s->ctx, "cannot tell whether PID %d, owner of %s, lives: %s",
		          (int)rec.pid, name, strerror(-alive));
	v->orphaned = alive == 0;
	return 0;
}

static enum ephvol_state volume_state(const struct ephvol_volume *v) {
	if (v->suspended)
		return EPHVOL_STATE_SUSPENDED;
	if (v->orphaned)
		return EPHVOL_STATE_ORPHANED;
	if (v->incomplete)
		return EPHVOL_STATE_INCOMPLETE;
	/* A live run volume is mounted in its job's namespace only. */
	if (v->is_swap || v->mountpoint || v->role == EPHVOL_ROLE_RAW || v->owner_pid > 0)
		return EPHVOL_STATE_ACTIVE;
	return EPHVOL_STATE_INACTIVE;
}

static int compare_volumes(const void *a, const void *b) {
	const struct ephvol_volume *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

/* The volumes the kernel and /run show, or with ONLY just that one (or none): a lookup
 * costs the same whatever else exists (a libcryptsetup query per mapping). */
static int scan_volumes(struct ephvol_ctx *ctx, const char *only,
                        struct ephvol_volume ***ret_volumes, size_t *ret_n) {
	struct scan s = { .ctx = ctx, .root = ephvol_ctx_get_root(ctx), .only = only };
	struct ephvol_volume **result;
	int r;

	r = scan_load_tables(&s);
	if (r >= 0)
		r = scan_dm(&s);
	if (r >= 0)
		r = scan_records(&s, ZRAM_RECORD_DIR, scan_zram_one);
	/* After the volumes they may belong to. */
	if (r >= 0)
		r = scan_records(&s, INTENT_DIR, scan_intent_one);
	if (r >= 0)
		r = scan_records(&s, RUN_RECORD_DIR, scan_run_one);
	if (r < 0) {
		ctx_err(ctx, "cannot read the system's volume state: %s", strerror(-r));
		scan_done(&s);
		return r;
	}

	for (size_t i = 0; i < s.n; i++) {
		struct ephvol_volume *v = s.volumes[i];

		scan_attach_usage(&s, v);
		if (ctx_is_live(ctx)) {
			if (v->backend == EPHVOL_BACKEND_DISK && v->kname)
				volume_query_dm(ctx, v);
			else if (v->writeback_dm)
				volume_query_writeback(ctx, v);
		}
		/* No dm-crypt mapping, no key: known without asking device-mapper. */
		if (!(v->backend == EPHVOL_BACKEND_DISK
		              ? v->kname && v->protection == EPHVOL_PROTECTION_ENCRYPTED
		              : !!v->writeback_dm))
			v->keys_known = true;
		v->state = volume_state(v);
	}
	volumes_fill_cipher_drivers(ctx, s.volumes, s.n);

	if (s.n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(s.volumes, s.n, sizeof(*s.volumes), compare_volumes);
	result = realloc(s.volumes, (s.n + 1) * sizeof(*result));
	if (!result) {
		scan_done(&s);
		return -ENOMEM;
	}
	result[s.n] = NULL;
	s.volumes = NULL;
	if (ret_n)
		*ret_n = s.n;
	*ret_volumes = result;
	s.n = 0;
	scan_done(&s);
	return 0;
}

_public_ int ephvol_volume_list(struct ephvol_ctx *ctx, struct ephvol_volume ***ret_volumes,
                                size_t *ret_n) {
	if (!ctx || !ret_volumes)
		return -EINVAL;
	return scan_volumes(ctx, NULL, ret_volumes, ret_n);
}

_public_ int ephvol_volume_lookup(struct ephvol_ctx *ctx, const char *name,
                                  struct ephvol_volume **ret) {
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **list = NULL;
	int r;

	if (!ctx || !ret)
		return -EINVAL;
	if (!volume_name_is_valid(name))
		return -EINVAL;
	r = scan_volumes(ctx, name, &list, NULL);
	if (r < 0)
		return r;
	for (struct ephvol_volume **v = list; *v; v++)
		if (streq((*v)->name, name)) {
			*ret = ephvol_volume_ref(*v);
			return 0;
		}
	return -ENOENT;
}
