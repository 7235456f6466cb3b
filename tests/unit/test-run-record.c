/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/shared/run-record.c, and src/lib/scan.c on tests/fixtures/run-owners: who owns
 * a run volume, and whether that owner lives, by PID and start time.
 *   run-live      zram1; its owner 4242 has the recorded start time: active
 *   run-reused    zram2; PID 4343 is there, started at another time (a PID used
 *                 again; its command name holds ") "): orphaned
 *   run-gone      zram3; no process 4444: orphaned
 *   run-novolume  a record without a volume (a run before its create): not listed
 *   run-junk      an unreadable record: ignored
 */
#include "unit.h"

#include <string.h>

#include "ephvol.h"
#include "macro.h"
#include "run-record.h"

static void test_roundtrip(void **state) {
	struct run_record in = { .pid = 2147483647, .start_time = UINT64_MAX }, out;
	_cleanup_free_ char *text = NULL;

	(void)state;
	strcpy(in.command, "./run.sh --ephemeral");
	assert_int_equal(run_record_format(&in, &text), 0);
	assert_string_equal(text, "pid=2147483647\nstart-time=18446744073709551615\n"
	                          "command=./run.sh --ephemeral\n");
	assert_int_equal(run_record_parse(text, &out), 0);
	assert_int_equal(out.pid, in.pid);
	assert_true(out.start_time == in.start_time);
	assert_string_equal(out.command, in.command);
}

static void test_parse_refuses(void **state) {
	static const char *const bad[] = {
		"",
		"pid=0\nstart-time=1\ncommand=x\n",
		"pid=-1\nstart-time=1\ncommand=x\n",
		"pid=2147483648\nstart-time=1\ncommand=x\n",
		"pid=1\nstart-time=0\ncommand=x\n",
		"pid=1\nstart-time=1\ncommand=\n",
		"pid=1\ncommand=x\nstart-time=1\n",
		"pid=1\nstart-time=1\ncommand=x\nextra=1\n",
		"pid=1\nstart-time=1\n",
	};
	struct run_record r;

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(bad); i++)
		assert_int_equal(run_record_parse(bad[i], &r), -EBADMSG);
}

static void test_format_refuses(void **state) {
	struct run_record r = { .pid = 1, .start_time = 1 };
	char *text = NULL;

	(void)state;
	strcpy(r.command, "a\nb");
	assert_int_equal(run_record_format(&r, &text), -EINVAL);
	r = (struct run_record){ .pid = 0, .start_time = 1 };
	assert_int_equal(run_record_format(&r, &text), -EINVAL);
	assert_null(text);
}

static void test_command_join(void **state) {
	char *argv[] = { "sh", "-c", "echo a\tb\nc", NULL }, *none[] = { NULL };
	char *utf8[] = { "touch", "caf\xc3\xa9", NULL };
	char buf[RUN_COMMAND_MAX], small[12];

	(void)state;
	run_command_join(argv, buf, sizeof(buf));
	assert_string_equal(buf, "sh -c echo a?b?c");
	run_command_join(utf8, buf, sizeof(buf));
	assert_string_equal(buf, "touch caf??");
	run_command_join(none, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* Cut, and says so: 11 characters, the last three dots. */
	run_command_join(argv, small, sizeof(small));
	assert_string_equal(small, "sh -c ec...");
	/* Exactly fitting is not cut. */
	run_command_join((char *[]){ "abcdefghijk", NULL }, small, sizeof(small));
	assert_string_equal(small, "abcdefghijk");
}

static void test_stat_start_time(void **state) {
	uint64_t t;

	(void)state;
	assert_int_equal(proc_stat_start_time("1 (init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 "
	                                      "1 0 42 100 1 2\n",
	                                      &t),
	                 0);
	assert_true(t == 42);
	/* The command name may hold spaces and ')': the last ')' ends it. */
	assert_int_equal(proc_stat_start_time("7 (a) b) c) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 "
	                                      "0 1 0 77 100\n",
	                                      &t),
	                 0);
	assert_true(t == 77);
	assert_int_equal(proc_stat_start_time("7 (x) S 0 1", &t), -EBADMSG);
	assert_int_equal(proc_stat_start_time("no parenthesis", &t), -EBADMSG);
	assert_int_equal(proc_stat_start_time("7 (x) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 "
	                                      "x7 100\n",
	                                      &t),
	                 -EBADMSG);
}

static void test_owner_alive(void **state) {
	_cleanup_free_ char *root = unit_fixture_path("run-owners");

	(void)state;
	assert_int_equal(run_owner_alive(root, 4242, 987654), 1);
	assert_int_equal(run_owner_alive(root, 4242, 987655), 0);
	assert_int_equal(run_owner_alive(root, 4343, 111), 0);
	assert_int_equal(run_owner_alive(root, 4444, 222), 0);
	assert_int_equal(run_owner_alive(root, 0, 222), 0);
}

static struct ephvol_volume *lookup(const char *name) {
	_cleanup_free_ char *root = unit_fixture_path("run-owners");
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume *v = NULL;

	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	assert_int_equal(ephvol_volume_lookup(ctx, name, &v), 0);
	ephvol_ctx_unref(ctx);
	return v;
}

static void test_volume_states(void **state) {
	struct ephvol_volume *v;
	pid_t pid = 0;

	(void)state;
	v = lookup("run-live");
	/* Mounted nowhere the scan can see: its mounts are the job's. */
	assert_null(ephvol_volume_get_mountpoint(v));
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_ACTIVE);
	assert_int_equal(ephvol_volume_get_owner_pid(v, &pid), 0);
	assert_int_equal(pid, 4242);
	assert_string_equal(ephvol_volume_get_command(v), "./run.sh --ephemeral");
	ephvol_volume_unref(v);

	v = lookup("run-reused");
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_ORPHANED);
	assert_string_equal(ephvol_state_to_string(ephvol_volume_get_state(v)), "orphaned");
	assert_int_equal(ephvol_volume_get_owner_pid(v, &pid), 0);
	assert_int_equal(pid, 4343);
	ephvol_volume_unref(v);

	v = lookup("run-gone");
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_ORPHANED);
	assert_string_equal(ephvol_volume_get_command(v), "sleep 1");
	ephvol_volume_unref(v);
}

static void test_listing(void **state) {
	_cleanup_free_ char *root = unit_fixture_path("run-owners");
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume **list = NULL;
	char names[128] = "";

	(void)state;
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	assert_int_equal(ephvol_volume_list(ctx, &list, NULL), 0);
	for (struct ephvol_volume **v = list; *v; v++) {
		strcat(names, ephvol_volume_get_name(*v));
		strcat(names, " ");
	}
	assert_string_equal(names, "run-gone run-live run-reused ");
	ephvol_volume_list_free(list);
	ephvol_ctx_unref(ctx);
}

static void test_not_a_run_volume(void **state) {
	_cleanup_free_ char *root = unit_fixture_path("crash-states");
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume *v = NULL;

	(void)state;
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	assert_int_equal(ephvol_volume_lookup(ctx, "sw", &v), 0);
	assert_int_equal(ephvol_volume_get_owner_pid(v, NULL), -ENODATA);
	assert_null(ephvol_volume_get_command(v));
	ephvol_volume_unref(v);
	ephvol_ctx_unref(ctx);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),        cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_format_refuses),   cmocka_unit_test(test_command_join),
		cmocka_unit_test(test_stat_start_time),  cmocka_unit_test(test_owner_alive),
		cmocka_unit_test(test_volume_states),    cmocka_unit_test(test_listing),
		cmocka_unit_test(test_not_a_run_volume),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
