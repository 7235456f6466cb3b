/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libephvol's context (root, references, log), its volume objects and names, and the
 * scan on roots that hold nothing or hold malformed tables.
 */
#include "volume-fixture.h"

/* ---- other roots ---- */

static void test_empty_root(void **state) {
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v = (void *)1;
	char *root = unit_fixture_path("empty");
	size_t n = 99;

	(void)state;
	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_non_null(list);
	assert_null(list[0]);
	ephvol_volume_list_free(list);
	assert_int_equal(ephvol_volume_lookup(ctx, "s1", &v), -ENOENT);

	/* a root that does not exist reads as an empty system too */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/nonexistent/ephvol-unit-test"), 0);
	n = 99;
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), 0);
	assert_int_equal(n, 0);
	ephvol_volume_list_free(list);
	ephvol_ctx_unref(ctx);
	free(root);
}

static void expect_state_error(const char *sub, int expected) {
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_volume **list = (void *)1;
	struct ephvol_volume *v = (void *)1;
	struct log_record log = { 0 };
	char *root = unit_fixture_path(sub);
	size_t n = 99;

	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	ephvol_ctx_set_log_fn(ctx, test_log_fn, &log);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), expected);
	assert_ptr_equal(list, (void *)1);
	assert_int_equal(n, 99);
	assert_int_equal(ephvol_volume_lookup(ctx, "s1", &v), expected);
	assert_ptr_equal(v, (void *)1);
	/* reported once per call at LOG_ERR through the log function */
	assert_int_equal(log.calls, 2);
	assert_int_equal(log.max_priority_seen, LOG_ERR);
	assert_non_null(strstr(log.text, "cannot read"));

	/* without a log function the library is silent, and still fails */
	ephvol_ctx_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(ephvol_volume_list(ctx, &list, &n), expected);
	ephvol_ctx_unref(ctx);
	free(root);
}

static void test_malformed_tables(void **state) {
	(void)state;
	expect_state_error("badswaps", -EBADMSG);
	expect_state_error("badmountinfo", -EBADMSG);
}

/* ---- context ---- */

static void test_ctx_root(void **state) {
	struct ephvol_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(unit_ctx_new(NULL), -EINVAL);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_non_null(ctx);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/");
	assert_int_equal(ephvol_ctx_set_root(ctx, "tests/fixtures/mixed"), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, "./mixed"), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, ""), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(ctx, NULL), -EINVAL);
	assert_int_equal(ephvol_ctx_set_root(NULL, "/x"), -EINVAL);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/"); /* unchanged */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/srv/root"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/srv/root");
	assert_int_equal(ephvol_ctx_set_root(ctx, "/"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/");
	assert_null(ephvol_ctx_get_root(NULL));
	assert_int_equal(ephvol_volume_list(NULL, (struct ephvol_volume ***)&ctx, NULL), -EINVAL);
	assert_int_equal(ephvol_volume_list(ctx, NULL, NULL), -EINVAL);
	ephvol_ctx_unref(ctx);
}

static void test_ctx_refcount(void **state) {
	struct ephvol_ctx *ctx = NULL;

	(void)state;
	assert_null(ephvol_ctx_unref(NULL));
	assert_null(ephvol_ctx_ref(NULL));
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_ptr_equal(ephvol_ctx_ref(ctx), ctx);
	assert_ptr_equal(ephvol_ctx_ref(ctx), ctx);
	assert_null(ephvol_ctx_unref(ctx));
	assert_null(ephvol_ctx_unref(ctx));
	/* still alive with the last reference: usable */
	assert_int_equal(ephvol_ctx_set_root(ctx, "/still/alive"), 0);
	assert_string_equal(ephvol_ctx_get_root(ctx), "/still/alive");
	assert_null(ephvol_ctx_unref(ctx)); /* freed here; valgrind checks */
}

static void test_ctx_log_priority(void **state) {
	struct ephvol_ctx *ctx = NULL;
	static const struct {
		const char *env;
		int expected;
	} cases[] = {
		{ "debug", LOG_DEBUG }, { "DEBUG", LOG_DEBUG },     { "7", LOG_DEBUG },
		{ "info", LOG_INFO },   { "warning", LOG_WARNING }, { "0", LOG_EMERG },
		{ "emerg", LOG_EMERG }, { "err", LOG_ERR },         { "bogus", LOG_ERR },
		{ "8", LOG_ERR },       { "10", LOG_ERR },          { "", LOG_ERR },
		{ "-1", LOG_ERR },
	};

	(void)state;
	unsetenv("EPHVOL_LOG");
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_get_log_priority(ctx), LOG_ERR);
	ephvol_ctx_set_log_priority(ctx, LOG_INFO);
	assert_int_equal(ephvol_ctx_get_log_priority(ctx), LOG_INFO);
	ephvol_ctx_unref(ctx);
	assert_int_equal(ephvol_ctx_get_log_priority(NULL), -EINVAL);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(setenv("EPHVOL_LOG", cases[i].env, 1), 0);
		assert_int_equal(unit_ctx_new(&ctx), 0);
		if (ephvol_ctx_get_log_priority(ctx) != cases[i].expected)
			print_error("EPHVOL_LOG=%s\n", cases[i].env);
		assert_int_equal(ephvol_ctx_get_log_priority(ctx), cases[i].expected);
		ephvol_ctx_unref(ctx);
	}
	unsetenv("EPHVOL_LOG");
}

/* ---- logging ---- */

static void test_log_stale_records_debug(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct log_record log = { 0 };
	size_t n = 0;

	ephvol_ctx_set_log_fn(f->ctx, test_log_fn, &log);
	ephvol_ctx_set_log_priority(f->ctx, LOG_DEBUG);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, &n), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(n, sizeof(expected_names) / sizeof(expected_names[0]));
	/* stale1 (zram2 reset), stale2 (zram3 other disksize), gone (no zram9), garbage */
	assert_true(log.calls >= 4);
	assert_int_equal(log.min_priority_seen, LOG_DEBUG);
	assert_non_null(strstr(log.text, "stale1"));
	assert_non_null(strstr(log.text, "zram2"));
	assert_non_null(strstr(log.text, "stale2"));
	assert_non_null(strstr(log.text, "zram3"));
	assert_non_null(strstr(log.text, "gone"));
	assert_non_null(strstr(log.text, "garbage"));
	/* the live records are not complained about */
	assert_null(strstr(log.text, "z1 "));
	assert_null(strstr(log.text, "ztmp"));
}

static void test_log_default_priority_silent(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct log_record log = { 0 };

	assert_int_equal(ephvol_ctx_get_log_priority(f->ctx), LOG_ERR);
	ephvol_ctx_set_log_fn(f->ctx, test_log_fn, &log);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(log.calls, 0);

	/* LOG_INFO is not enough for debug messages either */
	ephvol_ctx_set_log_priority(f->ctx, LOG_INFO);
	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	ephvol_volume_list_free(list);
	assert_int_equal(log.calls, 0);
}

/* ---- volume objects ---- */

static void test_volume_refcount(void **state) {
	struct fixture *f = *state;
	struct ephvol_volume **list = NULL;
	struct ephvol_volume *v;

	assert_null(ephvol_volume_unref(NULL));
	assert_null(ephvol_volume_ref(NULL));
	ephvol_volume_list_free(NULL);

	assert_int_equal(ephvol_volume_list(f->ctx, &list, NULL), 0);
	v = find(list, "s1");
	assert_ptr_equal(ephvol_volume_ref(v), v);
	assert_ptr_equal(ephvol_volume_ref(v), v);
	ephvol_volume_list_free(list);
	/* two references left */
	assert_string_equal(ephvol_volume_get_name(v), "s1");
	assert_null(ephvol_volume_unref(v));
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-s1");
	assert_null(ephvol_volume_unref(v)); /* freed; valgrind checks */
}

static void test_to_string(void **state) {
	(void)state;
	assert_string_equal(ephvol_backend_to_string(EPHVOL_BACKEND_DISK), "disk");
	assert_string_equal(ephvol_backend_to_string(EPHVOL_BACKEND_ZRAM), "zram");
	assert_null(ephvol_backend_to_string((enum ephvol_backend)2));
	assert_null(ephvol_backend_to_string((enum ephvol_backend) - 1));

	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_SWAP), "swap");
	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_TMP), "tmp");
	assert_string_equal(ephvol_role_to_string(EPHVOL_ROLE_RAW), "raw");
	assert_null(ephvol_role_to_string((enum ephvol_role)3));
	assert_null(ephvol_role_to_string((enum ephvol_role) - 1));

	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_NONE), "none");
	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_DM_TABLE), "dm-table");
	assert_string_equal(ephvol_key_location_to_string(EPHVOL_KEY_KEYRING), "keyring");
	assert_null(ephvol_key_location_to_string((enum ephvol_key_location)3));

	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_ENCRYPTED), "encrypted");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_RAM_ONLY), "ram-only");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_PLAINTEXT_ON_DISK),
	                    "plaintext-on-disk");
	assert_string_equal(ephvol_protection_to_string(EPHVOL_PROTECTION_UNKNOWN), "unknown");
	assert_null(ephvol_protection_to_string((enum ephvol_protection)4));
	assert_null(ephvol_protection_to_string((enum ephvol_protection) - 1));
}

static void test_is_valid_name(void **state) {
	(void)state;
	assert_true(ephvol_volume_is_valid_name("swap"));
	assert_true(ephvol_volume_is_valid_name("a.b-c_D9"));
	assert_true(ephvol_volume_is_valid_name("abcdefghijklmnopqrstuvwxyz012345"));
	assert_false(ephvol_volume_is_valid_name("abcdefghijklmnopqrstuvwxyz0123456"));
	assert_false(ephvol_volume_is_valid_name(""));
	assert_false(ephvol_volume_is_valid_name(NULL));
	assert_false(ephvol_volume_is_valid_name(".x"));
	assert_false(ephvol_volume_is_valid_name("-x"));
	assert_false(ephvol_volume_is_valid_name("a b"));
	assert_false(ephvol_volume_is_valid_name("a/b"));
	assert_false(ephvol_volume_is_valid_name("\xc3\xa9"));
	assert_int_equal(EPHVOL_NAME_MAX, 32);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_root),
		cmocka_unit_test(test_malformed_tables),
		cmocka_unit_test(test_ctx_root),
		cmocka_unit_test(test_ctx_refcount),
		cmocka_unit_test(test_ctx_log_priority),
		cmocka_unit_test_setup_teardown(test_log_stale_records_debug, setup_mixed,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_log_default_priority_silent, setup_mixed,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_volume_refcount, setup_mixed, teardown),
		cmocka_unit_test(test_to_string),
		cmocka_unit_test(test_is_valid_name),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
