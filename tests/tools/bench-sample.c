/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench-sample - writes the synthetic sample of `ephvol bench` (src/shared/bench-sample.c)
 * to stdout, BYTES long (default 32 MiB), so that a suite can feed zram volumes the
 * bytes the bench measures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-sample.h"
#include "parse.h"

int main(int argc, char **argv) {
	uint64_t bytes = BENCH_SAMPLE_DEFAULT_BYTES;
	uint8_t *buf;
	size_t off = 0;

	if (argc > 2 || (argc == 2 && (parse_size(argv[1], &bytes) < 0 || bytes > (1u << 30)))) {
		fprintf(stderr, "usage: bench-sample [BYTES, a multiple of 4096, up to 1G]\n");
		return 2;
	}
	buf = malloc(bytes);
	if (!buf || bench_sample_fill(buf, bytes) < 0) {
		fprintf(stderr, "bench-sample: cannot make %llu bytes of sample\n",
		        (unsigned long long)bytes);
		return 1;
	}
	while (off < bytes) {
		ssize_t n = write(STDOUT_FILENO, buf + off, bytes - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "bench-sample: write: %s\n", strerror(errno));
			return 1;
		}
		off += (size_t)n;
	}
	free(buf);
	return 0;
}
