#!/bin/bash
# disk_test.sh - dm-crypt volumes on real (virtio) disks in the guest kernel:
# swap and tmp on a device, the key and cipher the contract promises, no
# plaintext on the disk, nothing left after destroy, refusals and failures
# that change nothing.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/t1

suite_oneTimeSetUp() {
	# /dev/vd* are scratch disks only in the VM; on the host /dev/vda is the system.
	require_vm || return 1
	require_root || return 1
	# ephvol loads dm_crypt itself (testLoadsDmCrypt); the kernel must ship it.
	modinfo dm_crypt >/dev/null || fail 'this kernel has no dm_crypt module' || return 1
	# The project's udev rule, as `make install` would put it in place.
	mkdir -p /run/udev/rules.d "$MNT"
	cp "$TOP/udev/60-ephvol.rules" /run/udev/rules.d/ && udevadm control --reload
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# raw_count DEVICE PATTERN: lines of the device matching PATTERN, read with
# O_DIRECT so the page cache (filled by udev's probe at boot) cannot answer.
raw_count() {
	dd if="$1" bs=1M iflag=direct status=none | grep -a -c -- "$2"
}

testLoadsDmCrypt() {
	assertFalse 'dm_crypt not loaded before the first create' '[ -d /sys/module/dm_crypt ]'
	assert_exit 0 ephvol create k1 --raw --device /dev/vda || return
	assertTrue 'dm_crypt loaded by ephvol' '[ -d /sys/module/dm_crypt ]'
	assert_exit 0 ephvol destroy k1
}

testSwapOnDevice() {
	assert_exit 0 ephvol create s1 --swap --device /dev/vda || return
	assertTrue 'mapping exists' '[ -b /dev/mapper/ephvol-s1 ]'
	assertEquals 'udev symlink /dev/ephvol/s1' "$(readlink -f /dev/mapper/ephvol-s1)" \
		"$(readlink -f /dev/ephvol/s1)"
	assertEquals 'active swap on the mapping' 1 \
		"$(awk -v d="$(readlink -f /dev/mapper/ephvol-s1)" '$1 == d' /proc/swaps | wc -l)"
	# The kernel's table: aes-xts-plain64, a 512-bit key (128 hex digits), 4K sectors.
	assert_exit 0 dmsetup table --showkeys ephvol-s1
	assert_contains "$STDOUT" '^0 [0-9]+ crypt aes-xts-plain64 [0-9a-f]{128} 0 [0-9]+:[0-9]+ 0 .*sector_size:4096'
	assert_exit 0 ephvol status --json s1
	assertEquals 'backend' disk "$(json_get "$STDOUT" 'd["volumes"][0]["backend"]')"
	assertEquals 'role' swap "$(json_get "$STDOUT" 'd["volumes"][0]["role"]')"
	assertEquals 'cipher' aes-xts-plain64 "$(json_get "$STDOUT" 'd["volumes"][0]["cipher"]')"
	assertEquals 'key_bits' 512 "$(json_get "$STDOUT" 'd["volumes"][0]["key_bits"]')"
	assertEquals 'sector_size' 4096 "$(json_get "$STDOUT" 'd["volumes"][0]["sector_size"]')"
	assertEquals 'backing' /dev/vda "$(json_get "$STDOUT" 'd["volumes"][0]["backing"]')"
	assertEquals 'protection' encrypted "$(json_get "$STDOUT" 'd["volumes"][0]["protection"]')"
	assertEquals 'key_location' dm-table "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assert_exit 0 ephvol destroy s1
	assertFalse 'mapping gone' '[ -e /dev/mapper/ephvol-s1 ]'
	assertFalse 'symlink gone' '[ -e /dev/ephvol/s1 ]'
}

testTmpOnDeviceKeepsNoPlaintext() {
	local marker
	marker="EPHVOL-MARKER-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
	assert_exit 0 ephvol create t1 --mount "$MNT" --device /dev/vdb || return
	assertEquals 'fs type' ext4 "$(findmnt -no FSTYPE "$MNT")"
	assertEquals 'source' "$(readlink -f /dev/mapper/ephvol-t1)" "$(readlink -f "$(findmnt -no SOURCE "$MNT")")"
	assertContains "$(findmnt -no OPTIONS "$MNT")" nosuid,nodev
	assertEquals 'mode' 1777 "$(stat -c %a "$MNT")"

	yes "$marker" | head -n 64 >"$MNT/secret"
	sync
	echo 3 >/proc/sys/vm/drop_caches
	assertEquals 'marker readable through the mount' 64 "$(grep -c "$marker" "$MNT/secret")"
	assertEquals 'marker readable through the mapping' 64 "$(raw_count /dev/mapper/ephvol-t1 "$marker")"
	# And nowhere on the raw disk underneath.
	assertEquals 'marker absent from /dev/vdb' 0 "$(raw_count /dev/vdb "$marker")"
	assert_exit 0 ephvol status -o name,role,mountpoint --noheadings --raw t1
	assert_contains "$STDOUT" "^t1 tmp $MNT$"

	assert_exit 0 ephvol destroy t1
	assertFalse 'unmounted' "findmnt $MNT"
	assertEquals 'marker still absent from /dev/vdb' 0 "$(raw_count /dev/vdb "$marker")"
}

testRawOnDevice() {
	assert_exit 0 ephvol create r1 --raw --device /dev/vdc --cipher aes-xts-plain64 --key-size 256 \
		--sector-size 512 || return
	assert_exit 0 dmsetup table ephvol-r1
	assert_contains "$STDOUT" ' crypt aes-xts-plain64 0{64} 0 '
	assert_not_contains "$STDOUT" 'sector_size'
	assert_exit 0 ephvol status -o name,role,key_bits,sector_size --noheadings --raw r1
	assert_contains "$STDOUT" '^r1 raw 256 512$'
	assert_exit 0 ephvol destroy r1
}

testRefusesDeviceWithSignature() {
	local sum
	mkfs.ext4 -q -F /dev/vdd && sum=$(md5sum </dev/vdd)
	assert_exit 3 ephvol create x1 --swap --device /dev/vdd
	assert_one_line_stderr
	assert_contains "$STDERR" 'Refusing to use /dev/vdd: it holds a ext4 signature'
	assertEquals 'disk unchanged' "$sum" "$(md5sum </dev/vdd)"
	wipefs -q -a /dev/vdd
}

testRefusesDeviceInUse() {
	mkdir -p /mnt/inuse
	mkfs.ext4 -q -F /dev/vdd && mount /dev/vdd /mnt/inuse || return
	state_snapshot "$SHUNIT_TMPDIR/mounted"
	# Checked before signatures: the kernel itself holds the device.
	assert_exit 3 ephvol create x1 --swap --device /dev/vdd
	assert_one_line_stderr
	assert_contains "$STDERR" 'in use'
	assert_state_unchanged "$SHUNIT_TMPDIR/mounted"
	umount /mnt/inuse
	wipefs -q -a /dev/vdd
}

testExistingNameOnDisk() {
	assert_exit 0 ephvol create d1 --raw --device /dev/vda || return
	assert_exit 1 ephvol create d1 --raw --device /dev/vdb
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume d1 already exists'
	assert_exit 0 ephvol destroy d1
}

testFailuresLeaveNothingBehind() {
	# Unknown cipher: the kernel refuses the table.
	assert_exit 1 ephvol create f1 --swap --device /dev/vda --cipher nosuchcipher-xts-plain64
	assert_one_line_stderr
	assert_contains "$STDERR" 'ephvol-f1'
	# Mount point vanishes: checked before anything is built.
	assert_exit 1 ephvol create f1 --mount /mnt/nonexistent --device /dev/vda
	assert_one_line_stderr
	# mkfs fails: xfs refuses file systems smaller than 300M (the disk has 256M).
	assert_exit 1 ephvol create f1 --mount "$MNT" --device /dev/vda --fs xfs
	assert_one_line_stderr
	assert_contains "$STDERR" 'Failed to format /dev/mapper/ephvol-f1 as xfs'
}

. shunit2
