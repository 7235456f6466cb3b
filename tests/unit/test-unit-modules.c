/* src/shared/unit-modules.c: the kernel modules a volume's setup will ask for */
#include "unit.h"

#include "conf.h"
#include "cpu-features.h"
#include "strv.h"
#include "unit-modules.h"

static const unsigned aes = CPU_FEATURE_AES, no_aes = CPU_FEATURE_AVX;

/* The modules of the first volume of TEXT, joined by spaces ("" for none). */
static void check(const char *text, const unsigned *cpu, const char *want) {
	struct conf *c = conf_new();
	char *error = NULL, **l = NULL, got[512] = "";

	assert_non_null(c);
	assert_int_equal(conf_parse_string(c, text, strlen(text), "/etc/ephvol.conf", &error), 0);
	assert_int_equal(unit_volume_modules(conf_volume_by_index(c, 0), cpu, &l), 0);
	assert_non_null(l);
	for (char **m = l; *m; m++) {
		if (m != l)
			strcat(got, " ");
		strcat(got, *m);
	}
	assert_string_equal(got, want);
	strv_free(l);
	conf_free(c);
}

/* `cipher = auto` as create picks it: AES-XTS with AES instructions, else Adiantum; the
 * crypto API asks for each template and cipher of the name ("crypto-xts", "crypto-aes"). */
static void test_auto_cipher_by_cpu(void **state) {
	(void)state;
	check("[s]\nrole = swap\ndevice = /dev/vdb\n", &aes, "dm_crypt crypto-xts crypto-aes");
	check("[s]\nrole = swap\ndevice = /dev/vdb\ncipher = auto\n", &no_aes,
	      "dm_crypt crypto-adiantum crypto-xchacha12 crypto-aes");
	/* Unknown CPU: the cipher is left for the kernel to ask for. */
	check("[s]\nrole = swap\ndevice = /dev/vdb\n", NULL, "dm_crypt");
}

static void test_configured_cipher(void **state) {
	(void)state;
	/* Nested templates, each once. */
	check("[s]\nrole = swap\ndevice = /dev/vdb\ncipher = aes-cbc-essiv:sha256\n", &aes,
	      "dm_crypt crypto-essiv crypto-cbc crypto-aes crypto-sha256");
	check("[s]\nrole = swap\ndevice = /dev/vdb\ncipher = serpent-xts-plain64\n", &aes,
	      "dm_crypt crypto-xts crypto-serpent");
}

static void test_file_system(void **state) {
	(void)state;
	check("[t]\nrole = tmp\nmount = /tmp\ndevice = /dev/vdb\n", &aes,
	      "dm_crypt crypto-xts crypto-aes fs-ext4");
	check("[t]\nrole = tmp\nmount = /tmp\nfs = xfs\n", &aes, "fs-xfs");
	check("[r]\nrole = raw\nfile = /var/tmp/r.img\nsize = 1G\n", NULL, "dm_crypt");
}

/* zram needs dm-crypt only to write back through. */
static void test_zram(void **state) {
	(void)state;
	check("[z]\nrole = swap\n", &aes, "");
	check("[z]\nrole = swap\nwriteback = PARTLABEL=wb\n", &aes,
	      "dm_crypt crypto-xts crypto-aes");
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_cipher_by_cpu),
		cmocka_unit_test(test_configured_cipher),
		cmocka_unit_test(test_file_system),
		cmocka_unit_test(test_zram),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
