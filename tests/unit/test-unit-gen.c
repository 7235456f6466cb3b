/* src/shared/unit-gen.c: unit names, device paths, and the units of a volume */
#include "unit.h"

#include "conf.h"
#include "cpu-features.h"
#include "unit-gen.h"

static void check_name(const char *path, const char *suffix, const char *want) {
	char *s = NULL;

	assert_int_equal(unit_name_from_path(path, suffix, &s), 0);
	assert_string_equal(s, want);
	free(s);
}

/* Expected values as `systemd-escape --path --suffix=...` prints them (systemd 252). */
static void test_unit_name_from_path(void **state) {
	char *s = NULL;

	(void)state;
	check_name("/tmp", ".mount", "tmp.mount");
	check_name("/", ".mount", "-.mount");
	check_name("//var//tmp/", ".mount", "var-tmp.mount");
	check_name("/dev/ephvol/my-swap.1", ".swap", "dev-ephvol-my\\x2dswap.1.swap");
	check_name("/srv/.hidden dir", ".mount", "srv-.hidden\\x20dir.mount");
	check_name("/.x", ".mount", "\\x2ex.mount");
	check_name("/dev/disk/by-partlabel/a\\x20b", ".device",
	           "dev-disk-by\\x2dpartlabel-a\\x5cx20b.device");
	check_name("/x/\xc3\xa9", ".mount", "x-\\xc3\\xa9.mount");
	assert_int_equal(unit_name_from_path("tmp", ".mount", &s), -EINVAL);
	assert_int_equal(unit_name_from_path("/a/../b", ".mount", &s), -EINVAL);
	assert_int_equal(unit_name_from_path("/a/./b", ".mount", &s), -EINVAL);
	assert_null(s);
}

static void check_path(const char *spec, const char *want) {
	char *s = NULL;

	assert_int_equal(backing_spec_to_path(spec, &s), 0);
	assert_string_equal(s, want);
	free(s);
}

static void test_backing_spec_to_path(void **state) {
	char *s = NULL;

	(void)state;
	check_path("/dev/vdb", "/dev/vdb");
	check_path("PARTUUID=0FC63DAF-8483-4772-8E79-3D69D8477DE4",
	           "/dev/disk/by-partuuid/0fc63daf-8483-4772-8e79-3d69d8477de4");
	check_path("PARTLABEL=scratch", "/dev/disk/by-partlabel/scratch");
	check_path("PARTLABEL=a b/c", "/dev/disk/by-partlabel/a\\x20b\\x2fc");
	check_path("LABEL=fast", "/dev/disk/by-ephvol/fast");
	assert_int_equal(backing_spec_to_path("UUID=1234", &s), -EINVAL);
	assert_int_equal(backing_spec_to_path("PARTLABEL=", &s), -EINVAL);
	assert_int_equal(backing_spec_to_path("vdb", &s), -EINVAL);
	assert_int_equal(backing_spec_to_path("", &s), -EINVAL);
	assert_null(s);
}

static struct conf *parse(const char *text) {
	struct conf *c = conf_new();
	char *error = NULL;

	assert_non_null(c);
	assert_int_equal(conf_parse_string(c, text, strlen(text), "/etc/ephvol.conf", &error), 0);
	assert_null(error);
	return c;
}

static void test_zram_tmp_units(void **state) {
	struct conf *c = parse("[t]\nrole = tmp\nmount = /var/tmp\nfs = ext2\nnofail = yes\n");
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 0), "/sbin", NULL, &u, &n, &error),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].name, "ephvol-setup@t.service");
	assert_null(u[0].link_from);
	assert_non_null(strstr(u[0].text, "\nExecStart=/sbin/ephvol up --no-activate t\n"));
	assert_non_null(strstr(u[0].text, "\nBefore=var-tmp.mount\n"));
	assert_null(strstr(u[0].text, "BindsTo="));
	assert_string_equal(u[1].name, "var-tmp.mount");
	assert_string_equal(u[1].link_from, "local-fs.target.wants");
	assert_non_null(strstr(u[1].text, "\nType=ext2\nOptions=nosuid,nodev,discard,nofail\n"));
	unit_files_free(u, n);
	conf_free(c);
}

/* A swap's service turns it on and is what swap.target waits for; its .swap unit is
 * pulled in by nothing (unit-gen.h). */
static void test_swap_service_turns_it_on(void **state) {
	struct conf *c = parse("[s]\nrole = swap\ndevice = /dev/vdb\n[w]\nrole = swap\n"
	                       "nofail = yes\n");
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 0), "/sbin", NULL, &u, &n, &error),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(u[0].link_from, "swap.target.requires");
	assert_non_null(strstr(u[0].text, "\nType=notify\n"));
	assert_non_null(strstr(u[0].text, "\nExecStart=/sbin/ephvol up s\n"));
	assert_non_null(strstr(u[0].text, "\nBefore=dev-ephvol-s.swap\nBefore=swap.target\n"));
	assert_string_equal(u[1].name, "dev-ephvol-s.swap");
	assert_null(u[1].link_from);
	unit_files_free(u, n);
	/* nofail: wanted, and swap.target does not wait for it */
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 1), "/sbin", NULL, &u, &n, &error),
	                 0);
	assert_string_equal(u[0].link_from, "swap.target.wants");
	assert_null(strstr(u[0].text, "swap.target"));
	assert_null(u[1].link_from);
	unit_files_free(u, n);
	conf_free(c);
}

/* The modules a setup will ask for load as the boot starts: wanted, and not waited for. */
static void test_modules_wanted_not_waited(void **state) {
	struct conf *c = parse("[s]\nrole = swap\ndevice = /dev/vdb\n[z]\nrole = swap\n");
	const unsigned aes = CPU_FEATURE_AES;
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 0), "/sbin", &aes, &u, &n, &error),
	                 0);
	assert_non_null(strstr(u[0].text,
	                       "\nWants=modprobe@dm_crypt.service "
	                       "modprobe@crypto-xts.service modprobe@crypto-aes.service\n"));
	assert_null(strstr(u[0].text, "After=modprobe"));
	assert_null(strstr(u[1].text, "modprobe"));
	unit_files_free(u, n);
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 1), "/sbin", &aes, &u, &n, &error),
	                 0);
	assert_null(strstr(u[0].text, "modprobe"));
	unit_files_free(u, n);
	conf_free(c);
}

static void test_refused_like_create(void **state) {
	struct conf *c = parse("[s]\nrole = swap\nmount = /tmp\n");
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 0), "/sbin", NULL, &u, &n, &error),
	                 -EINVAL);
	assert_null(u);
	assert_non_null(error);
	assert_non_null(strstr(error, "/etc/ephvol.conf:3: mount in [s] applies to role tmp only"));
	free(error);
	conf_free(c);
}

static void test_writeback_device_bound(void **state) {
	struct conf *c = parse("[z]\nrole = swap\nwriteback = PARTLABEL=wb\n");
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(unit_gen_volume(conf_volume_by_index(c, 0), "/sbin", NULL, &u, &n, &error),
	                 0);
	assert_non_null(strstr(u[0].text, "\nBindsTo=dev-disk-by\\x2dpartlabel-wb.device\n"));
	assert_non_null(strstr(u[1].text, "\nOptions=discard\n"));
	unit_files_free(u, n);
	conf_free(c);
}

static void check_escape(const char *s, enum unit_escape how, const char *want) {
	char *e = NULL;

	assert_int_equal(unit_escape(s, how, &e), 0);
	assert_string_equal(e, want);
	free(e);
}

/* As systemd reads them back: specifiers ("%%"), then for words the quotes and backslash
 * escapes of extract_first_word(), and for command arguments "$$". */
static void test_unit_escape(void **state) {
	char *e = NULL;

	(void)state;
	check_escape("/srv/scratch", UNIT_ESCAPE_SPECIFIERS, "/srv/scratch");
	check_escape("/srv/a b%c", UNIT_ESCAPE_SPECIFIERS, "/srv/a b%%c");
	check_escape("100%%", UNIT_ESCAPE_SPECIFIERS, "100%%%%");
	check_escape("a \"b\" \\c $d", UNIT_ESCAPE_SPECIFIERS, "a \"b\" \\c $d");
	check_escape("", UNIT_ESCAPE_SPECIFIERS, "");

	check_escape("/var/lib/ephvol/t.img", UNIT_ESCAPE_WORD, "/var/lib/ephvol/t.img");
	check_escape("/a+b,c:d=e@f_g-h.i", UNIT_ESCAPE_WORD, "/a+b,c:d=e@f_g-h.i");
	check_escape("/var/lib/a b.img", UNIT_ESCAPE_WORD, "\"/var/lib/a b.img\"");
	check_escape("/x/\"q\" 'r'", UNIT_ESCAPE_WORD, "\"/x/\\\"q\\\" 'r'\"");
	check_escape("/x\\y", UNIT_ESCAPE_WORD, "\"/x\\\\y\"");
	check_escape("/x%y", UNIT_ESCAPE_WORD, "\"/x%%y\"");
	check_escape("/x$y", UNIT_ESCAPE_WORD, "\"/x$y\""); /* no $ expansion there */
	check_escape("/x/\xc3\xa9", UNIT_ESCAPE_WORD, "\"/x/\xc3\xa9\"");
	check_escape("", UNIT_ESCAPE_WORD, "\"\"");

	check_escape("swap", UNIT_ESCAPE_EXEC_WORD, "swap");
	check_escape("a b", UNIT_ESCAPE_EXEC_WORD, "\"a b\"");
	check_escape(";", UNIT_ESCAPE_EXEC_WORD, "\";\""); /* a lone ';' separates commands */
	check_escape("$HOME", UNIT_ESCAPE_EXEC_WORD, "\"$$HOME\"");
	check_escape("%n${x}", UNIT_ESCAPE_EXEC_WORD, "\"%%n$${x}\"");

	for (int how = UNIT_ESCAPE_SPECIFIERS; how <= UNIT_ESCAPE_EXEC_WORD; how++) {
		assert_int_equal(unit_escape("a\tb", how, &e), -EINVAL);
		assert_int_equal(unit_escape("a\nb", how, &e), -EINVAL);
		assert_int_equal(unit_escape("a\rb", how, &e), -EINVAL);
		assert_int_equal(unit_escape("\x01", how, &e), -EINVAL);
		assert_int_equal(unit_escape("a\x7f", how, &e), -EINVAL);
	}
	assert_null(e);
}

static char *text_of(const struct unit_file *u, size_t n, const char *name) {
	for (size_t i = 0; i < n; i++)
		if (streq(u[i].name, name))
			return u[i].text;
	fail_msg("no unit %s", name);
	return NULL;
}

/* Regression: configured values went into the units unescaped, so systemd expanded '%' in
 * Where= (which then did not match the unit name), and split RequiresMountsFor= at blanks. */
static void test_values_escaped(void **state) {
	struct conf *c = parse("[t]\nrole = tmp\nmount = /srv/a b%c\nmount-options = x%y\n"
	                       "fs = ext2\nfile = /var/lib/eph vol/t%1.img\nsize = 64M\n");
	struct conf *c2 = conf_new();
	struct unit_file *u = NULL;
	char *error = NULL;
	const char *mount;
	size_t n = 0;

	(void)state;
	assert_int_equal(
	        unit_gen_volume(conf_volume_by_index(c, 0), "/opt/my sbin", NULL, &u, &n, &error),
	        0);
	assert_int_equal(n, 2);
	assert_string_equal(u[1].name, "srv-a\\x20b\\x25c.mount");
	mount = text_of(u, n, "srv-a\\x20b\\x25c.mount");
	assert_non_null(
	        strstr(mount, "\nDescription=Ephemeral encrypted /srv/a b%%c (volume t)\n"));
	assert_non_null(strstr(mount, "\nWhere=/srv/a b%%c\nType=ext2\n"));
	assert_non_null(strstr(mount, "\nOptions=nosuid,nodev,x%%y\n"));
	assert_non_null(strstr(u[0].text, "\nRequiresMountsFor=\"/var/lib/eph vol/t%%1.img\"\n"));
	assert_non_null(
	        strstr(u[0].text, "\nExecStart=\"/opt/my sbin/ephvol\" up --no-activate t\n"));
	assert_non_null(strstr(u[0].text, "\nExecStop=\"/opt/my sbin/ephvol\" down t\n"));
	unit_files_free(u, n);

	/* The file a value came from is named in SourcePath=, a path with specifiers. */
	assert_non_null(c2);
	assert_int_equal(conf_parse_string(c2, "[s]\nrole = swap\n", 15,
	                                   "/etc/ephvol.conf.d/5%.conf", &error),
	                 0);
	assert_int_equal(
	        unit_gen_volume(conf_volume_by_index(c2, 0), "/sbin", NULL, &u, &n, &error), 0);
	assert_non_null(strstr(u[0].text, "\nSourcePath=/etc/ephvol.conf.d/5%%.conf\n"));
	assert_non_null(strstr(u[1].text, "\nSourcePath=/etc/ephvol.conf.d/5%%.conf\n"));
	unit_files_free(u, n);
	conf_free(c2);
	conf_free(c);
}

/* What the configuration would refuse cannot reach a unit by another way either. */
static void test_control_character_refused(void **state) {
	struct conf *c = parse("[s]\nrole = swap\n");
	struct unit_file *u = NULL;
	char *error = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(
	        unit_gen_volume(conf_volume_by_index(c, 0), "/s\nbin", NULL, &u, &n, &error),
	        -EINVAL);
	assert_null(u);
	assert_string_equal(error, "[s]: a value holds a control character");
	free(error);
	conf_free(c);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_name_from_path),
		cmocka_unit_test(test_backing_spec_to_path),
		cmocka_unit_test(test_zram_tmp_units),
		cmocka_unit_test(test_swap_service_turns_it_on),
		cmocka_unit_test(test_modules_wanted_not_waited),
		cmocka_unit_test(test_refused_like_create),
		cmocka_unit_test(test_writeback_device_bound),
		cmocka_unit_test(test_unit_escape),
		cmocka_unit_test(test_values_escaped),
		cmocka_unit_test(test_control_character_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
