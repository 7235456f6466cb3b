/* src/shared/claim.c: the claim header format */
#include "unit.h"

#include "claim.h"

static const uint8_t uuid[16] = { 0x3f, 0x1e, 0x2d, 0x4c, 0x5b, 0x6a, 0x79, 0x88,
	                          0x17, 0x26, 0x35, 0x44, 0x53, 0x62, 0x71, 0x80 };

static void test_crc32(void **state) {
	(void)state;
	/* The standard check value of CRC-32/ISO-HDLC. */
	assert_int_equal(crc32_ieee("123456789", 9), 0xCBF43926);
	assert_int_equal(crc32_ieee("", 0), 0);
}

static void test_round_trip(void **state) {
	uint8_t buf[CLAIM_HEADER_SIZE];
	struct claim c;
	char s[37];

	(void)state;
	assert_int_equal(claim_header_build("scratch", uuid, buf), 0);
	assert_memory_equal(buf, "EPHVOLCL", 8);
	assert_int_equal(claim_header_parse(buf, &c), 0);
	assert_string_equal(c.label, "scratch");
	assert_memory_equal(c.uuid, uuid, 16);
	assert_true(c.data_offset == CLAIM_DATA_OFFSET);
	claim_uuid_to_string(c.uuid, s);
	assert_string_equal(s, "3f1e2d4c-5b6a-7988-1726-354453627180");
	/* The longest label fits. */
	assert_int_equal(claim_header_build("abcdefghijklmnopqrstuvwxyz012345", uuid, buf), 0);
	assert_int_equal(claim_header_parse(buf, &c), 0);
	assert_string_equal(c.label, "abcdefghijklmnopqrstuvwxyz012345");
}

static void test_invalid_labels(void **state) {
	uint8_t buf[CLAIM_HEADER_SIZE];

	(void)state;
	assert_int_equal(claim_header_build("", uuid, buf), -EINVAL);
	assert_int_equal(claim_header_build("a/b", uuid, buf), -EINVAL);
	assert_int_equal(claim_header_build(".x", uuid, buf), -EINVAL);
	assert_int_equal(claim_header_build("abcdefghijklmnopqrstuvwxyz0123456", uuid, buf),
	                 -EINVAL);
}

static void test_not_a_header(void **state) {
	uint8_t buf[CLAIM_HEADER_SIZE] = { 0 };
	struct claim c = { .label = "untouched" };

	(void)state;
	assert_int_equal(claim_header_parse(buf, &c), -ENODATA);
	assert_string_equal(c.label, "untouched");
}

static void test_damage_detected(void **state) {
	uint8_t good[CLAIM_HEADER_SIZE], buf[CLAIM_HEADER_SIZE];
	struct claim c;

	(void)state;
	assert_int_equal(claim_header_build("scratch", uuid, good), 0);
	/* Any flipped bit, anywhere before the CRC, is caught. */
	for (size_t i = 8; i < CLAIM_HEADER_SIZE - 4; i += 97) {
		memcpy(buf, good, sizeof(buf));
		buf[i] ^= 0x10;
		assert_int_equal(claim_header_parse(buf, &c), -EBADMSG);
	}
	/* A consistent CRC does not make a bad data offset or label acceptable. */
	memcpy(buf, good, sizeof(buf));
	buf[16] = 0x01; /* data offset 0x100001: not 4 KiB aligned */
	memset(buf + 4092, 0, 4);
	{
		uint32_t crc = crc32_ieee(buf, 4092);
		for (int i = 0; i < 4; i++)
			buf[4092 + i] = (uint8_t)(crc >> (8 * i));
	}
	assert_int_equal(claim_header_parse(buf, &c), -EBADMSG);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),           cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_invalid_labels),  cmocka_unit_test(test_not_a_header),
		cmocka_unit_test(test_damage_detected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
