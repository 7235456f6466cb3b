/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/create-options.c: the `ephvol create` arguments it takes, and what it makes of them. */
#include "unit.h"

#include "create-helpers.h"
#include "kcapi-name.h"

/* ---- successful parses ---- */

static void test_defaults_zram_swap(void **state) {
	struct create_options o;

	(void)state;
	memset(&o, 0xaa, sizeof(o));
	assert_int_equal(PARSE(&o, "create", "s1", "--swap"), 0);
	assert_string_equal(o.name, "s1");
	assert_int_equal(o.role, EPHVOL_ROLE_SWAP);
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	assert_int_equal(o.priority, 100); /* zram swap default */
	assert_null(o.zram_size);          /* default size, resolved later */
	assert_null(o.writeback);
	assert_null(o.mem_limit);
	assert_null(o.device);
	assert_null(o.mountpoint);
	assert_string_equal(o.fstype, "ext4");
	assert_int_equal(o.mode, 01777);
	assert_int_equal(o.uid, 0);
	assert_int_equal(o.gid, 0);
	assert_int_equal(o.key_bits, 0);
	assert_int_equal(o.sector_size, 0);
	assert_null(o.mount_options);
	assert_null(o.comp_algorithm);
	assert_false(o.json);
	assert_non_null(o.args);
	create_options_done(&o);
	assert_null(o.args);
}

static void test_defaults_zram_mount(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "t", "--mount", "/tmp"), 0);
	assert_int_equal(o.role, EPHVOL_ROLE_TMP);
	assert_string_equal(o.mountpoint, "/tmp");
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	assert_int_equal(o.priority, -1); /* only swap has a priority */
	assert_string_equal(o.fstype, "ext4");
	assert_int_equal(o.mode, 01777);
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "r", "--raw"), 0);
	assert_int_equal(o.role, EPHVOL_ROLE_RAW);
	assert_int_equal(o.priority, -1);
	create_options_done(&o);
}

static void test_defaults_device(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda"), 0);
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.device, "/dev/vda");
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "xts-plain64");
	assert_int_equal(o.key_bits, 512);
	assert_int_equal(o.sector_size, 0);
	assert_int_equal(o.priority, -1); /* kernel default on disk */
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "d", "--raw", "--device=PARTLABEL=scratch"), 0);
	assert_string_equal(o.device, "PARTLABEL=scratch");
	create_options_done(&o);
}

static void test_file_backing(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "f", "--mount", "/scratch", "--file", "/var/f.img",
	                       "--size", "1G"),
	                 0);
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.file, "/var/f.img");
	assert_null(o.device);
	assert_true(o.file_size == 1024 * MIB);
	assert_false(o.workqueues);
	assert_int_equal(o.key_bits, 512);
	create_options_done(&o);

	/* An existing file needs no --size; --workqueues keeps dm-crypt's queues. */
	assert_int_equal(PARSE(&o, "create", "f", "--raw", "--file=/var/f.img", "--workqueues"), 0);
	assert_true(o.file_size == 0);
	assert_true(o.workqueues);
	create_options_done(&o);
}

static void test_zram_size_spellings(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "64M"), 0);
	assert_string_equal(o.zram_size, "64M");
	assert_string_equal(o.name, "z");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram=64M"), 0);
	assert_string_equal(o.zram_size, "64M");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "25%"), 0);
	assert_string_equal(o.zram_size, "25%");
	create_options_done(&o);

	/* expressions: the word after --zram holds characters no NAME can */
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram", "min(ram / 2, 4096M)"), 0);
	assert_string_equal(o.zram_size, "min(ram / 2, 4096M)");
	assert_string_equal(o.name, "z");
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "ram/4", "z"), 0);
	assert_string_equal(o.zram_size, "ram/4");
	assert_string_equal(o.name, "z");
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--zram=ram"), 0);
	assert_string_equal(o.zram_size, "ram");
	create_options_done(&o);

	/* --zram without a size; a following NAME is not taken as its SIZE */
	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "z"), 0);
	assert_string_equal(o.name, "z");
	assert_null(o.zram_size);
	assert_int_equal(o.backend, EPHVOL_BACKEND_ZRAM);
	create_options_done(&o);
}

static void test_name_position(void **state) {
	struct create_options o;

	(void)state;
	/* NAME first, last, and in the middle */
	assert_int_equal(PARSE(&o, "create", "vol1", "--zram", "1G", "--swap"), 0);
	assert_string_equal(o.name, "vol1");
	assert_string_equal(o.zram_size, "1G");
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "--swap", "--zram", "1G", "vol2"), 0);
	assert_string_equal(o.name, "vol2");
	assert_string_equal(o.zram_size, "1G");
	assert_int_equal(o.role, EPHVOL_ROLE_SWAP);
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "--mount", "/srv/s", "vol3", "--fs", "xfs"), 0);
	assert_string_equal(o.name, "vol3");
	assert_string_equal(o.mountpoint, "/srv/s");
	assert_string_equal(o.fstype, "xfs");
	create_options_done(&o);

	/* after "--", a NAME may look like anything valid */
	assert_int_equal(PARSE(&o, "create", "--raw", "--", "vol4"), 0);
	assert_string_equal(o.name, "vol4");
	create_options_done(&o);
}

static void test_all_options(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "scratch", "--mount", "/srv/scratch", "--device",
	                       "/dev/disk/by-partlabel/scratch", "--cipher", "aes-xts-plain64",
	                       "--key-size", "256", "--sector-size", "512", "--fs", "btrfs",
	                       "--mode", "0750", "--owner", "1000:100", "--mount-options",
	                       "noatime,discard", "--json"),
	                 0);
	assert_string_equal(o.name, "scratch");
	assert_int_equal(o.role, EPHVOL_ROLE_TMP);
	assert_string_equal(o.mountpoint, "/srv/scratch");
	assert_int_equal(o.backend, EPHVOL_BACKEND_DISK);
	assert_string_equal(o.device, "/dev/disk/by-partlabel/scratch");
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "xts-plain64");
	assert_int_equal(o.key_bits, 256);
	assert_int_equal(o.sector_size, 512);
	assert_string_equal(o.fstype, "btrfs");
	assert_int_equal(o.mode, 0750);
	assert_int_equal(o.uid, 1000);
	assert_int_equal(o.gid, 100);
	assert_string_equal(o.mount_options, "noatime,discard");
	assert_true(o.json);
	create_options_done(&o);

	assert_int_equal(
	        PARSE(&o, "create", "z", "--swap", "--priority", "5", "--comp-algorithm", "zstd"),
	        0);
	assert_int_equal(o.priority, 5);
	assert_string_equal(o.comp_algorithm, "zstd");
	create_options_done(&o);

	/* an explicit 0 is kept, not replaced by the zram default */
	assert_int_equal(PARSE(&o, "create", "z", "--swap", "--priority", "0"), 0);
	assert_int_equal(o.priority, 0);
	create_options_done(&o);

	assert_int_equal(
	        PARSE(&o, "create", "d", "--swap", "--device", "/dev/vdb", "--priority", "32767"),
	        0);
	assert_int_equal(o.priority, 32767);
	create_options_done(&o);

	/* "auto" is accepted on zram: it is the default */
	assert_int_equal(PARSE(&o, "create", "z", "--raw", "--cipher", "auto"), 0);
	create_options_done(&o);

	for (size_t i = 0; i < 3; i++) {
		static const char *const fs[] = { "ext2", "ext4", "xfs" };

		assert_int_equal(PARSE(&o, "create", "t", "--mount", "/t", "--fs", (char *)fs[i]),
		                 0);
		assert_string_equal(o.fstype, fs[i]);
		create_options_done(&o);
	}
}

static void test_cipher_adiantum(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--cipher",
	                       "xchacha12,aes-adiantum-plain64"),
	                 0);
	assert_string_equal(o.cipher, "xchacha12,aes");
	assert_string_equal(o.cipher_mode, "adiantum-plain64");
	assert_int_equal(o.key_bits, 256);
	create_options_done(&o);

	/* non-XTS modes default to 256 bits too */
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--cipher",
	                       "aes-cbc-plain64"),
	                 0);
	assert_string_equal(o.cipher, "aes");
	assert_string_equal(o.cipher_mode, "cbc-plain64");
	assert_int_equal(o.key_bits, 256);
	create_options_done(&o);
}

/* --integrity aead: the AEAD cipher as dm-crypt's spec, its own key size. */
static void test_integrity(void **state) {
	struct create_options o;

	(void)state;
	assert_int_equal(
	        PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--integrity", "aead"),
	        0);
	assert_non_null(o.aead);
	assert_string_equal(o.aead->name, "aegis128-random");
	assert_string_equal(o.cipher, "capi:aegis128");
	assert_string_equal(o.cipher_mode, "random");
	assert_int_equal(o.key_bits, 128);
	assert_false(o.cipher_picked);
	create_options_done(&o);

	assert_int_equal(PARSE(&o, "create", "d", "--mount", "/mnt", "--file", "/srv/d.img",
	                       "--size", "64M", "--integrity", "aead", "--cipher",
	                       "aes-xts-hmac-sha256-random", "--key-size", "768"),
	                 0);
	assert_string_equal(o.cipher, "capi:authenc(hmac(sha256),xts(aes))");
	assert_int_equal(o.key_bits, 768);
	assert_int_equal(o.aead->tag_bytes, 48);
	create_options_done(&o);

	/* zram's writeback mapping; the file system on zram is not authenticated. */
	assert_int_equal(PARSE(&o, "create", "z", "--mount", "/mnt", "--zram", "64M", "--fs", "xfs",
	                       "--writeback", "/dev/vdb", "--integrity", "aead", "--cipher",
	                       "aes-gcm-random"),
	                 0);
	assert_string_equal(o.cipher, "capi:gcm(aes)");
	assert_int_equal(o.key_bits, 256);
	create_options_done(&o);

	/* Without it, nothing changes. */
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda", "--cipher",
	                       "aes-xts-plain64"),
	                 0);
	assert_null(o.aead);
	create_options_done(&o);
}

static void test_help(void **state) {
	struct create_options o;
	struct unit_capture c;
	char *out;
	int r1, r2;

	(void)state;
	capture_begin(&c, STDOUT_FILENO);
	r1 = PARSE(&o, "create", "--help");
	r2 = PARSE(&o, "create", "x", "--swap", "-h");
	out = capture_end(&c);
	assert_int_equal(r1, 1);
	assert_int_equal(r2, 1);
	assert_non_null(out);
	assert_non_null(strstr(out, "Usage: ephvol create NAME"));
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_zram_swap),
		cmocka_unit_test(test_defaults_zram_mount),
		cmocka_unit_test(test_defaults_device),
		cmocka_unit_test(test_file_backing),
		cmocka_unit_test(test_zram_size_spellings),
		cmocka_unit_test(test_name_position),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_cipher_adiantum),
		cmocka_unit_test(test_integrity),
		cmocka_unit_test(test_help),
	};

	return cmocka_run_group_tests(tests, quiet_setup, NULL);
}
