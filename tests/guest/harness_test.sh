#!/bin/bash
# harness_test.sh - proves the VM test harness itself (run it with
# tests/vm/run tests/guest/harness_test.sh): real dm-crypt, real udev, the
# scratch disks, and a root file system whose writes stay in the guest.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# Suites share the VM: leave the kernel's modules as we found them.
UNLOAD_DM=
suite_oneTimeSetUp() {
	require_vm && require_root || return 1
	[ -d /sys/module/dm_crypt ] || UNLOAD_DM=1
}

suite_oneTimeTearDown() {
	if [ -n "$UNLOAD_DM" ]; then
		udevadm settle
		modprobe -r dm_crypt dm_mod || return 1
	fi
	return 0
}

suite_tearDown() {
	# never leave the mapping behind, whatever happened
	if [ -e /dev/mapper/hx ]; then
		cryptsetup close hx 2>/dev/null
	fi
	rm -f /run/hx.key
	return 0
}

testDmCryptModuleLoads() {
	assert_exit 0 modprobe dm_crypt
	assertTrue 'dm_crypt module is loaded' '[ -d /sys/module/dm_crypt ]'
	require_dm || return
	assertTrue '/dev/mapper/control exists' '[ -c /dev/mapper/control ]'
}

testPlainDmCryptWithUdev() {
	require_dm || return
	local marker before
	before=$SHUNIT_TMPDIR/state-before
	marker="EPHVOL-HARNESS-MARKER-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
	state_snapshot "$before"

	dd if=/dev/urandom of=/run/hx.key bs=64 count=1 status=none
	assert_exit 0 cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 \
		--key-file /run/hx.key /dev/vda hx || return
	assert_exit 0 udevadm settle
	assertTrue '/dev/mapper/hx is a block device' '[ -b /dev/mapper/hx ]'
	assert_exit 0 udevadm info /dev/mapper/hx
	assert_contains "$STDOUT" '^E: DM_NAME=hx$'
	assert_exit 0 dmsetup table hx
	assert_contains "$STDOUT" ' crypt aes-xts-plain64 '

	# Write the marker through the mapping, read it back, look for it on the disk.
	printf '%s\n' "$marker" >"$SHUNIT_TMPDIR/block"
	assert_exit 0 dd if="$SHUNIT_TMPDIR/block" of=/dev/mapper/hx bs=4096 conv=sync,fsync \
		oflag=direct status=none
	assert_exit 0 dd if=/dev/mapper/hx bs=4096 count=1 iflag=direct status=none
	assert_contains "$STDOUT" "^$marker\$"
	assert_exit 0 dd if=/dev/vda bs=1M count=1 iflag=direct status=none
	assert_not_contains "$STDOUT" "$marker"
	# (read with O_DIRECT: /dev/vda's page cache still holds what udev's
	# blkid read at boot, the writes through dm-crypt bypassed it)
	head -c 4096 "$STDOUT" >"$SHUNIT_TMPDIR/first4k"
	assertFalse 'ciphertext reached /dev/vda (first 4 KiB not all zero)' \
		"cmp -s -n 4096 '$SHUNIT_TMPDIR/first4k' /dev/zero"

	assert_exit 0 cryptsetup close hx
	assert_exit 0 udevadm settle
	assertFalse '/dev/mapper/hx is gone' '[ -e /dev/mapper/hx ]'
	assert_state_unchanged "$before"
	# Suites share the disks: give /dev/vda back blank.
	dd if=/dev/zero of=/dev/vda bs=4096 count=1 oflag=direct conv=fsync status=none
}

testScratchDisks() {
	assertTrue '/dev/vda is a block device' '[ -b /dev/vda ]'
	assertTrue '/dev/vdb is a block device' '[ -b /dev/vdb ]'
	assert_exit 0 blockdev --getsize64 /dev/vdb
	assertEquals '/dev/vdb size' 268435456 "$(cat "$STDOUT")"
}

testRootIsGuestOnlyOverlay() {
	local probe
	probe=/ephvol-harness-probe.$$.$RANDOM
	assertEquals 'root file system type' overlay "$(findmnt -n -o FSTYPE /)"
	assert_exit 0 sh -c "echo probe > $probe"
	assertEquals 'probe readable' probe "$(cat "$probe" 2>&1)"
	assertNotNull 'EPHVOL_VM_HOSTROOT is set' "${EPHVOL_VM_HOSTROOT:-}"
	assertTrue 'host root is visible' "[ -d '${EPHVOL_VM_HOSTROOT:-/nonexistent}/etc' ]"
	assertFalse 'probe did not reach the host root' "[ -e '${EPHVOL_VM_HOSTROOT:-}$probe' ]"
	assert_exit 1 touch "${EPHVOL_VM_HOSTROOT:-/nonexistent}/ephvol-harness-write"
	assert_contains "$STDERR" 'Read-only file system'
	# The repo is at the same path in the guest, and writable there only.
	assertTrue 'repo visible at the same path' "[ -f '$TOP/tests/lib/testlib.sh' ]"
	assert_exit 0 touch "$TOP/build/vm/.guest-probe.$$"
	assertFalse 'repo write did not reach the host' \
		"[ -e '${EPHVOL_VM_HOSTROOT:-}$TOP/build/vm/.guest-probe.$$' ]"
	rm -f "$probe" "$TOP/build/vm/.guest-probe.$$"
}

testUdevRunsAndModulesAutoload() {
	assert_exit 0 pgrep -x systemd-udevd
	assertTrue '/dev/disk/by-path has the virtio disks' \
		'ls /dev/disk/by-path/ | grep -q virtio'
}

# shellcheck source=/dev/null
. shunit2
