#!/bin/bash
# crash_test.sh - dm-crypt volumes in the guest kernel (a partition, a file, zram
# writing back through its own mapping), create and destroy killed with SIGKILL as
# each of their steps begins (tests/lib/crash.sh): status answers within 5 s and
# says incomplete or suspended, one destroy removes everything (mapping, loop,
# zram device, header, records, mount), up rebuilds the configured volume. A
# destroy killed after its key wipe leaves a suspended mapping that no command
# may block on. The zram-only cases run on the host (tests/host/crash_test.sh).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/lib/crash.sh
. "$TOP/tests/lib/crash.sh"

MNT=/mnt/crash
STORE=/mnt/crash-store # ext4 on /dev/vdd, holds the backing file

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	mkdir -p "$MNT" "$STORE"
	mkfs.ext4 -q -F /dev/vdd && mount /dev/vdd "$STORE"
}

suite_oneTimeTearDown() {
	umount "$STORE" 2>/dev/null
	return 0
}

suite_setUp() {
	CONF=$SHUNIT_TMPDIR/root
	mkdir -p "$CONF/etc"
}

testPartitionSwapCreate() {
	printf '[cd1]\nrole = swap\ndevice = /dev/vdb\n' >"$CONF/etc/ephvol.conf"
	crash_sweep partition-swap create cd1 "$CONF" --swap --device /dev/vdb
}

testPartitionSwapDestroy() {
	printf '[cd2]\nrole = swap\ndevice = /dev/vdb\n' >"$CONF/etc/ephvol.conf"
	crash_sweep partition-swap destroy cd2 "$CONF" --swap --device /dev/vdb
}

testFileTmpCreate() {
	printf '[cf1]\nrole = tmp\nmount = %s\nfile = %s\nsize = 64M\n' "$MNT" "$STORE/cf1.img" \
		>"$CONF/etc/ephvol.conf"
	crash_sweep file-tmp create cf1 "$CONF" --mount "$MNT" --file "$STORE/cf1.img" --size 64M
	rm -f "$STORE/cf1.img"
}

testFileTmpDestroy() {
	printf '[cf2]\nrole = tmp\nmount = %s\nfile = %s\nsize = 64M\n' "$MNT" "$STORE/cf2.img" \
		>"$CONF/etc/ephvol.conf"
	crash_sweep file-tmp destroy cf2 "$CONF" --mount "$MNT" --file "$STORE/cf2.img" --size 64M
	rm -f "$STORE/cf2.img"
}

testZramWritebackCreate() {
	printf '[cw1]\nrole = swap\nsize = 64M\nwriteback = /dev/vdc\n' >"$CONF/etc/ephvol.conf"
	crash_sweep zram-writeback create cw1 "$CONF" --swap --zram 64M --writeback /dev/vdc
}

testZramWritebackDestroy() {
	printf '[cw2]\nrole = swap\nsize = 64M\nwriteback = /dev/vdc\n' >"$CONF/etc/ephvol.conf"
	crash_sweep zram-writeback destroy cw2 "$CONF" --swap --zram 64M --writeback /dev/vdc
}

# A destroy killed between the key wipe and the removal: the mapping stays
# suspended. Nothing may read it: status, audit, create of another name, the
# udev probe; the next destroy removes it without a second suspend.
testSuspendedMappingBlocksNothing() {
	local log=$SHUNIT_TMPDIR/steps n
	assert_exit 0 ephvol create cs1 --mount "$MNT" --device /dev/vdb || return
	n=$(env LD_LIBRARY_PATH="$CRASH_BUILD" EPHVOL_TEST_STEP_LOG="$log" EPHVOL_TEST_KILL_AT=999 \
		"$CRASH_BUILD/ephvol" destroy cs1 >/dev/null 2>&1; awk '$2 == "dm-remove" { print $1 }' "$log")
	assertNotNull 'destroy has a dm-remove step' "$n" || return
	assert_exit 0 ephvol create cs1 --mount "$MNT" --device /dev/vdb || return
	crash_run "$n" "$log" destroy cs1
	assertEquals 'killed' 137 "$CRASH_RC"
	assertEquals 'the kernel shows it suspended' 1 \
		"$(cat "/sys/block/$(basename "$(readlink -f /dev/mapper/ephvol-cs1)")/dm/suspended")"
	assert_exit 0 timeout 5 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" status --raw --noheadings -o name,state cs1
	assertEquals 'status' 'cs1 suspended' "$(cat "$STDOUT")"
	assert_exit 0 timeout 5 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" status --audit
	assert_exit 0 timeout 10 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" create cs2 --zram 16M --swap
	assert_exit 0 timeout 10 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" destroy cs2
	udevadm trigger --action=change "/dev/mapper/ephvol-cs1"
	assert_exit 0 timeout 10 udevadm settle
	assert_exit 0 timeout 10 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" destroy cs1
	assert_contains "$STDOUT" '^Destroyed .*cs1: .*mapping ephvol-cs1 removed'
	assertFalse 'mapping gone' "[ -e /dev/mapper/ephvol-cs1 ]"
}

# A reader that came after the key wipe (at one shutdown, lvm2-monitor's scan) waits
# in D state on the suspended mapping and holds it open: the next destroy swaps in an
# error table, so the reader gets EIO and lets go, and the mapping goes.
testReaderOfSuspendedMappingIsFreed() {
	local pid rc
	assert_exit 0 ephvol create cs3 --raw --device /dev/vdb || return
	if ! dmsetup suspend ephvol-cs3 || ! dmsetup message ephvol-cs3 0 key wipe; then
		fail 'suspend and key wipe by hand'
	fi
	dd if=/dev/mapper/ephvol-cs3 of=/dev/null bs=4k count=1 iflag=direct 2>"$SHUNIT_TMPDIR/dd.err" &
	pid=$!
	sleep 2
	assertEquals 'the reader waits in D state' D "$(awk '{ print $3 }' "/proc/$pid/stat")"
	assert_exit 0 timeout 60 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" destroy cs3
	assert_contains "$STDOUT" '^Destroyed .*cs3: .*mapping ephvol-cs3 removed'
	for _ in $(seq 50); do
		if [ ! -d "/proc/$pid" ] || [ "$(awk '{ print $3 }' "/proc/$pid/stat")" = Z ]; then
			break
		fi
		sleep 0.2
	done
	if [ -e /dev/mapper/ephvol-cs3 ]; then
		fail 'destroy left the mapping; failing its I/O by hand'
		dmsetup wipe_table ephvol-cs3
		dmsetup remove ephvol-cs3
	fi
	wait "$pid"
	rc=$?
	assertNotEquals 'the reader failed' 0 "$rc"
	assert_contains "$SHUNIT_TMPDIR/dd.err" 'Input/output error'
	assertFalse 'mapping gone' "[ -e /dev/mapper/ephvol-cs3 ]"
}

. shunit2
