/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-sample.h"

#include <errno.h>
#include <string.h>

#include "macro.h"

_Static_assert(BENCH_SAMPLE_ZERO_PCT + BENCH_SAMPLE_TEXT_PCT + BENCH_SAMPLE_TABLE_PCT +
                               BENCH_SAMPLE_RANDOM_PCT ==
                       100,
               "the sample mix adds up to 100%");

/* splitmix64: a fixed sequence from a seed, so the sample is the same everywhere;
 * nothing here needs to be unpredictable. */
static uint64_t next_u64(uint64_t *state) {
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Pages come in blocks of 100 with exactly the mix above, each block shuffled by its
 * own seed: any prefix of whole blocks has the exact mix, and kinds do not come in
 * long runs (zram compresses page by page, but allocator locality would differ). */
enum bench_page_kind bench_sample_page_kind(size_t index) {
	uint8_t order[100];
	uint64_t state = UINT64_C(0x65706876) ^ (uint64_t)(index / 100);
	size_t n = 0;

	for (unsigned i = 0; i < BENCH_SAMPLE_ZERO_PCT; i++)
		order[n++] = BENCH_PAGE_ZERO;
	for (unsigned i = 0; i < BENCH_SAMPLE_TEXT_PCT; i++)
		order[n++] = BENCH_PAGE_TEXT;
	for (unsigned i = 0; i < BENCH_SAMPLE_TABLE_PCT; i++)
		order[n++] = BENCH_PAGE_TABLE;
	for (unsigned i = 0; i < BENCH_SAMPLE_RANDOM_PCT; i++)
		order[n++] = BENCH_PAGE_RANDOM;
	for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
		size_t j = (size_t)(next_u64(&state) % (i + 1));
		uint8_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	return (enum bench_page_kind)order[index % 100];
}

static void fill_text(uint8_t *p, uint64_t *state) {
	static const char *const words[] = {
		"the",    "of",      "and",    "to",     "in",       "is",      "that",   "for",
		"it",     "as",      "with",   "was",    "on",       "be",      "by",     "this",
		"are",    "from",    "or",     "have",   "an",       "they",    "which",  "one",
		"volume", "swap",    "memory", "kernel", "device",   "encrypt", "page",   "data",
		"error",  "warning", "info",   "debug",  "request",  "user",    "system", "file",
		"time",   "return",  "value",  "string", "function", "struct",  "int",    "0x",
	};
	size_t off = 0;

	while (off < BENCH_PAGE) {
		uint64_t r = next_u64(state);
		const char *w = words[r % ELEMENTSOF(words)];
		size_t len = strlen(w);

		if (off + len + 1 > BENCH_PAGE)
			len = BENCH_PAGE - off - 1;
		memcpy(p + off, w, len);
		off += len;
		/* A newline about every twelfth word, like log lines and source text. */
		p[off++] = (r >> 32) % 12 == 0 ? '\n' : ' ';
	}
}

static void fill_table(uint8_t *p, uint64_t *state) {
	/* 32-byte records: a counter, a small flag word, a pointer into one region,
	 * a length; compressors find the repeated upper bytes. */
	uint64_t base = UINT64_C(0x00007f3a5c000000), id = next_u64(state) % 100000;

	for (size_t off = 0; off < BENCH_PAGE; off += 32) {
		uint64_t r = next_u64(state), rec[4] = {
			id++,
			r % 8,
			base + (r >> 40) * 64,
			(r >> 16) % 4096,
		};

		memcpy(p + off, rec, sizeof(rec));
	}
}

static void fill_random(uint8_t *p, uint64_t *state) {
	for (size_t off = 0; off < BENCH_PAGE; off += 8) {
		uint64_t r = next_u64(state);

		memcpy(p + off, &r, 8);
	}
}

int bench_sample_fill(uint8_t *buf, size_t size) {
	uint64_t state = UINT64_C(0x7a72616d); /* "zram" */

	if (!buf || size == 0 || size % BENCH_PAGE)
		return -EINVAL;
	for (size_t i = 0; i < size / BENCH_PAGE; i++) {
		uint8_t *p = buf + i * BENCH_PAGE;

		switch (bench_sample_page_kind(i)) {
		case BENCH_PAGE_ZERO:
			memset(p, 0, BENCH_PAGE);
			break;
		case BENCH_PAGE_TEXT:
			fill_text(p, &state);
			break;
		case BENCH_PAGE_TABLE:
			fill_table(p, &state);
			break;
		case BENCH_PAGE_RANDOM:
			fill_random(p, &state);
			break;
		}
	}
	return 0;
}
