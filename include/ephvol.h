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
#include <sys/types.h>

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

/* Since 0.4: how far the volume is built, or torn down. */
enum ephvol_state {
	EPHVOL_STATE_ACTIVE,     /* complete, and a swap, mounted, or raw */
	EPHVOL_STATE_INACTIVE,   /* complete, but not (or no longer) a swap or mounted */
	EPHVOL_STATE_INCOMPLETE, /* a create stopped before its end (killed): destroy it */
	EPHVOL_STATE_SUSPENDED,  /* a destroy stopped after wiping the key: destroy it */
	EPHVOL_STATE_ORPHANED,   /* since 0.5: an `ephvol run` volume whose owner is gone */
};

enum ephvol_protection {
	EPHVOL_PROTECTION_ENCRYPTED,
	EPHVOL_PROTECTION_RAM_ONLY,
	EPHVOL_PROTECTION_PLAINTEXT_ON_DISK,
	/* Since 0.3, only from the audit: what holds the data could not be
	 * determined (a network filesystem, a device sysfs does not show). An
	 * audit must not call that safe. */
	EPHVOL_PROTECTION_UNKNOWN,
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
/**
 * ephvol_volume_get_state - whether the volume is complete and in use. An
 * incomplete volume may have no device yet (ephvol_volume_get_device() NULL); a
 * suspended one must not be read (its I/O would wait forever). Since 0.4.
 */
enum ephvol_state ephvol_volume_get_state(const struct ephvol_volume *v);
const char *ephvol_volume_get_mountpoint(const struct ephvol_volume *v);
/**
 * ephvol_volume_get_owner_pid - the process of `ephvol run` that owns the volume
 * (its mounts are in that job's own mount namespace). Returns 0 and the PID, or
 * -ENODATA when the volume is not a run volume. Whether the owner still lives is its
 * state: orphaned when not. Since 0.5.
 */
int ephvol_volume_get_owner_pid(const struct ephvol_volume *v, pid_t *ret_pid);
/** The command line the run volume's job runs, printable and possibly cut; NULL when
 * not a run volume. Since 0.5. */
const char *ephvol_volume_get_command(const struct ephvol_volume *v);
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
/**
 * ephvol_volume_get_writeback_written - how much the zram device has written to its
 * writeback device in all since it was set up (bd_stat bd_writes), in bytes: the
 * written-back amount, where ephvol_volume_get_writeback_bytes() is what is stored
 * there now. Returns 0, or -ENODATA as that one. Since 0.6.
 */
int ephvol_volume_get_writeback_written(const struct ephvol_volume *v, uint64_t *ret_bytes);
/**
 * ephvol_volume_get_writeback_idle_age - how long, in seconds, a page of the zram
 * volume must go unused before `ephvol writeback` moves it (create's
 * --writeback-idle-age). Returns 0, or -ENODATA when the volume has no such age (it
 * uses the idle cycle: pages unused since the previous run) or no writeback. Since 0.6.
 */
int ephvol_volume_get_writeback_idle_age(const struct ephvol_volume *v, uint64_t *ret_seconds);
/**
 * ephvol_volume_get_crypt_flags - the flags of the volume's dm-crypt mapping (for
 * zram: its writeback mapping's) as its table has them, comma-separated in the
 * table's order, e.g. "no_read_workqueue,no_write_workqueue" or "high_priority"; ""
 * for none (status shows "none"). NULL without a dm-crypt mapping, or when it cannot be read (not
 * root). Since 0.6.
 */
const char *ephvol_volume_get_crypt_flags(const struct ephvol_volume *v);

/**
 * ephvol_volume_get_integrity - how the volume's dm-crypt mapping authenticates what it
 * reads: "aead:CIPHER" (`create --integrity aead`: dm-crypt in AEAD mode over a
 * dm-integrity mapping that keeps each sector's IV and tag; CIPHER as `--cipher` names
 * it, e.g. "aead:aes-gcm-random"), so that a sector altered on the storage reads as an
 * error. NULL when not authenticated or unknown (not root). Since 0.8.
 */
const char *ephvol_volume_get_integrity(const struct ephvol_volume *v);
/**
 * ephvol_volume_get_keys_live - how many encryption keys the kernel holds for the
 * volume now: 1 for a disk volume's dm-crypt mapping (for zram: its writeback
 * mapping's) until `ephvol destroy` wipes it, also while the volume is incomplete or
 * suspended by a destroy that stopped before the wipe; 0 without a dm-crypt mapping
 * (zram in RAM only) and once the key is wiped. Read from the mapping's table, which
 * shows a wiped key as zeros. Returns 0, or -ENODATA when the table cannot be read
 * (not root, or a root other than "/"). Since 0.7.
 */
int ephvol_volume_get_keys_live(const struct ephvol_volume *v, unsigned *ret_n);

/**
 * ephvol_volume_get_cipher_driver - the kernel crypto driver that does the
 * volume's encryption (for a zram volume: its writeback mapping's), e.g.
 * "xts-aes-aesni" where the CPU's AES instructions are used, "xts(ecb(aes-generic))"
 * for the generic C code. It is the driver the kernel picks for the cipher from what
 * /proc/crypto lists when the volumes are listed (see ephvol_cipher_get_driver());
 * a faster driver loaded after the volume was activated shows here although
 * dm-crypt keeps the one it got. NULL when not encrypted or unknown (the cipher is
 * read from device-mapper, so only on the live system). Since 0.3.
 */
const char *ephvol_volume_get_cipher_driver(const struct ephvol_volume *v);

/* -------------------------------------------------------------------------
 * Audit: is the system's swap and temporary storage protected?
 * ---------------------------------------------------------------------- */

enum ephvol_audit_kind {
	EPHVOL_AUDIT_SWAP, /* an active swap area (/proc/swaps) */
	EPHVOL_AUDIT_TMP,  /* the filesystem at /tmp or /var/tmp */
};

struct ephvol_audit_entry;

/**
 * ephvol_audit - every active swap area, then the filesystems mounted at /tmp and
 * /var/tmp (the one that is visible: the last mount on that path), ephvol's or not,
 * each with a protection verdict. The verdict follows the storage down through
 * device-mapper and loop devices: encrypted when every path to a disk passes through
 * a dm-crypt layer; ram-only for zram without writeback and for tmpfs/ramfs, unless a
 * swap area is plaintext-on-disk (tmpfs pages can be swapped out); plaintext-on-disk
 * when data can reach a disk unencrypted, including zram writeback to a device that
 * is not encrypted; unknown when the storage cannot be followed.
 * A /tmp that is not a mount of its own is reported with the filesystem that holds it.
 * @ret_entries: NULL-terminated array, free with ephvol_audit_list_free().
 * @ret_n: number of entries (may be NULL).
 * Returns 0, or a negative errno when /proc/swaps or mountinfo cannot be read.
 * Since 0.3.
 */
int ephvol_audit(struct ephvol_ctx *ctx, struct ephvol_audit_entry ***ret_entries, size_t *ret_n);
/** Unref every entry and free the array. Accepts NULL. Since 0.3. */
void ephvol_audit_list_free(struct ephvol_audit_entry **entries);
/** Since 0.3. */
struct ephvol_audit_entry *ephvol_audit_entry_ref(struct ephvol_audit_entry *e);
/** Accepts NULL. Returns NULL. Since 0.3. */
struct ephvol_audit_entry *ephvol_audit_entry_unref(struct ephvol_audit_entry *e);
/* Accessors, since 0.3. Strings belong to the entry; NULL means "not applicable". */
enum ephvol_audit_kind ephvol_audit_entry_get_kind(const struct ephvol_audit_entry *e);
/** Swap: the device or file as /proc/swaps names it. Tmp: "/tmp" or "/var/tmp", also
 * when it is not a mount point of its own. */
const char *ephvol_audit_entry_get_path(const struct ephvol_audit_entry *e);
/** The block device the data is written to first ("/dev/dm-0", "/dev/zram1"; for a
 * swap file, that of the filesystem holding it); NULL for filesystems without one
 * (tmpfs, network filesystems). */
const char *ephvol_audit_entry_get_device(const struct ephvol_audit_entry *e);
/** Swap: "partition" or "file" (the type /proc/swaps shows). Tmp: the fs type. */
const char *ephvol_audit_entry_get_type(const struct ephvol_audit_entry *e);
/** The ephvol volume name when ephvol made it, else NULL. */
const char *ephvol_audit_entry_get_volume(const struct ephvol_audit_entry *e);
/** Cipher of the dm-crypt layer that protects it ("aes-xts-plain64"); NULL if none
 * or unknown (a fixture root, or no permission to read the table). */
const char *ephvol_audit_entry_get_cipher(const struct ephvol_audit_entry *e);
enum ephvol_protection ephvol_audit_entry_get_protection(const struct ephvol_audit_entry *e);
/** One line on why, naming the devices: "dm-crypt (LUKS2) on sda3",
 * "zram writeback to sdb1, not encrypted". Never NULL. */
const char *ephvol_audit_entry_get_reason(const struct ephvol_audit_entry *e);
/** "swap", "tmp". Since 0.3. */
const char *ephvol_audit_kind_to_string(enum ephvol_audit_kind k);

/* -------------------------------------------------------------------------
 * Metrics: the audit and the volumes, for monitoring
 * ---------------------------------------------------------------------- */

/* Since 0.7. */
enum ephvol_metrics_syntax {
	/* Prometheus's text exposition format, version 0.0.4: what node_exporter's
	 * textfile collector reads from DIR/NAME.prom. */
	EPHVOL_METRICS_PROMETHEUS_TEXT,
};

/**
 * ephvol_metrics_format - runs ephvol_audit() and ephvol_volume_list() and writes what
 * they found as metrics in @syntax: per swap area and temporary directory
 * ephvol_audit_protected{kind,path,device,volume,protection} (1 for encrypted and
 * ram-only, 0 for plaintext-on-disk and unknown), ephvol_audit_swap_areas,
 * ephvol_audit_last_run_timestamp_seconds; per volume ephvol_volume_info{name,backend,
 * role,cipher,key_location}, ephvol_volume_state{name,state}, ephvol_volume_protected,
 * ephvol_volume_size_bytes, ephvol_volume_keys_live; their sum ephvol_keys_live (absent
 * when not every volume's is known, see ephvol_volume_get_keys_live()); per zram volume
 * ephvol_zram_{orig_data,compr_data,mem_used,mem_limit,writeback}_bytes,
 * ephvol_zram_writeback_written_bytes_total and ephvol_zram_writeback_encrypted; and
 * ephvol_build_info{version}. A family without samples is left out. Label values are
 * escaped; bytes that are not UTF-8 are written as '?'.
 * @ret_text: NUL-terminated; free() it.
 * Returns 0; -EOPNOTSUPP for an unknown @syntax; the error of ephvol_audit() or
 * ephvol_volume_list(); -ENOMEM. Since 0.7.
 */
int ephvol_metrics_format(struct ephvol_ctx *ctx, enum ephvol_metrics_syntax syntax,
                          char **ret_text);

/* -------------------------------------------------------------------------
 * CPU features and ciphers
 * ---------------------------------------------------------------------- */

/* Bits of a CPU feature mask (the names are those of /proc/cpuinfo). Since 0.3. */
enum {
	EPHVOL_CPU_AES = 1u << 0, /* AES-NI; arm64's "aes" (Crypto Extensions) */
	EPHVOL_CPU_PCLMULQDQ = 1u << 1,
	EPHVOL_CPU_AVX = 1u << 2,
	EPHVOL_CPU_AVX2 = 1u << 3,
	EPHVOL_CPU_VAES = 1u << 4,
	EPHVOL_CPU_VPCLMULQDQ = 1u << 5,
	EPHVOL_CPU_AVX512F = 1u << 6,
};

enum ephvol_cpu_source {
	/* What the kernel's crypto drivers can use: CPUID (AVX and AVX-512 only where
	 * the OS saves their registers) less what /proc/cpuinfo does not list (features
	 * the kernel disabled, e.g. with clearcpuid=). With a root other than "/":
	 * ROOT/proc/cpuinfo alone. */
	EPHVOL_CPU_EFFECTIVE,
	/* The CPUID instruction alone; -EOPNOTSUPP on other architectures and with a
	 * root other than "/". */
	EPHVOL_CPU_CPUID,
	/* The first "flags" (arm64: "Features") line of ROOT/proc/cpuinfo alone. */
	EPHVOL_CPU_CPUINFO,
};

/**
 * ephvol_cpu_get_features - the CPU's encryption-relevant features, as EPHVOL_CPU_*
 * bits, seen from @source. Comparing the sources shows features the kernel hides.
 * Returns 0; -EOPNOTSUPP (see EPHVOL_CPU_CPUID); -ENODATA when cpuinfo has no flags
 * line; another negative errno when cpuinfo cannot be read; -EINVAL for an unknown
 * @source. EPHVOL_CPU_EFFECTIVE on the live system (x86) does not fail for cpuinfo:
 * it is then CPUID alone. Since 0.3.
 */
int ephvol_cpu_get_features(struct ephvol_ctx *ctx, enum ephvol_cpu_source source,
                            unsigned *ret_features);
/** The cpuinfo name of a single EPHVOL_CPU_* bit ("aes", "avx512f"); NULL for
 * anything else. Since 0.3. */
const char *ephvol_cpu_feature_to_string(unsigned feature);

/**
 * ephvol_cipher_get_driver - the kernel crypto driver that dm-crypt gets for @cipher
 * (a dm-crypt spec such as "aes-xts-plain64" or "xchacha12,aes-adiantum-plain64"):
 * the highest-priority driver in ROOT/proc/crypto that implements its skcipher
 * ("xts(aes)"; "essiv(cbc(aes),sha256)" for aes-cbc-essiv:sha256), is not internal
 * and passed its self-test; among equal priorities the first listed, as the kernel's
 * lookup picks; a spec naming a driver ("capi:xts-aes-aesni-plain64") is that driver.
 * @ret_driver: the driver name; free() it.
 * Returns 0; -EINVAL if dm-crypt would refuse the spec; -ENOENT if /proc/crypto
 * lists no such driver (the kernel lists templates like xts(aes) only once
 * something used them: benchmark or activate first); another negative errno when
 * /proc/crypto cannot be read. Since 0.3.
 */
int ephvol_cipher_get_driver(struct ephvol_ctx *ctx, const char *cipher, char **ret_driver);

/**
 * ephvol_cipher_benchmark - encryption and decryption speed of @cipher (a dm-crypt
 * spec) with a @key_bits key, in MiB/s, in memory through the kernel crypto API
 * (AF_ALG), the way `cryptsetup benchmark -c SPEC -s BITS` measures it
 * (libcryptsetup's crypt_benchmark(), same arguments, so the figures compare): the
 * IV generator is not measured (ESSIV measures cbc(aes), as cryptsetup does). Takes
 * about two seconds (one per direction). Only on the live system (root "/").
 * Returns 0; -EINVAL for a spec or key size that dm-crypt or the kernel would refuse;
 * -ENOENT if the kernel has no such cipher; -EAFNOSUPPORT if the kernel lacks its
 * user-space crypto API (CONFIG_CRYPTO_USER_API_SKCIPHER); -EOPNOTSUPP with a root
 * other than "/", and for specs crypt_benchmark() cannot take (crypto API names
 * "capi:...", key counts "aes:64-..."); another negative errno from the kernel.
 * Since 0.3.
 */
int ephvol_cipher_benchmark(struct ephvol_ctx *ctx, const char *cipher, unsigned key_bits,
                            double *ret_encrypt_mibs, double *ret_decrypt_mibs);

/**
 * ephvol_cipher_recommend - the cipher `ephvol create --cipher auto` uses on this
 * machine: "aes-xts-plain64" with a 512-bit key where the CPU has AES instructions
 * (EPHVOL_CPU_EFFECTIVE), else "xchacha12,aes-adiantum-plain64" with 256 bits, which
 * is fast without them.
 * @ret_cipher: free() it. @ret_key_bits: may be NULL.
 * Returns 0, -ENOMEM, or the error of ephvol_cpu_get_features(). Since 0.3.
 */
int ephvol_cipher_recommend(struct ephvol_ctx *ctx, char **ret_cipher, unsigned *ret_key_bits);

/* Stable lowercase names used in status output and JSON ("disk", "swap", "dm-table",
 * "plaintext-on-disk", ...). Return NULL for a value outside the enum. Since 0.1
 * ("unknown" for EPHVOL_PROTECTION_UNKNOWN since 0.3). */
const char *ephvol_backend_to_string(enum ephvol_backend b);
const char *ephvol_role_to_string(enum ephvol_role r);
const char *ephvol_key_location_to_string(enum ephvol_key_location l);
const char *ephvol_protection_to_string(enum ephvol_protection p);
/** "active", "inactive", "incomplete", "suspended", "orphaned" (since 0.5); NULL if out of
 * range. Since 0.4. */
const char *ephvol_state_to_string(enum ephvol_state s);

#ifdef __cplusplus
}
#endif
#endif
