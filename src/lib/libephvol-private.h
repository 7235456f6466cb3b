/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <syslog.h>

#include "ephvol.h"
#include "ephvol-cleanup.h"
#include "macro.h"

void ephvol_log(struct ephvol_ctx *ctx, int priority, const char *file, int line, const char *fn,
                const char *format, ...) _printf_(6, 7);

#define ctx_log(ctx, prio, ...)                                                                    \
	do {                                                                                       \
		if (ephvol_ctx_get_log_priority(ctx) >= (prio))                                    \
			ephvol_log(ctx, prio, __FILE__, __LINE__, __func__, __VA_ARGS__);          \
	} while (0)
#define ctx_debug(ctx, ...) ctx_log(ctx, LOG_DEBUG, __VA_ARGS__)
#define ctx_info(ctx, ...)  ctx_log(ctx, LOG_INFO, __VA_ARGS__)
#define ctx_err(ctx, ...)   ctx_log(ctx, LOG_ERR, __VA_ARGS__)

/* NAME_ref() and NAME_unref() of the library's reference-counted objects (a field
 * unsigned n_ref), as systemd's DEFINE_PUBLIC_TRIVIAL_REF_UNREF_FUNC: both take NULL,
 * unref returns NULL and frees the object with free_func when its last reference goes. */
#define DEFINE_PUBLIC_REF_UNREF_FUNC(type, name, free_func)                                        \
	_public_ type *name##_ref(type *p) {                                                       \
		if (p)                                                                             \
			p->n_ref++;                                                                \
		return p;                                                                          \
	}                                                                                          \
	_public_ type *name##_unref(type *p) {                                                     \
		if (!p || --p->n_ref > 0)                                                          \
			return NULL;                                                               \
		free_func(p);                                                                      \
		return NULL;                                                                       \
	}

struct dm_crypt_info;

/* What the library asks the running kernel, bound to src/sys by src/lib/kernel.c (which
 * defines ephvol_ctx_new()). Unit tests link the library without src/sys and make their
 * contexts with no kernel: such a context reads only files below its root. */
struct ctx_kernel {
	/* dm_crypt_query(), with libcryptsetup's messages in the context's debug log. */
	int (*crypt_query)(struct ephvol_ctx *ctx, const char *dmname, struct dm_crypt_info *ret);
	/* The superblock type of a device ("swap", "ext4"); -ENODATA if none. */
	int (*probe_type)(const char *device, char **ret_type);
	/* Whether the kernel can give dm-crypt this cipher with this key size. */
	int (*cipher_check)(const char *cipher, unsigned key_bits);
	int (*cipher_benchmark)(struct ephvol_ctx *ctx, const char *cipher, const char *mode,
	                        size_t key_bytes, double *ret_encrypt_mibs,
	                        double *ret_decrypt_mibs);
};

int ctx_new_with_kernel(const struct ctx_kernel *kernel, struct ephvol_ctx **ret_ctx);
/* The kernel of a live context (root "/") that has one, else NULL. */
const struct ctx_kernel *ctx_kernel(const struct ephvol_ctx *ctx);

/* Path of a system file as seen below the context root; NULL on OOM. */
char *ctx_path(const struct ephvol_ctx *ctx, const char *path);
/* Whether the context looks at the running system (root "/"): the CPU's own features
 * describe it. Devices are opened only through ctx_kernel(). */
bool ctx_is_live(const struct ephvol_ctx *ctx);

struct ephvol_volume {
	unsigned n_ref;
	char *name;
	enum ephvol_backend backend;
	enum ephvol_role role;
	char *kname; /* kernel name: dm-3, zram0 */
	char *device;
	char *backing;
	uint64_t size;
	char *cipher;
	char *cipher_driver; /* the kernel's driver for cipher, from /proc/crypto */
	unsigned key_bits;
	unsigned sector_size;
	enum ephvol_key_location key_location;
	char *mountpoint;
	bool is_swap;
	int swap_priority;
	char *comp_algorithm;
	bool has_data_bytes;
	uint64_t orig_data, compr_data;
	bool has_mem_used;
	uint64_t mem_used;
	uint64_t mem_limit; /* 0: none */
	char *writeback;    /* zram backing_dev: /dev/mapper/ephvol-NAME:writeback or foreign */
	char *writeback_dm; /* dm name when writeback is ephvol's own mapping (volume-query.c) */
	char *writeback_backing; /* what that mapping is stored on */
	bool has_writeback_bytes;
	uint64_t writeback_bytes;
	uint64_t writeback_written;  /* bd_stat bd_writes, in bytes; with writeback_bytes */
	uint64_t writeback_idle_age; /* seconds, from the zram record; 0: the idle cycle */
	char *crypt_flags;           /* the dm-crypt mapping's flags, comma-separated */
	char *integrity;             /* "aead:CIPHER" for an authenticated mapping */
	bool keys_known;             /* keys_live is what the kernel says */
	unsigned keys_live;          /* keys the kernel holds for it now */
	enum ephvol_protection protection;
	bool incomplete;     /* an intent record, or a zram device never configured */
	bool suspended;      /* its mapping (or zram's writeback mapping) is suspended */
	bool integrity_left; /* only its integrity mapping is left (scan-dm.c) */
	pid_t owner_pid;     /* `ephvol run`'s process; 0: not a run volume (run-record.h) */
	char *command;       /* its job's command line */
	bool orphaned;       /* the owner is gone */
	enum ephvol_state state;
};

struct ephvol_volume *volume_new(const char *name);

struct ephvol_audit_entry {
	unsigned n_ref;
	enum ephvol_audit_kind kind;
	char *path;
	char *type;
	char *device;
	char *volume;
	char *cipher;
	enum ephvol_protection protection;
	char *reason;
};

struct ephvol_audit_entry *audit_entry_new(enum ephvol_audit_kind kind);
