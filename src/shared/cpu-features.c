/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cpu-features.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_CPUID 1
#else
#define HAVE_CPUID 0
#endif

#include "fileio.h"
#include "macro.h"

static const struct {
	unsigned bit;
	const char *word;
} feature_words[] = {
	{ CPU_FEATURE_AES, "aes" },         { CPU_FEATURE_PCLMULQDQ, "pclmulqdq" },
	{ CPU_FEATURE_AVX, "avx" },         { CPU_FEATURE_AVX2, "avx2" },
	{ CPU_FEATURE_VAES, "vaes" },       { CPU_FEATURE_VPCLMULQDQ, "vpclmulqdq" },
	{ CPU_FEATURE_AVX512F, "avx512f" },
};

const char *cpu_feature_to_string(unsigned bit) {
	for (size_t i = 0; i < ELEMENTSOF(feature_words); i++)
		if (feature_words[i].bit == bit)
			return feature_words[i].word;
	return NULL;
}

#if HAVE_CPUID
/* XCR0: which register states the OS saves on a context switch. */
#define XCR0_SSE_AVX 0x06u /* XMM and the upper halves of YMM */
#define XCR0_AVX512  0xe0u /* opmask, upper halves of ZMM0-15, ZMM16-31 */

static uint64_t xgetbv0(void) {
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

unsigned cpu_features_cpuid(void) {
	unsigned eax, ebx, ecx, edx, f = 0;
	bool ymm = false, zmm = false;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return 0;
	if (ecx & bit_AES)
		f |= CPU_FEATURE_AES;
	if (ecx & bit_PCLMUL)
		f |= CPU_FEATURE_PCLMULQDQ;
	/* A CPU may have AVX while the OS does not save its registers: then using it
	 * would corrupt other processes' state, so it does not count. */
	if (ecx & bit_OSXSAVE) {
		uint64_t xcr0 = xgetbv0();

		ymm = (xcr0 & XCR0_SSE_AVX) == XCR0_SSE_AVX;
		zmm = ymm && (xcr0 & XCR0_AVX512) == XCR0_AVX512;
	}
	if (ymm && (ecx & bit_AVX))
		f |= CPU_FEATURE_AVX;

	/* __get_cpuid_count() fails when the CPU has no leaf 7. */
	if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
		if (ymm && (ebx & bit_AVX2))
			f |= CPU_FEATURE_AVX2;
		/* VAES and VPCLMULQDQ are VEX/EVEX encoded: they need YMM state too. */
		if (ymm && (ecx & bit_VAES))
			f |= CPU_FEATURE_VAES;
		if (ymm && (ecx & bit_VPCLMULQDQ))
			f |= CPU_FEATURE_VPCLMULQDQ;
		if (zmm && (ebx & bit_AVX512F))
			f |= CPU_FEATURE_AVX512F;
	}
	return f;
}
#else
unsigned cpu_features_cpuid(void) {
	return 0;
}
#endif

bool cpu_features_have_cpuid(void) {
	return HAVE_CPUID;
}

static unsigned word_to_feature(const char *w, size_t len) {
	for (size_t i = 0; i < ELEMENTSOF(feature_words); i++)
		if (strlen(feature_words[i].word) == len &&
		    memcmp(feature_words[i].word, w, len) == 0)
			return feature_words[i].bit;
	return 0;
}

/* True if line (len bytes, no newline) is "KEY<blanks>: ..."; *ret_value then points
 * after the colon. The key must match exactly: x86 also has "vmx flags". */
static bool line_has_key(const char *line, size_t len, const char *key, const char **ret_value) {
	const char *colon = memchr(line, ':', len);
	size_t klen;

	if (!colon)
		return false;
	klen = (size_t)(colon - line);
	while (klen > 0 && (line[klen - 1] == ' ' || line[klen - 1] == '\t'))
		klen--;
	if (klen != strlen(key) || memcmp(line, key, klen) != 0)
		return false;
	*ret_value = colon + 1;
	return true;
}

int cpu_features_parse_cpuinfo(const char *text, unsigned *ret) {
	const char *line = text;

	if (!text)
		return -EINVAL;
	/* Only the first processor's line: that is the boot CPU, whose features the
	 * kernel's crypto drivers go by (boot_cpu_has()). */
	while (*line) {
		size_t len = strcspn(line, "\n");
		const char *value, *end = line + len;

		if (line_has_key(line, len, "flags", &value) ||
		    line_has_key(line, len, "Features", &value)) {
			unsigned f = 0;

			while (value < end) {
				size_t wlen;

				value += strspn(value, " \t");
				wlen = strcspn(value, " \t\n");
				if (value + wlen > end)
					wlen = (size_t)(end - value);
				f |= word_to_feature(value, wlen);
				value += wlen;
			}
			*ret = f;
			return 0;
		}
		line = *end ? end + 1 : end;
	}
	return -ENODATA;
}

int cpu_features_read_cpuinfo(const char *root, unsigned *ret) {
	_cleanup_free_ char *path = NULL, *text = NULL;
	int r;

	path = path_rooted(root, "/proc/cpuinfo");
	if (!path)
		return -ENOMEM;
	r = read_full_file(path, &text, NULL);
	if (r < 0)
		return r;
	return cpu_features_parse_cpuinfo(text, ret);
}

int cpu_features_get(const char *root, unsigned *ret) {
	bool live = !root || streq(root, "/");
	unsigned info, f;
	int r;

	r = cpu_features_read_cpuinfo(root, &info);
	if (!live || !HAVE_CPUID) {
		if (r < 0)
			return r;
		*ret = info;
		return 0;
	}
	f = cpu_features_cpuid();
	/* The kernel lists only what it enabled; unreadable cpuinfo (no /proc mounted)
	 * leaves CPUID as the only witness. */
	if (r >= 0)
		f &= info;
	*ret = f;
	return 0;
}
