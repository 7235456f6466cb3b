/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/*
 * Which of the CPU's instructions matter for disk encryption speed: AES-XTS is
 * fast only with AES instructions; without them Adiantum is the better cipher.
 */

/* Bits of a feature mask. Names are the words of /proc/cpuinfo's "flags" line. */
enum {
	CPU_FEATURE_AES = 1u << 0, /* AES-NI; also arm64's "aes" (Crypto Extensions) */
	CPU_FEATURE_PCLMULQDQ = 1u << 1,
	CPU_FEATURE_AVX = 1u << 2,
	CPU_FEATURE_AVX2 = 1u << 3,
	CPU_FEATURE_VAES = 1u << 4,
	CPU_FEATURE_VPCLMULQDQ = 1u << 5,
	CPU_FEATURE_AVX512F = 1u << 6,
	CPU_FEATURE_ALL = (1u << 7) - 1,
};

/* What CPUID says, counting AVX and AVX-512 only where the OS saves their registers
 * (XCR0). 0 on builds for other architectures. */
unsigned cpu_features_cpuid(void);
/* Whether this build can ask CPUID at all (x86); cpu_features_cpuid() means nothing
 * elsewhere. */
bool cpu_features_have_cpuid(void);

/* The features named on the first "flags" line of /proc/cpuinfo text (arm64 calls it
 * "Features"). -ENODATA when there is no such line. Pure. */
int cpu_features_parse_cpuinfo(const char *text, unsigned *ret);

/* Reads ROOT/proc/cpuinfo ("/" or NULL for the live system) and parses it. */
int cpu_features_read_cpuinfo(const char *root, unsigned *ret);

/* The live system (root "/" or NULL): CPUID, less what the kernel's cpuinfo does not
 * list (it hides what it disabled, e.g. with clearcpuid=); CPUID alone when cpuinfo
 * cannot be read. Any other root: only ROOT/proc/cpuinfo counts (for fixtures). */
int cpu_features_get(const char *root, unsigned *ret);

/* The cpuinfo word of a single bit ("aes", "avx512f"); NULL for anything else. */
const char *cpu_feature_to_string(unsigned bit);
