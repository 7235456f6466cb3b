/* src/shared/swap-header.c: the first page of a Linux swap area, version 1 */
#include "unit.h"

#include "claim.h"
#include "macro.h"
#include "swap-header.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

static const uint8_t uuid[16] = { 0x3f, 0x1e, 0x2d, 0x4c, 0x5b, 0x6a, 0x49, 0x88,
	                          0x97, 0x26, 0x35, 0x44, 0x53, 0x62, 0x71, 0x80 };

static uint32_t u32_at(const uint8_t *p, size_t off) {
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static bool all_zero(const uint8_t *p, size_t from, size_t to) {
	for (size_t i = from; i < to; i++)
		if (p[i])
			return false;
	return true;
}

/* The kernel's union swap_header, field by field, on a 4 KiB page. */
static void test_layout(void **state) {
	uint8_t page[4096];

	(void)state;
	memset(page, 0xaa, sizeof(page));
	assert_int_equal(swap_header_build(page, sizeof(page), 64 * MiB, uuid, NULL), 0);
	assert_true(all_zero(page, 0, 1024));                      /* bootbits */
	assert_int_equal(u32_at(page, 1024), 1);                   /* version */
	assert_int_equal(u32_at(page, 1028), 64 * MiB / 4096 - 1); /* last_page */
	assert_int_equal(u32_at(page, 1032), 0);                   /* nr_badpages */
	assert_memory_equal(page + 1036, uuid, 16);                /* sws_uuid */
	assert_true(all_zero(page, 1052, 4096 - 10)); /* no label, padding, no bad pages */
	assert_memory_equal(page + 4086, "SWAPSPACE2", 10);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* the CPU's byte order, as mkswap writes it here */
	assert_memory_equal(page + 1024, "\1\0\0\0\xff\x3f\0\0", 8);
#endif
}

static void test_label(void **state) {
	uint8_t page[4096], before[4096];

	(void)state;
	assert_int_equal(swap_header_build(page, sizeof(page), 64 * MiB, uuid, "zswap"), 0);
	assert_memory_equal(page + 1052, "zswap", 6);
	assert_true(all_zero(page, 1057, 4086));
	assert_int_equal(swap_header_build(page, sizeof(page), 64 * MiB, uuid, "abcdefghijklmno"),
	                 0);
	assert_memory_equal(page + 1052, "abcdefghijklmno", 16); /* NUL-terminated */
	/* 16 bytes would leave no NUL: refused, the page untouched */
	memcpy(before, page, sizeof(page));
	assert_int_equal(swap_header_build(page, sizeof(page), 64 * MiB, uuid, "abcdefghijklmnop"),
	                 -EINVAL);
	assert_memory_equal(page, before, sizeof(page));
}

/* The magic ends the page, whatever its size; last_page counts that size's pages. */
static void test_page_sizes(void **state) {
	static const size_t sizes[] = { 4096, 8192, 16384, 65536 };

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(sizes); i++) {
		size_t ps = sizes[i];
		uint8_t *page = malloc(ps);

		assert_non_null(page);
		assert_int_equal(swap_header_build(page, ps, 1 * GiB, uuid, NULL), 0);
		assert_int_equal(u32_at(page, 1028), GiB / ps - 1);
		assert_memory_equal(page + ps - 10, "SWAPSPACE2", 10);
		assert_true(all_zero(page, 1052, ps - 10));
		free(page);
	}
}

static void test_last_page(void **state) {
	static const struct {
		uint64_t size;
		size_t pagesize;
		uint64_t pages;
	} cases[] = {
		{ 64 * MiB, 4096, 16384 },
		{ 1 * GiB, 4096, 262144 },
		{ 1 * GiB + 4095, 4096, 262144 }, /* a partial page is not used */
		{ 1 * GiB + 4096, 4096, 262145 },
		{ 4 * GiB, 16384, 262144 },
		{ 10 * 4096, 4096, 10 }, /* the smallest mkswap makes */
		{ 10 * 65536 + 65535, 65536, 10 },
		/* last_page is a u32: larger areas are cut, as mkswap cuts them */
		{ UINT64_C(1) << 45, 4096, UINT32_MAX },
		{ (uint64_t)UINT32_MAX * 4096, 4096, UINT32_MAX },
		{ (uint64_t)UINT32_MAX * 4096 - 1, 4096, UINT32_MAX - 1 },
	};

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		uint8_t *page = malloc(cases[i].pagesize);
		uint64_t pages = 0;

		assert_non_null(page);
		assert_int_equal(swap_area_pages(cases[i].size, cases[i].pagesize, &pages), 0);
		assert_true(pages == cases[i].pages);
		assert_int_equal(
		        swap_header_build(page, cases[i].pagesize, cases[i].size, uuid, NULL), 0);
		assert_true(u32_at(page, 1028) == cases[i].pages - 1);
		free(page);
	}
}

static void test_too_small(void **state) {
	uint8_t page[4096];
	uint64_t pages = 7;

	(void)state;
	memset(page, 0xaa, sizeof(page));
	assert_int_equal(swap_area_pages(10 * 4096 - 1, 4096, &pages), -ENOSPC);
	assert_int_equal(pages, 7); /* untouched */
	assert_int_equal(swap_header_build(page, 4096, 9 * 4096, uuid, NULL), -ENOSPC);
	assert_int_equal(swap_header_build(page, 4096, 4096, uuid, NULL), -ENOSPC);
	assert_int_equal(swap_header_build(page, 4096, 0, uuid, NULL), -ENOSPC);
	assert_true(page[0] == 0xaa && page[4095] == 0xaa); /* nothing written */
	/* 10 pages of 4 KiB are too few pages of 64 KiB */
	assert_int_equal(swap_area_pages(10 * 4096, 65536, &pages), -ENOSPC);
}

static void test_bad_page_size(void **state) {
	uint8_t page[8192];
	uint64_t pages;

	(void)state;
	assert_int_equal(swap_area_pages(GiB, 0, &pages), -EINVAL);
	assert_int_equal(swap_area_pages(GiB, 2048, &pages), -EINVAL);
	assert_int_equal(swap_area_pages(GiB, 6144, &pages), -EINVAL);
	assert_int_equal(swap_header_build(page, 4097, GiB, uuid, NULL), -EINVAL);
}

static void test_uuid_v4(void **state) {
	uint8_t u[16];
	char s[37];

	(void)state;
	memset(u, 0xff, sizeof(u));
	uuid_make_v4(u);
	claim_uuid_to_string(u, s);
	assert_string_equal(s, "ffffffff-ffff-4fff-bfff-ffffffffffff");
	memset(u, 0, sizeof(u));
	uuid_make_v4(u);
	claim_uuid_to_string(u, s);
	assert_string_equal(s, "00000000-0000-4000-8000-000000000000");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),     cmocka_unit_test(test_label),
		cmocka_unit_test(test_page_sizes), cmocka_unit_test(test_last_page),
		cmocka_unit_test(test_too_small),  cmocka_unit_test(test_bad_page_size),
		cmocka_unit_test(test_uuid_v4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
