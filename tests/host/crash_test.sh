#!/bin/bash
# crash_test.sh - zram volumes on the host kernel, create and destroy killed with
# SIGKILL as each of their steps begins (tests/lib/crash.sh): status answers and
# tells, one destroy cleans up, up rebuilds. The dm-crypt backends: the guest's
# crash_test.sh.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/lib/crash.sh
. "$TOP/tests/lib/crash.sh"

MNT=/run/ephvol-test-crash

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	CONF=$SHUNIT_TMPDIR/root
	mkdir -p "$CONF/etc"
}

suite_oneTimeTearDown() {
	rmdir "$MNT" 2>/dev/null
	return 0
}

testZramSwapCreate() {
	printf '[cz1]\nrole = swap\nsize = 32M\n' >"$CONF/etc/ephvol.conf"
	crash_sweep zram-swap create cz1 "$CONF" --swap --zram 32M
}

testZramSwapDestroy() {
	printf '[cz2]\nrole = swap\nsize = 32M\n' >"$CONF/etc/ephvol.conf"
	crash_sweep zram-swap destroy cz2 "$CONF" --swap --zram 32M
}

testZramTmpCreate() {
	printf '[cz3]\nrole = tmp\nmount = %s\nsize = 32M\n' "$MNT" >"$CONF/etc/ephvol.conf"
	crash_sweep zram-tmp create cz3 "$CONF" --mount "$MNT" --zram 32M
}

testZramTmpDestroy() {
	printf '[cz4]\nrole = tmp\nmount = %s\nsize = 32M\n' "$MNT" >"$CONF/etc/ephvol.conf"
	crash_sweep zram-tmp destroy cz4 "$CONF" --mount "$MNT" --zram 32M
}

. shunit2
