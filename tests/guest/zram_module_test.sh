#!/bin/bash
# zram_module_test.sh - in the guest, where zram is a module that nothing has
# loaded: ephvol loads it through libkmod without spare devices, and the zram
# device it adds is the only one, and is gone after destroy.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/zt

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

testLoadsZramWithoutSpareDevices() {
	# Earlier suites in this boot (writeback_test) may have loaded it: start
	# from an unloaded module.
	modprobe -r zram 2>/dev/null
	assertFalse 'zram not loaded before the first create' '[ -d /sys/module/zram ]'
	assert_exit 0 ephvol create zg1 --swap --zram 32M || return
	assertTrue 'zram loaded by ephvol' '[ -d /sys/module/zram ]'
	# num_devices=0: the device ephvol added is the only one.
	assertEquals 'zram devices' zram0 "$(cd /sys/block && echo zram*)"
	assert_contains "$STDOUT" 'on /dev/zram0\.$'
	assert_exit 0 ephvol destroy zg1
	assertEquals 'no zram device left' 'zram*' "$(cd /sys/block && echo zram*)"
}

testTmpOnZramInGuest() {
	assert_exit 0 ephvol create zg2 --mount "$MNT" --zram 64M || return
	assertEquals 'mode' 1777 "$(stat -c %a "$MNT")"
	assert_exit 0 dd if=/dev/zero of="$MNT/zeros" bs=1M count=16 conv=fsync status=none
	assert_exit 0 ephvol status -o name,role,mountpoint,protection --noheadings --raw zg2
	assert_contains "$STDOUT" "^zg2 tmp $MNT ram-only$"
	assert_exit 0 ephvol destroy zg2
}

# shellcheck source=/dev/null
. shunit2
