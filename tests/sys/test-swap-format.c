/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/sys/sys-format.c format_swap(), on a regular file: what libblkid and the kernel
 * read of the header it writes, and that it is the page mkswap(8) writes. */
#include "unit.h"

#include <blkid.h>
#include <sys/stat.h>

#include "claim.h"
#include "macro.h"
#include "swap-header.h"
#include "sys.h"

#define MiB (UINT64_C(1) << 20)

/* A new file of SIZE bytes (sparse: zeros) in $TMPDIR; *ret_path to unlink. */
static void make_file(uint64_t size, char ret_path[PATH_MAX]) {
	const char *tmp = getenv("TMPDIR") ?: "/tmp";
	int fd;

	snprintf(ret_path, PATH_MAX, "%s/ephvol-swap-XXXXXX", tmp);
	fd = mkstemp(ret_path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static void read_page(const char *path, uint8_t *buf, size_t size) {
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, size, 0), (ssize_t)size);
	close(fd);
}

static void assert_probe(blkid_probe pr, const char *name, const char *expected) {
	const char *v = NULL;

	assert_int_equal(blkid_probe_lookup_value(pr, name, &v, NULL), 0);
	assert_string_equal(v, expected);
}

static void test_blkid_reads_it(void **state) {
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	char path[PATH_MAX], uuid_str[37];
	_cleanup_free_ char *reason = NULL;
	uint8_t uuid[16], *page = malloc(ps);
	uint32_t last_page;
	blkid_probe pr;

	(void)state;
	assert_non_null(page);
	make_file(64 * MiB, path);
	assert_int_equal(format_swap(path, uuid, &reason), 0);
	assert_null(reason);
	claim_uuid_to_string(uuid, uuid_str);
	assert_true(uuid_str[14] == '4'); /* random: RFC 4122 version 4 */
	assert_true(strchr("89ab", uuid_str[19]));

	pr = blkid_new_probe_from_filename(path);
	assert_non_null(pr);
	assert_int_equal(blkid_probe_enable_superblocks(pr, 1), 0);
	assert_int_equal(blkid_probe_set_superblocks_flags(
	                         pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_VERSION |
	                                     BLKID_SUBLKS_LABEL),
	                 0);
	assert_int_equal(blkid_do_safeprobe(pr), 0); /* one signature, no ambivalence */
	assert_probe(pr, "TYPE", "swap");
	assert_probe(pr, "VERSION", "1");
	assert_probe(pr, "UUID", uuid_str);
	assert_int_not_equal(blkid_probe_lookup_value(pr, "LABEL", NULL, NULL), 0);
	blkid_free_probe(pr);

	/* What the kernel's read_swap_header() takes: version 1, no bad pages, and
	 * last_page + 1 pages, all inside the file (else "Swap area shorter than
	 * signature indicates"), page 0 the header. */
	read_page(path, page, ps);
	memcpy(&last_page, page + SWAP_HEADER_OFF_LAST_PAGE, 4);
	assert_int_equal(last_page, 64 * MiB / ps - 1);
	assert_true((uint64_t)last_page + 1 <= 64 * MiB / ps);
	assert_memory_equal(page + ps - 10, "SWAPSPACE2", 10);

	/* A second format: another random UUID. */
	{
		uint8_t again[16];

		assert_int_equal(format_swap(path, again, NULL), 0);
		assert_memory_not_equal(uuid, again, 16);
	}
	unlink(path);
	free(page);
}

/* The same page as mkswap -U writes for the same file. */
static void test_same_as_mkswap(void **state) {
	static const uint64_t sizes[] = { 64 * MiB, 40 * 1024 + 3000, 256 * MiB + 512 };
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *ours = malloc(ps), *theirs = malloc(ps);

	(void)state;
	assert_non_null(ours);
	assert_non_null(theirs);
	for (size_t i = 0; i < ELEMENTSOF(sizes); i++) {
		char a[PATH_MAX], b[PATH_MAX], uuid_str[37];
		_cleanup_free_ char *reason = NULL;
		uint8_t uuid[16];

		if (sizes[i] < SWAP_MIN_PAGES * ps)
			continue;
		make_file(sizes[i], a);
		make_file(sizes[i], b);
		assert_int_equal(format_swap(a, uuid, NULL), 0);
		claim_uuid_to_string(uuid, uuid_str);
		{
			const char *argv[] = { "/sbin/mkswap", "-q", "-U", uuid_str, b, NULL };
			int r = run_program(argv, &reason);

			if (r < 0)
				print_message("mkswap: %s\n", reason ?: strerror(-r));
			assert_int_equal(r, 0);
		}
		read_page(a, ours, ps);
		read_page(b, theirs, ps);
		assert_memory_equal(ours, theirs, ps);
		unlink(a);
		unlink(b);
	}
	free(ours);
	free(theirs);
}

static void test_refusals(void **state) {
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	char path[PATH_MAX];
	uint8_t buf[64], uuid[16] = { 1 };

	(void)state;
	/* mkswap's minimum is 10 pages: 9 and a bit are refused, nothing written. */
	make_file(10 * ps - 1, path);
	{
		_cleanup_free_ char *reason = NULL;

		assert_int_equal(format_swap(path, uuid, &reason), -ENOSPC);
		assert_non_null(reason);
		assert_non_null(strstr(reason, "too small for swap"));
		assert_true(uuid[0] == 1 && uuid[1] == 0); /* untouched */
		read_page(path, buf, sizeof(buf));
		for (size_t i = 0; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0);
	}
	unlink(path);
	make_file(10 * ps, path);
	assert_int_equal(format_swap(path, NULL, NULL), 0);
	unlink(path);

	/* Neither a block device nor a regular file. */
	{
		_cleanup_free_ char *reason = NULL;

		assert_int_equal(format_swap("/dev/null", NULL, &reason), -ENOTBLK);
		assert_non_null(strstr(reason, "neither a block device nor a regular file"));
	}
	{
		_cleanup_free_ char *reason = NULL;

		assert_int_equal(format_swap("/nonexistent/swap", NULL, &reason), -ENOENT);
		assert_non_null(strstr(reason, "cannot open /nonexistent/swap"));
	}
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blkid_reads_it),
		cmocka_unit_test(test_same_as_mkswap),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
