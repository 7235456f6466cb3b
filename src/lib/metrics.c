/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The audit and the volumes as metrics, for fleets: node_exporter's textfile collector
 * serves what `ephvol status --audit --format prometheus` writes. Label values are
 * bounded: one series per swap area, temporary directory and volume, and enums; the
 * audit's reason, free text for people, is not a label.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "ephvol-cleanup.h"
#include "metrics.h"
#include "prom-text.h"

static bool is_protected(enum ephvol_protection p) {
	return p == EPHVOL_PROTECTION_ENCRYPTED || p == EPHVOL_PROTECTION_RAM_ONLY;
}

static void write_audit(FILE *f, double now, struct ephvol_audit_entry *const *entries) {
	struct prom_family last_run =
	        PROM_FAMILY("ephvol_audit_last_run_timestamp_seconds", "gauge",
	                    "When the audit ran, in seconds since the epoch.");
	struct prom_family swaps =
	        PROM_FAMILY("ephvol_audit_swap_areas", "gauge",
	                    "Active swap areas the audit found in /proc/swaps: one "
	                    "ephvol_audit_protected series each.");
	struct prom_family protected = PROM_FAMILY(
	        "ephvol_audit_protected", "gauge",
	        "1 if the data of the swap area or temporary directory cannot reach a disk "
	        "unencrypted (protection encrypted or ram-only), 0 if it can or nobody can tell "
	        "(plaintext-on-disk, unknown).");
	uint64_t n_swaps = 0;

	prom_sample(f, &last_run, NULL, now);
	for (struct ephvol_audit_entry *const *e = entries; *e; e++)
		n_swaps += ephvol_audit_entry_get_kind(*e) == EPHVOL_AUDIT_SWAP;
	prom_sample_u64(f, &swaps, NULL, n_swaps);
	for (struct ephvol_audit_entry *const *e = entries; *e; e++) {
		enum ephvol_protection p = ephvol_audit_entry_get_protection(*e);
		const char *labels[] = {
			"kind",       ephvol_audit_kind_to_string(ephvol_audit_entry_get_kind(*e)),
			"path",       ephvol_audit_entry_get_path(*e),
			"device",     ephvol_audit_entry_get_device(*e),
			"volume",     ephvol_audit_entry_get_volume(*e),
			"protection", ephvol_protection_to_string(p),
			NULL,
		};

		prom_sample_u64(f, &protected, labels, is_protected(p));
	}
}

/* A gauge per volume, labelled by its name alone. */
#define NAME_ONLY(v) ((const char *[]){ "name", ephvol_volume_get_name(v), NULL })

static void write_volumes(FILE *f, struct ephvol_volume *const *volumes) {
	struct prom_family info =
	        PROM_FAMILY("ephvol_volume_info", "gauge",
	                    "An ephvol volume: its backend, role, cipher (for zram: "
	                    "its writeback's) and where its key is.");
	struct prom_family state =
	        PROM_FAMILY("ephvol_volume_state", "gauge",
	                    "1 for the state the volume is in, 0 for the others.");
	struct prom_family protected = PROM_FAMILY("ephvol_volume_protected", "gauge",
	                                           "1 if the volume's data cannot reach a disk "
	                                           "unencrypted, 0 if it can.");
	struct prom_family size =
	        PROM_FAMILY("ephvol_volume_size_bytes", "gauge", "Size of the volume's device.");
	struct prom_family keys =
	        PROM_FAMILY("ephvol_volume_keys_live", "gauge",
	                    "Encryption keys the kernel holds for the volume now.");
	struct prom_family total =
	        PROM_FAMILY("ephvol_keys_live", "gauge",
	                    "Encryption keys the kernel holds for ephvol's volumes "
	                    "now; absent when a mapping's table cannot be read.");
	uint64_t sum = 0;
	bool all_known = true;

	for (struct ephvol_volume *const *v = volumes; *v; v++) {
		const char *labels[] = {
			"name",
			ephvol_volume_get_name(*v),
			"backend",
			ephvol_backend_to_string(ephvol_volume_get_backend(*v)),
			"role",
			ephvol_role_to_string(ephvol_volume_get_role(*v)),
			"cipher",
			ephvol_volume_get_cipher(*v),
			"key_location",
			ephvol_key_location_to_string(ephvol_volume_get_key_location(*v)),
			NULL,
		};

		prom_sample_u64(f, &info, labels, 1);
	}
	for (struct ephvol_volume *const *v = volumes; *v; v++)
		for (enum ephvol_state s = 0; ephvol_state_to_string(s); s++)
			prom_sample_u64(f, &state,
			                (const char *[]){ "name", ephvol_volume_get_name(*v),
			                                  "state", ephvol_state_to_string(s),
			                                  NULL },
			                ephvol_volume_get_state(*v) == s);
	for (struct ephvol_volume *const *v = volumes; *v; v++) {
		enum ephvol_protection p = ephvol_volume_get_protection(*v);

		prom_sample_u64(f, &protected,
		                (const char *[]){ "name", ephvol_volume_get_name(*v), "protection",
		                                  ephvol_protection_to_string(p), NULL },
		                is_protected(p));
	}
	for (struct ephvol_volume *const *v = volumes; *v; v++)
		prom_sample_u64(f, &size, NAME_ONLY(*v), ephvol_volume_get_size(*v));
	for (struct ephvol_volume *const *v = volumes; *v; v++) {
		unsigned n;

		if (ephvol_volume_get_keys_live(*v, &n) < 0) {
			all_known = false;
			continue;
		}
		prom_sample_u64(f, &keys, NAME_ONLY(*v), n);
		sum += n;
	}
	if (all_known)
		prom_sample_u64(f, &total, NULL, sum);
}

typedef int (*zram_getter)(const struct ephvol_volume *v, uint64_t *ret);

static int get_orig(const struct ephvol_volume *v, uint64_t *ret) {
	uint64_t compr;

	return ephvol_volume_get_data_bytes(v, ret, &compr);
}

static int get_compr(const struct ephvol_volume *v, uint64_t *ret) {
	uint64_t orig;

	return ephvol_volume_get_data_bytes(v, &orig, ret);
}

static void write_zram(FILE *f, struct ephvol_volume *const *volumes) {
	static const struct {
		const char *name, *type, *help;
		zram_getter get;
	} stats[] = {
		{ "ephvol_zram_orig_data_bytes", "gauge",
		  "Data stored in the zram volume, uncompressed (mm_stat orig_data_size).",
		  get_orig },
		{ "ephvol_zram_compr_data_bytes", "gauge",
		  "Data stored in the zram volume, compressed (mm_stat compr_data_size).",
		  get_compr },
		{ "ephvol_zram_mem_used_bytes", "gauge",
		  "RAM the zram volume takes (mm_stat mem_used_total).",
		  ephvol_volume_get_mem_used },
		{ "ephvol_zram_mem_limit_bytes", "gauge",
		  "The most RAM the zram volume may take (mm_stat mem_limit); absent without a "
		  "limit.",
		  ephvol_volume_get_mem_limit },
		{ "ephvol_zram_writeback_bytes", "gauge",
		  "Data the zram volume keeps on its writeback device now (bd_stat bd_count).",
		  ephvol_volume_get_writeback_bytes },
		{ "ephvol_zram_writeback_written_bytes_total", "counter",
		  "Data the zram volume has written to its writeback device since it was set up "
		  "(bd_stat bd_writes).",
		  ephvol_volume_get_writeback_written },
	};
	struct prom_family encrypted = PROM_FAMILY("ephvol_zram_writeback_encrypted", "gauge",
	                                           "1 if the zram volume writes back through the "
	                                           "dm-crypt mapping ephvol made for it, 0 if its "
	                                           "pages go to a disk in plaintext.");

	for (size_t i = 0; i < ELEMENTSOF(stats); i++) {
		struct prom_family family =
		        PROM_FAMILY(stats[i].name, stats[i].type, stats[i].help);

		for (struct ephvol_volume *const *v = volumes; *v; v++) {
			uint64_t value;

			if (ephvol_volume_get_backend(*v) == EPHVOL_BACKEND_ZRAM &&
			    stats[i].get(*v, &value) == 0)
				prom_sample_u64(f, &family, NAME_ONLY(*v), value);
		}
	}
	for (struct ephvol_volume *const *v = volumes; *v; v++)
		if (ephvol_volume_get_backend(*v) == EPHVOL_BACKEND_ZRAM &&
		    ephvol_volume_get_writeback(*v))
			prom_sample_u64(f, &encrypted, NAME_ONLY(*v),
			                ephvol_volume_get_protection(*v) ==
			                        EPHVOL_PROTECTION_ENCRYPTED);
}

void metrics_write_prometheus(FILE *f, double now, struct ephvol_audit_entry *const *entries,
                              struct ephvol_volume *const *volumes) {
	struct prom_family build = PROM_FAMILY("ephvol_build_info", "gauge",
	                                       "The version of ephvol that wrote these metrics.");

	write_audit(f, now, entries);
	write_volumes(f, volumes);
	write_zram(f, volumes);
	prom_sample_u64(f, &build, (const char *[]){ "version", EPHVOL_VERSION, NULL }, 1);
}

_public_ int ephvol_metrics_format(struct ephvol_ctx *ctx, enum ephvol_metrics_syntax syntax,
                                   char **ret_text) {
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **entries = NULL;
	_cleanup_(ephvol_volume_list_freep) struct ephvol_volume **volumes = NULL;
	_cleanup_free_ char *text = NULL;
	struct timespec ts;
	size_t size;
	FILE *f;
	int r;

	if (!ctx || !ret_text)
		return -EINVAL;
	if (syntax != EPHVOL_METRICS_PROMETHEUS_TEXT)
		return -EOPNOTSUPP;
	/* The time the audit started: what it says held then, at the latest. */
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -errno;
	r = ephvol_audit(ctx, &entries, NULL);
	if (r < 0)
		return r;
	r = ephvol_volume_list(ctx, &volumes, NULL);
	if (r < 0)
		return r;
	f = open_memstream(&text, &size);
	if (!f)
		return -ENOMEM;
	metrics_write_prometheus(f, (double)ts.tv_sec + ts.tv_nsec / 1e9, entries, volumes);
	if (ferror(f) | fclose(f))
		return -ENOMEM;
	*ret_text = TAKE_PTR(text);
	return 0;
}
