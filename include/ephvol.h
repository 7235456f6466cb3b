/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libephvol — query ephemeral encrypted scratch volumes.
 *
 * Conventions: functions returning int return 0 (or a non-negative count) on
 * success and a negative errno-style code on failure. Out-parameters are named
 * ret_* and are written only on success. The library never prints; diagnostics
 * go to the context's log function. Objects are reference counted; every
 * *_unref() accepts NULL and returns NULL.
 *
 * Everything the library reads from /proc, /sys and /run is read below the
 * context's root directory (default "/"), so tests can point it at a fixture
 * tree. With a root other than "/", the library does not open devices or talk
 * to device-mapper: it reports only what the files say.
 */
#ifndef EPHVOL_H
#define EPHVOL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EPHVOL_NAME_MAX 32

/* -------------------------------------------------------------------------
 * Context
 * ---------------------------------------------------------------------- */

struct ephvol_ctx;

/**
 * ephvol_ctx_new - create a library context.
 * @ret_ctx: the new context, with one reference.
 * Returns 0, or -ENOMEM. Since 0.1.
 *
 * The log priority starts at LOG_ERR, or at the value of $EPHVOL_LOG
 * (a syslog priority number or name such as "debug").
 */
int ephvol_ctx_new(struct ephvol_ctx **ret_ctx);
/** Take a reference. Returns @ctx. Since 0.1. */
struct ephvol_ctx *ephvol_ctx_ref(struct ephvol_ctx *ctx);
/** Drop a reference; frees at zero. Accepts NULL. Returns NULL. Since 0.1. */
struct ephvol_ctx *ephvol_ctx_unref(struct ephvol_ctx *ctx);

/**
 * ephvol_log_fn - receives every library diagnostic at or above the
 * context's log priority. @priority is a syslog priority (LOG_ERR...).
 */
typedef void (*ephvol_log_fn)(void *userdata, int priority, const char *file, int line,
                              const char *fn, const char *format, va_list args);
/** Replace the log function (NULL silences the library). Since 0.1. */
void ephvol_ctx_set_log_fn(struct ephvol_ctx *ctx, ephvol_log_fn log_fn, void *userdata);
/** Since 0.1. */
int ephvol_ctx_get_log_priority(const struct ephvol_ctx *ctx);
/** Since 0.1. */
void ephvol_ctx_set_log_priority(struct ephvol_ctx *ctx, int priority);

/**
 * ephvol_ctx_set_root - read /proc, /sys and /run below @root.
 * Returns 0, -EINVAL if @root is not an absolute path, -ENOMEM. Since 0.1.
 */
int ephvol_ctx_set_root(struct ephvol_ctx *ctx, const char *root);
/** The root directory, "/" by default. Since 0.1. */
const char *ephvol_ctx_get_root(const struct ephvol_ctx *ctx);

/* -------------------------------------------------------------------------
 * Volumes
 * ---------------------------------------------------------------------- */

enum ephvol_backend {
	EPHVOL_BACKEND_DISK,
	EPHVOL_BACKEND_ZRAM,
};

enum ephvol_role {
	EPHVOL_ROLE_SWAP,
	EPHVOL_ROLE_TMP,
	EPHVOL_ROLE_RAW,
};

enum ephvol_key_location {
	EPHVOL_KEY_NONE,     /* no key: zram keeps data in RAM only */
	EPHVOL_KEY_DM_TABLE, /* the key is in the dm table (root can read it back) */
	EPHVOL_KEY_KEYRING,  /* the dm table references a kernel keyring key */
};

enum ephvol_protection {
	EPHVOL_PROTECTION_ENCRYPTED,
	EPHVOL_PROTECTION_RAM_ONLY,
	EPHVOL_PROTECTION_PLAINTEXT_ON_DISK,
};

struct ephvol_volume;

/**
 * ephvol_volume_is_valid_name - whether @name may name a volume:
 * 1-32 characters of [A-Za-z0-9_.-], not starting with '.' or '-'. Since 0.1.
 */
bool ephvol_volume_is_valid_name(const char *name);

/**
 * ephvol_volume_list - every ephvol volume active on the system, found from
 * kernel state (device-mapper names, zram devices, /proc/swaps, mountinfo).
 * @ret_volumes: NULL-terminated array, sorted by name; free it with
 * ephvol_volume_list_free(). @ret_n: number of volumes (may be NULL).
 * Returns 0, or a negative errno when the system state cannot be read. Since 0.1.
 */
int ephvol_volume_list(struct ephvol_ctx *ctx, struct ephvol_volume ***ret_volumes, size_t *ret_n);
/** Unref every volume and free the array. Accepts NULL. Since 0.1. */
void ephvol_volume_list_free(struct ephvol_volume **volumes);

/**
 * ephvol_volume_lookup - the volume called @name.
 * Returns 0, -EINVAL for an invalid name, -ENOENT if there is no such volume,
 * or another negative errno. Since 0.1.
 */
int ephvol_volume_lookup(struct ephvol_ctx *ctx, const char *name, struct ephvol_volume **ret);

/** Since 0.1. */
struct ephvol_volume *ephvol_volume_ref(struct ephvol_volume *v);
/** Accepts NULL. Returns NULL. Since 0.1. */
struct ephvol_volume *ephvol_volume_unref(struct ephvol_volume *v);

/* Accessors. Strings belong to the volume; NULL means "not applicable". Since 0.1
 * unless marked otherwise. */
const char *ephvol_volume_get_name(const struct ephvol_volume *v);
enum ephvol_backend ephvol_volume_get_backend(const struct ephvol_volume *v);
enum ephvol_role ephvol_volume_get_role(const struct ephvol_volume *v);
/** The block device users use: /dev/mapper/ephvol-NAME or /dev/zramN. */
const char *ephvol_volume_get_device(const struct ephvol_volume *v);
/** What the volume is stored on: a partition, a file's loop device; NULL for zram. */
const char *ephvol_volume_get_backing(const struct ephvol_volume *v);
/** Size in bytes of the usable device. */
uint64_t ephvol_volume_get_size(const struct ephvol_volume *v);
/** Kernel cipher spec, e.g. "aes-xts-plain64"; NULL when not encrypted or unknown. */
const char *ephvol_volume_get_cipher(const struct ephvol_volume *v);
/** Key size in bits; 0 when not encrypted or unknown. For a zram volume, cipher,
 * key size, sector size and key location are those of its encrypted writeback. */
unsigned ephvol_volume_get_key_bits(const struct ephvol_volume *v);
/** Encryption sector size in bytes; 0 when not encrypted or unknown. */
unsigned ephvol_volume_get_sector_size(const struct ephvol_volume *v);
enum ephvol_key_location ephvol_volume_get_key_location(const struct ephvol_volume *v);
const char *ephvol_volume_get_mountpoint(const struct ephvol_volume *v);
/** Returns 0 and the priority if the volume is an active swap, else -ENODATA. */
int ephvol_volume_get_swap_priority(const struct ephvol_volume *v, int *ret_priority);
/** zram compressor; NULL for disk volumes. */
const char *ephvol_volume_get_comp_algorithm(const struct ephvol_volume *v);
/** zram mm_stat orig/compr data in bytes; -ENODATA for disk volumes. */
int ephvol_volume_get_data_bytes(const struct ephvol_volume *v, uint64_t *ret_orig,
                                 uint64_t *ret_compr);
/**
 * ephvol_volume_get_protection - where the volume's data can end up in plaintext.
 * A zram volume is ram-only without writeback, encrypted when its pages are
 * written back to the dm-crypt mapping ephvol made for it, and
 * plaintext-on-disk when they go to any other device.
 */
enum ephvol_protection ephvol_volume_get_protection(const struct ephvol_volume *v);

/**
 * ephvol_volume_get_mem_used - RAM the zram device takes (mm_stat mem_used_total:
 * compressed data plus allocator overhead), in bytes.
 * Returns 0, or -ENODATA for disk volumes and when the kernel does not tell.
 * Since 0.2.
 */
int ephvol_volume_get_mem_used(const struct ephvol_volume *v, uint64_t *ret_bytes);
/**
 * ephvol_volume_get_mem_limit - the most RAM the zram device may take (mm_stat
 * mem_limit), in bytes.
 * Returns 0, or -ENODATA for disk volumes, when no limit is set and when the
 * kernel does not tell. Since 0.2.
 */
int ephvol_volume_get_mem_limit(const struct ephvol_volume *v, uint64_t *ret_bytes);
/**
 * ephvol_volume_get_writeback - the device a zram volume writes idle or
 * incompressible pages to (its backing_dev): /dev/mapper/ephvol-NAME:writeback
 * for the encrypted mapping ephvol made for it, else the path the kernel shows.
 * NULL without writeback and for disk volumes. Since 0.2.
 */
const char *ephvol_volume_get_writeback(const struct ephvol_volume *v);
/**
 * ephvol_volume_get_writeback_backing - what ephvol's writeback mapping is
 * stored on: a partition, or the file behind its loop device. NULL when
 * ephvol_volume_get_writeback() is NULL or not ephvol's mapping. Since 0.2.
 */
const char *ephvol_volume_get_writeback_backing(const struct ephvol_volume *v);
/**
 * ephvol_volume_get_writeback_bytes - how much the zram device has written to
 * its writeback device and not yet freed there (bd_stat bd_count), in bytes.
 * Returns 0, or -ENODATA when there is no writeback device or the kernel does
 * not tell. Since 0.2.
 */
int ephvol_volume_get_writeback_bytes(const struct ephvol_volume *v, uint64_t *ret_bytes);

/* Stable lowercase names used in status output and JSON ("disk", "swap", ...). */
const char *ephvol_backend_to_string(enum ephvol_backend b);
const char *ephvol_role_to_string(enum ephvol_role r);
const char *ephvol_key_location_to_string(enum ephvol_key_location l);
const char *ephvol_protection_to_string(enum ephvol_protection p);

#ifdef __cplusplus
}
#endif
#endif
