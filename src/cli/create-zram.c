/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* create: a zram volume, optionally writing back through its own dm-crypt mapping. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench-sample.h"
#include "bench-zram.h"
#include "create-build.h"
#include "log.h"
#include "size-expr.h"
#include "step.h"
#include "strv.h"
#include "sys-zram-bench.h"
#include "zram-limit.h"
#include "zram-params.h"
#include "zram-record.h"

/* Right after hot_add, before the device is configured: from here on a create
 * killed at any step leaves a device that status shows and destroy removes. */
static int write_zram_record(struct build *b, uint64_t disksize) {
	struct zram_record rec = { .index = b->zram_index,
		                   .role = b->o->role,
		                   .disksize = disksize,
		                   .hot_added = b->zram_hot_added,
		                   .writeback_idle_age = b->o->writeback_idle_age };
	char kname[32];
	int r;

	snprintf(kname, sizeof(kname), "zram%u", b->zram_index);
	r = block_get_diskseq(kname, &rec.diskseq);
	if (r < 0 && r != -ENOENT)
		return r;
	/* The writeback mapping comes later, under the name it will have. */
	if (b->o->writeback)
		writeback_dm_name(b->o->name, rec.writeback, sizeof(rec.writeback));
	step("record");
	r = zram_record_save(b->o->name, &rec);
	if (r < 0)
		return r;
	b->record_written = true;
	/* Recorded: the device is known by its record now, not by the prediction. */
	b->zram_add_lock_fd = safe_close(b->zram_add_lock_fd);
	return 0;
}

/* zram writes back through dm-crypt, to a device or to a file (made sparse,
 * as large as the zram device, if it does not exist). */
static int create_writeback(struct build *b, uint64_t disksize) {
	const struct create_options *o = b->o;
	struct backing_spec spec = {};
	struct stat st;
	int r = o->writeback[0] == '/' && stat(o->writeback, &st) < 0 ? -errno : 0;

	if (o->writeback[0] != '/' || (r == 0 && S_ISBLK(st.st_mode)))
		spec.device = o->writeback;
	else {
		spec.file = o->writeback;
		if (r == -ENOENT)
			spec.file_size = disksize;
	}
	writeback_dm_name(o->name, b->dmname, sizeof(b->dmname));
	r = build_activate_mapping(b, &spec);
	if (r != 0)
		return r;
	/* zram reads only the pages it wrote; udev's probe reads the edges. */
	if (o->aead) {
		r = build_zero_edges(b);
		if (r != 0)
			return r;
	}
	/* zram is given the mapping by its /dev/mapper name: udev must be done. */
	return build_mapping_settle(b);
}

/* A feature of the kernel's zram, asked for by an option: exit 2 without it. */
static int zram_require(struct build *b, const char *attr, const char *option, const char *needs) {
	if (zram_has_attr(b->zram_index, attr))
		return 0;
	return log_fail(EXIT_USAGE, -EOPNOTSUPP,
	                "Volume %s: %s: this kernel's zram has no %s (%s).", b->o->name, option,
	                attr, needs);
}

static int zram_check_algorithm(struct build *b, const char *alg) {
	int r = zram_has_algorithm(b->zram_index, alg);

	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the algorithms of %s: %m", b->device);
	if (r == 0)
		return log_fail(EXIT_USAGE, 0,
		                "Volume %s: the kernel's zram does not offer compression algorithm "
		                "'%s'.",
		                b->o->name, alg);
	return 0;
}

/* Enough of the bench's sample to tell the compressors apart (it mixes its kinds of page
 * every 100 pages), small enough that create stays quick: 4 MiB. */
#define AUTO_SAMPLE_BYTES (4u * 1024 * 1024)

/* --comp-algorithm auto: each compressor of this zram (and, with algorithm_params, the
 * levels `ephvol bench` measures) on the bench's sample, once each way, on the volume's
 * own device before it is set up; then zram_pick_compressor()'s rule. */
static int pick_auto(struct build *b, char **ret_alg, unsigned *ret_level) {
	static const volatile sig_atomic_t never = 0;
	_cleanup_(strv_freep) char **algs = NULL;
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ struct zram_candidate *c = NULL;
	_cleanup_(freep) void *sample = NULL;
	const struct zram_bench_dev dev = { .index = b->zram_index };
	size_t n, pick;
	int r;

	r = zram_read_attr(b->zram_index, "comp_algorithm", &text);
	if (r >= 0)
		r = zram_algorithms_split(text, &algs, NULL);
	if (r >= 0)
		r = zram_candidates(algs, zram_has_attr(b->zram_index, "algorithm_params"), &c, &n);
	if (r < 0)
		return r;
	if (posix_memalign(&sample, BENCH_PAGE, AUTO_SAMPLE_BYTES) != 0)
		return -ENOMEM;
	r = bench_sample_fill(sample, AUTO_SAMPLE_BYTES);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		struct zram_bench_result res;

		r = zram_bench_measure(&dev, c[i].algorithm, c[i].level, sample, AUTO_SAMPLE_BYTES,
		                       true, &never, &res);
		if (r < 0) {
			log_debug_errno(r, "auto: %s level %u not measured: %m", c[i].algorithm,
			                c[i].level);
			continue;
		}
		c[i].measured = true;
		c[i].compress_mibs = res.compress_mibs;
		c[i].decompress_mibs = res.decompress_mibs;
		c[i].orig_bytes = res.orig_bytes;
		c[i].compr_bytes = res.compr_bytes;
	}
	r = zram_pick_compressor(c, n, &pick);
	if (r < 0)
		return r;
	log_debug("auto: %s, level %u, of %zu measured.", c[pick].algorithm, c[pick].level, n);
	*ret_alg = strdup(c[pick].algorithm);
	if (!*ret_alg)
		return -ENOMEM;
	*ret_level = c[pick].level;
	return 0;
}

/* --comp-level and --comp-dict, once the algorithm is known: what the kernel would take
 * only to fail at disksize, or not at all, is refused here with its reason. */
static int check_comp_params(struct build *b, const char *alg, int *ret_dict_fd) {
	const struct create_options *o = b->o;
	_cleanup_free_ char *link = NULL;
	int r, lo, hi;

	r = zram_require(b, "algorithm_params", o->comp_level ? "--comp-level" : "--comp-dict",
	                 "Linux 6.12 or later");
	if (r != 0)
		return r;
	if (!alg)
		return log_fail(EXIT_USAGE, 0,
		                "Volume %s: give --comp-algorithm with --comp-level or --comp-dict "
		                "here: this kernel's zram has no lz4.",
		                o->name);
	if (o->comp_level) {
		if (zram_level_range(alg, &lo, &hi) < 0)
			return log_fail(EXIT_USAGE, 0,
			                "Volume %s: --comp-level: %s takes no level.", o->name,
			                alg);
		if ((int)o->comp_level < lo || (int)o->comp_level > hi)
			return log_fail(EXIT_USAGE, 0,
			                "Volume %s: --comp-level %u: %s takes levels %d to %d.",
			                o->name, o->comp_level, alg, lo, hi);
	}
	if (!o->comp_dict)
		return 0;
	if (!zram_alg_takes_dict(alg))
		return log_fail(EXIT_USAGE, 0,
		                "Volume %s: --comp-dict: %s takes no dictionary (zstd, lz4 and "
		                "lz4hc do).",
		                o->name, alg);
	r = zram_dict_open(o->comp_dict, ret_dict_fd, &link);
	if (r == -EPERM)
		return log_fail(EXIT_REFUSED, r,
		                "Refusing to use dictionary %s: %s is a symbolic link that a user "
		                "other than root could have planted.",
		                o->comp_dict, link);
	if (r == -EINVAL)
		return log_fail(EXIT_USAGE, r, "Dictionary %s is not a regular file.",
		                o->comp_dict);
	if (r == -EFBIG)
		return log_fail(EXIT_USAGE, r,
		                "Dictionary %s is empty or larger than %" PRIu64 " MiB.",
		                o->comp_dict, ZRAM_DICT_MAX >> 20);
	if (r < 0)
		return log_fail(r == -ENOENT ? EXIT_USAGE : EXIT_RUNTIME, r,
		                "Cannot open dictionary %s: %m", o->comp_dict);
	return 0;
}

int create_zram(struct build *b) {
	const struct create_options *o = b->o;
	struct size_expr_error e = {};
	const char *alg = o->comp_algorithm;
	_cleanup_free_ char *auto_alg = NULL;
	unsigned comp_level = o->comp_level;
	_cleanup_close_ int dict_fd = -EBADF;
	uint64_t ram, size, mem_limit = 0;
	int r;

	r = ram_total_bytes(&ram);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r,
		                "Cannot read the amount of RAM from /proc/meminfo: %m");
	r = zram_size_resolve(o, ram, &size, &e);
	if (r == -ERANGE && !e.message[0])
		return log_fail(EXIT_USAGE, r, "Volume %s: zram size must be at least 1M.",
		                o->name);
	if (r < 0)
		return log_fail(EXIT_USAGE, r, "Invalid size '%s' for volume %s: %s.",
		                o->zram_size ?: ZRAM_DEFAULT_SIZE, o->name, e.message);

	if (o->mem_limit) {
		r = zram_mem_limit_eval(o->mem_limit, ram, &mem_limit, &e);
		if (r < 0)
			return log_fail(EXIT_USAGE, r,
			                "Invalid --mem-limit '%s' for volume %s: %s.", o->mem_limit,
			                o->name, e.message);
	}

	step("hot-add");
	r = zram_acquire(&b->zram_index, &b->zram_hot_added);
	if (r == -ENODEV)
		return log_fail(EXIT_RUNTIME, r,
		                "No zram device for %s: the kernel cannot add one and has none "
		                "free.",
		                o->name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to add a zram device for %s: %m", o->name);
	b->zram_added = true;
	snprintf(b->device, sizeof(b->device), "/dev/zram%u", b->zram_index);
	r = write_zram_record(b, size);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Failed to record %s as volume %s in %s: %m",
		                b->device, o->name, ZRAM_RECORD_DIR);

	if (alg && streq(alg, "auto")) {
		step("comp-auto");
		r = pick_auto(b, &auto_alg, &comp_level);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r,
			                "Cannot measure the compressors of %s for volume %s: %m",
			                b->device, o->name);
		alg = auto_alg;
	} else if (alg) {
		r = zram_check_algorithm(b, alg);
		if (r != 0)
			return r;
	} else if (zram_has_algorithm(b->zram_index, "lz4") > 0)
		alg = "lz4"; /* fast enough to keep swap-in latency low; else the kernel default */
	if (o->recomp_algorithm) {
		r = zram_require(b, "recomp_algorithm", "--recomp-algorithm",
		                 "CONFIG_ZRAM_MULTI_COMP, Linux 6.2 or later");
		if (r == 0)
			r = zram_check_algorithm(b, o->recomp_algorithm);
		if (r != 0)
			return r;
	}
	if (o->comp_level || o->comp_dict) {
		r = check_comp_params(b, alg, &dict_fd);
		if (r != 0)
			return r;
	}
	if (o->writeback) {
		r = zram_require(b, "backing_dev", "--writeback", "CONFIG_ZRAM_WRITEBACK");
		if (r != 0)
			return r;
		r = create_writeback(b, size);
		if (r != 0)
			return r;
	}

	step("configure");
	r = zram_configure(b->zram_index, &(struct zram_params){
	                                          .comp_algorithm = alg,
	                                          .recomp_algorithm = o->recomp_algorithm,
	                                          .comp_level = comp_level,
	                                          .comp_dict_fd = dict_fd >= 0 ? &dict_fd : NULL,
	                                          .backing_dev = o->writeback ? b->dm_device : NULL,
	                                          .disksize = size,
	                                          .mem_limit = mem_limit,
	                                          .writeback_limit = o->writeback_limit,
	                                  });
	if (r < 0)
		return log_fail(
		        EXIT_RUNTIME, r, "Failed to configure %s (%" PRIu64 " bytes, %s%s%s): %m",
		        b->device, size, alg ?: "default compressor",
		        o->writeback ? ", writeback to " : "", o->writeback ? b->dm_device : "");
	return build_format_and_activate(b);
}
