/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * What `ephvol bench` feeds zram: compression speed and ratio depend on the data, so
 * the default is a fixed synthetic mix that looks like swap and /tmp contents, the
 * same bytes on every run.
 */

#define BENCH_PAGE 4096u
/* 32 MiB: long enough to time, small enough for any machine. */
#define BENCH_SAMPLE_DEFAULT_BYTES (32u * 1024 * 1024)

/* The mix, in pages out of every 100 (in a fixed shuffled order): */
#define BENCH_SAMPLE_ZERO_PCT   25 /* all zero: zram stores no data for them */
#define BENCH_SAMPLE_TEXT_PCT   40 /* English-like words, blanks and newlines */
#define BENCH_SAMPLE_TABLE_PCT  15 /* records of small integers and pointers (heap-like) */
#define BENCH_SAMPLE_RANDOM_PCT 20 /* incompressible: encrypted or compressed data */

enum bench_page_kind {
	BENCH_PAGE_ZERO,
	BENCH_PAGE_TEXT,
	BENCH_PAGE_TABLE,
	BENCH_PAGE_RANDOM,
};

/* The kind of page INDEX of the synthetic sample. */
enum bench_page_kind bench_sample_page_kind(size_t index);

/* Fills buf (size: a multiple of BENCH_PAGE) with the synthetic sample; the same
 * bytes for the same size, every time. -EINVAL for another size. */
int bench_sample_fill(uint8_t *buf, size_t size);

/* One line for people: "synthetic, 32 MiB: 25% zero pages, 40% text, ..." */
#define BENCH_SAMPLE_DESCRIPTION                                                                   \
	"25% zero pages, 40% text, 15% heap-like records, 20% random (incompressible)"
