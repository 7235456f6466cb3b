/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * src/lib/scan.c on tests/fixtures/crash-states: what status shows after a create
 * or destroy was killed, and identity by what cannot be forged or repeated.
 *   ephvol-susp  a mapping a destroy suspended (key wiped) before removing it
 *   ephvol-half  a mapping whose create left its intent record; a user's FUSE
 *                mount names "/dev/mapper/ephvol-half" as its source
 *   sw           zram7, a complete zram swap (its record's diskseq matches)
 *   idle         zram8, complete, not mounted; a FUSE mount names "/dev/zram8"
 *   new          zram9, recorded but never configured (initstate 0), intent left
 *   stale        a record naming zram6 with diskseq 5; zram6 now is diskseq 25,
 *                a later device that reused the index
 *   ghost        an intent record only: killed before any kernel change showed
 *   junk         an unreadable intent record
 *   left         dm-2, ephvol-left:integrity alone on vdb: a destroy of an
 *                authenticated volume killed after its crypt mapping went
 *   born         dm-5, ephvol-born:integrity alone on vde, and an intent record:
 *                a create killed before its crypt mapping was made
 *   (half's crypt mapping dm-1 is over its integrity mapping dm-3, on vdc; dm-4,
 *   ephvol-zw:writeback:integrity, is zram's, which has records of its own)
 */
#include "unit.h"

#include "ephvol.h"
#include "macro.h"

static struct ephvol_ctx *ctx_new(void) {
	_cleanup_free_ char *root = unit_fixture_path("crash-states");
	struct ephvol_ctx *ctx = NULL;

	assert_non_null(root);
	assert_int_equal(unit_ctx_new(&ctx), 0);
	assert_int_equal(ephvol_ctx_set_root(ctx, root), 0);
	return ctx;
}

static struct ephvol_volume *lookup(const char *name) {
	struct ephvol_ctx *ctx = ctx_new();
	struct ephvol_volume *v = NULL;

	assert_int_equal(ephvol_volume_lookup(ctx, name, &v), 0);
	ephvol_ctx_unref(ctx);
	return v;
}

static void test_names(void **state) {
	struct ephvol_ctx *ctx = ctx_new();
	struct ephvol_volume **list = NULL;
	char names[256] = "";

	(void)state;
	assert_int_equal(ephvol_volume_list(ctx, &list, NULL), 0);
	for (struct ephvol_volume **v = list; *v; v++) {
		strcat(names, ephvol_volume_get_name(*v));
		strcat(names, " ");
	}
	/* Not "stale": zram6 is someone else's device now. Not "junk". */
	assert_string_equal(names, "born ghost half idle left new susp sw ");
	ephvol_volume_list_free(list);
	ephvol_ctx_unref(ctx);
}

static void test_suspended(void **state) {
	struct ephvol_volume *v = lookup("susp");

	(void)state;
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_SUSPENDED);
	assert_string_equal(ephvol_state_to_string(ephvol_volume_get_state(v)), "suspended");
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-susp");
	ephvol_volume_unref(v);
}

static void test_integrity_left(void **state) {
	struct ephvol_volume *v = lookup("left");
	struct ephvol_ctx *ctx = ctx_new();

	(void)state;
	/* What destroy still has to do after its key wipe: suspended, as "susp". */
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_SUSPENDED);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_DISK);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-left:integrity");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vdb");
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_ENCRYPTED);
	assert_int_equal(ephvol_volume_get_key_location(v), EPHVOL_KEY_NONE);
	ephvol_volume_unref(v);
	/* A create killed between its two mappings: incomplete, as any create's. */
	v = lookup("born");
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_INCOMPLETE);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/mapper/ephvol-born:integrity");
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vde");
	ephvol_volume_unref(v);
	/* Not zram's writeback's. */
	v = NULL;
	assert_int_equal(ephvol_volume_lookup(ctx, "zw", &v), -ENOENT);
	assert_null(v);
	ephvol_ctx_unref(ctx);
}

static void test_incomplete_disk_and_forged_mount(void **state) {
	struct ephvol_volume *v = lookup("half");

	(void)state;
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_INCOMPLETE);
	/* Its backing through its integrity mapping, which is no volume of its own. */
	assert_string_equal(ephvol_volume_get_backing(v), "/dev/vdc");
	/* The FUSE mount's source string is not the device: not mounted, not tmp. */
	assert_null(ephvol_volume_get_mountpoint(v));
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_RAW);
	ephvol_volume_unref(v);
}

static void test_complete_zram(void **state) {
	struct ephvol_volume *v = lookup("sw");
	int prio;

	(void)state;
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_ACTIVE);
	assert_int_equal(ephvol_volume_get_swap_priority(v, &prio), 0);
	assert_int_equal(prio, 100);
	ephvol_volume_unref(v);

	v = lookup("idle");
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_INACTIVE);
	assert_null(ephvol_volume_get_mountpoint(v)); /* the FUSE "source" again */
	ephvol_volume_unref(v);
}

static void test_incomplete_zram(void **state) {
	struct ephvol_volume *v = lookup("new");

	(void)state;
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_INCOMPLETE);
	assert_string_equal(ephvol_volume_get_device(v), "/dev/zram9");
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_SWAP);
	ephvol_volume_unref(v);
}

static void test_intent_only(void **state) {
	struct ephvol_volume *v = lookup("ghost");

	(void)state;
	assert_int_equal(ephvol_volume_get_state(v), EPHVOL_STATE_INCOMPLETE);
	assert_int_equal(ephvol_volume_get_backend(v), EPHVOL_BACKEND_ZRAM);
	assert_int_equal(ephvol_volume_get_role(v), EPHVOL_ROLE_TMP);
	assert_null(ephvol_volume_get_device(v));
	assert_null(ephvol_volume_get_mountpoint(v));
	assert_int_equal(ephvol_volume_get_protection(v), EPHVOL_PROTECTION_RAM_ONLY);
	ephvol_volume_unref(v);
}

static void test_stale_record_adopts_nothing(void **state) {
	struct ephvol_ctx *ctx = ctx_new();
	struct ephvol_volume *v = NULL;

	(void)state;
	assert_int_equal(ephvol_volume_lookup(ctx, "stale", &v), -ENOENT);
	assert_null(v);
	ephvol_ctx_unref(ctx);
}

static void test_state_to_string(void **state) {
	(void)state;
	assert_string_equal(ephvol_state_to_string(EPHVOL_STATE_ACTIVE), "active");
	assert_string_equal(ephvol_state_to_string(EPHVOL_STATE_INACTIVE), "inactive");
	assert_string_equal(ephvol_state_to_string(EPHVOL_STATE_INCOMPLETE), "incomplete");
	assert_string_equal(ephvol_state_to_string(EPHVOL_STATE_SUSPENDED), "suspended");
	assert_string_equal(ephvol_state_to_string(EPHVOL_STATE_ORPHANED), "orphaned");
	assert_null(ephvol_state_to_string((enum ephvol_state)5));
	assert_null(ephvol_state_to_string((enum ephvol_state) - 1));
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_suspended),
		cmocka_unit_test(test_integrity_left),
		cmocka_unit_test(test_incomplete_disk_and_forged_mount),
		cmocka_unit_test(test_complete_zram),
		cmocka_unit_test(test_incomplete_zram),
		cmocka_unit_test(test_intent_only),
		cmocka_unit_test(test_stale_record_adopts_nothing),
		cmocka_unit_test(test_state_to_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
