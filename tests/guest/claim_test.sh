#!/bin/bash
# claim_test.sh - claimed scratch devices in the guest: the header, the udev
# link /dev/disk/by-ephvol/LABEL, LABEL= resolution, volumes that keep the
# header, and the refusals around labels.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	local d
	# Claims live on the disks: remove them, and let udev drop the links.
	for d in /dev/vdb /dev/vdc; do
		dd if=/dev/zero of="$d" bs=1M count=1 conv=fsync status=none
		udevadm trigger --action=change "$d"
	done
	udevadm settle
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

first_mib_sum() {
	dd if="$1" bs=1M count=1 iflag=direct status=none | md5sum
}

testClaimGivesAStableName() {
	assert_exit 0 ephvol claim /dev/vdb --label scratch || return
	assert_contains "$STDOUT" '^Claimed /dev/vdb as scratch \(/dev/disk/by-ephvol/scratch\)\.$'
	assertEquals 'no warning' '' "$(cat "$STDERR")"
	assertEquals 'magic at the start' EPHVOLCL "$(head -c 8 /dev/vdb)"
	assertEquals 'udev link' /dev/vdb "$(readlink -f /dev/disk/by-ephvol/scratch)"
	assert_exit 0 ephvol probe /dev/vdb
	assert_contains "$STDOUT" '^EPHVOL_CLAIM_LABEL=scratch$'
	assert_contains "$STDOUT" '^EPHVOL_CLAIM_UUID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
	assert_exit 1 ephvol probe /dev/vdc
	# Claiming again with the same label changes nothing.
	assert_exit 0 ephvol claim /dev/vdb --label scratch
	assert_contains "$STDOUT" 'already claimed as scratch'
}

testVolumeOnLabelKeepsTheHeader() {
	local sum
	assert_exit 0 ephvol claim /dev/vdb --label scratch || return
	sum=$(first_mib_sum /dev/vdb)
	assert_exit 0 ephvol create c1 --swap --device LABEL=scratch || return
	assert_exit 0 ephvol status -o backing --noheadings c1
	assertEquals 'backing' /dev/vdb "$(tr -d ' ' <"$STDOUT")"
	# The encrypted area starts 1 MiB (2048 sectors) in; the header is intact.
	assert_exit 0 dmsetup table ephvol-c1
	assert_contains "$STDOUT" ' 252:16 2048 | [0-9]+:[0-9]+ 2048 '
	assertEquals 'first MiB unchanged by create' "$sum" "$(first_mib_sum /dev/vdb)"
	assert_exit 0 ephvol destroy --discard c1
	assertEquals 'first MiB unchanged by destroy --discard' "$sum" "$(first_mib_sum /dev/vdb)"
	assertEquals 'still claimed' /dev/vdb "$(readlink -f /dev/disk/by-ephvol/scratch)"
}

testLabelRefusals() {
	assert_exit 0 ephvol claim /dev/vdb --label scratch || return
	# Another label on a claimed device needs --force.
	assert_exit 3 ephvol claim /dev/vdb --label other
	assert_one_line_stderr
	assert_contains "$STDERR" 'it is claimed as scratch; use --force to relabel it'
	# A label nobody has.
	assert_exit 1 ephvol create c2 --swap --device LABEL=nosuch
	assert_one_line_stderr
	assert_contains "$STDERR" 'No device is claimed with LABEL=nosuch'
	# The same label on two disks is ambiguous: refuse rather than guess.
	assert_exit 0 ephvol claim /dev/vdc --label scratch
	assert_exit 3 ephvol create c2 --swap --device LABEL=scratch
	assert_one_line_stderr
	assert_contains "$STDERR" 'Refusing to use LABEL=scratch: more than one device matches it'
	# Relabel with --force.
	assert_exit 0 ephvol claim /dev/vdc --label other --force
	assertEquals 'new link' /dev/vdc "$(readlink -f /dev/disk/by-ephvol/other)"
	assertFalse 'old label gone from vdc' "[ \"\$(readlink -f /dev/disk/by-ephvol/scratch)\" = /dev/vdc ]"
}

testClaimRefusesData() {
	local sum
	mkfs.ext4 -q -F /dev/vdc && sum=$(md5sum </dev/vdc)
	assert_exit 3 ephvol claim /dev/vdc --label scratch
	assert_one_line_stderr
	assert_contains "$STDERR" 'it holds ext4'
	assertEquals 'disk unchanged' "$sum" "$(md5sum </dev/vdc)"
	assert_exit 2 ephvol claim /dev/vdc --label 'bad/label'
	assert_one_line_stderr
	wipefs -q -a /dev/vdc
}

# The other stable names a config may use: PARTUUID=, PARTLABEL= and the
# udev links under /dev/disk/by-id (the VM's disks carry a serial).
testDeviceByPartitionNameOrId() {
	local uuid spec byid=/dev/disk/by-id/virtio-scratch-vdc-part1
	sgdisk -o -n 1:0:+64M -c 1:ephscratch /dev/vdc >/dev/null || {
		fail 'cannot partition /dev/vdc'
		return
	}
	udevadm settle
	uuid=$(blkid -p -s PART_ENTRY_UUID -o value /dev/vdc1)
	assertNotEquals 'partition has a PARTUUID' '' "$uuid"
	assertTrue "udev made $byid" "[ -b $byid ]"
	for spec in "PARTUUID=$uuid" PARTLABEL=ephscratch "$byid"; do
		assert_exit 0 ephvol create part --raw --device "$spec" || continue
		assert_exit 0 ephvol status part --json
		assertEquals "$spec: backing" /dev/vdc1 "$(json_get "$STDOUT" 'd["volumes"][0]["backing"]')"
		assert_exit 0 ephvol destroy part
	done
	assert_exit 1 ephvol create part --raw --device PARTLABEL=nosuchpart
	assert_one_line_stderr
	assert_contains "$STDERR" 'PARTLABEL=nosuchpart'
	sgdisk -Z /dev/vdc >/dev/null
	blockdev --rereadpt /dev/vdc
	udevadm settle
}

# Regression: without ephvol's udev rule (ephvol run from the build tree, rules
# not reloaded) claim wrote the header, waited 5 s and failed with "Failed to
# write the claim header ...: Connection timed out" (exit 1). The write is the
# claim: exit 0, and one warning that names what is missing.
testClaimWithoutUdevRule() {
	local rule=/run/udev/rules.d/60-ephvol.rules other
	other=$(grep -l 'ephvol probe' /usr/lib/udev/rules.d/* /lib/udev/rules.d/* \
		/etc/udev/rules.d/* 2>/dev/null | head -n 1)
	[ -z "$other" ] || fail "an ephvol rule is installed as $other; this test needs none" || return
	mv "$rule" "$SHUNIT_TMPDIR/" && udevadm control --reload || fail 'cannot unload the rule' || return
	assert_exit 0 ephvol claim /dev/vdb --label norule
	assert_contains "$STDOUT" '^Claimed /dev/vdb as norule\.$'
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: udev has not seen the claim of /dev/vdb within 5 s; is the ephvol udev rule installed and loaded\? \(/dev/disk/by-ephvol/norule needs it\)$'
	assertEquals 'magic at the start' EPHVOLCL "$(head -c 8 /dev/vdb)"
	assert_exit 0 ephvol probe /dev/vdb
	assert_contains "$STDOUT" '^EPHVOL_CLAIM_LABEL=norule$'
	assertFalse 'no udev link' "[ -e /dev/disk/by-ephvol/norule ]"
	mv "$SHUNIT_TMPDIR/60-ephvol.rules" "$rule" && udevadm control --reload
	# With the rule back, the link comes with the next event.
	udevadm trigger --action=change /dev/vdb && udevadm settle
	assertEquals 'udev link' /dev/vdb "$(readlink -f /dev/disk/by-ephvol/norule)"
}

# libudev is loaded (dlopen) only to wait for udev. A claim that cannot load it is
# made all the same (the header is the claim), with one warning that names the
# library. (Before: "Cannot tell udev of the claim of /dev/vdb: Operation not
# supported".)
testClaimWithoutLibudev() {
	assert_exit 0 ephvol_without libudev.so.1 claim /dev/vdb --label noudev || return
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libudev\.so\.1 \(needed to wait for udev\): .+; /dev/disk/by-ephvol/noudev may come later\.$'
	assertEquals 'magic at the start' EPHVOLCL "$(head -c 8 /dev/vdb)"
	udevadm settle
	assertEquals 'udev link all the same' /dev/vdb "$(readlink -f /dev/disk/by-ephvol/noudev)"
}

# Regression: PARTLABEL= and PARTUUID= went to whichever partition udev's
# /dev/disk/by-* link named. Carried by two, they are refused as LABEL= is:
# exit 3, one line, before anything is written; once unique they work.
testDuplicatePartitionNameOrUuidRefused() {
	local d spec sum uuid=3b0e1a6e-5c1d-4d8e-9f0a-0123456789ab
	for d in /dev/vdb /dev/vdc; do
		sgdisk -o -n 1:0:+64M -c 1:dup -u "1:$uuid" "$d" >/dev/null || fail "cannot partition $d"
	done
	udevadm settle
	sum=$(first_mib_sum /dev/vdb1)
	for spec in PARTLABEL=dup "PARTUUID=$uuid" "PARTUUID=${uuid^^}"; do
		assert_exit 3 ephvol create dup --raw --device "$spec"
		assert_one_line_stderr
		assert_contains "$STDERR" "^ephvol: Refusing to use $spec: more than one device matches it\.$"
	done
	assert_exit 3 ephvol claim PARTLABEL=dup --label dup
	assert_one_line_stderr
	assert_contains "$STDERR" 'Refusing to claim PARTLABEL=dup: more than one device matches it'
	assertEquals 'vdb1 untouched' "$sum" "$(first_mib_sum /dev/vdb1)"
	assertFalse 'no mapping' "[ -e /dev/mapper/ephvol-dup ]"
	# One name left: it is found again.
	sgdisk -c 1:other -u 1:R /dev/vdc >/dev/null && udevadm settle
	if assert_exit 0 ephvol create dup --raw --device PARTLABEL=dup; then
		assert_exit 0 ephvol status dup --json
		assertEquals 'backing' /dev/vdb1 "$(json_get "$STDOUT" 'd["volumes"][0]["backing"]')"
		assert_exit 0 ephvol destroy dup
	fi
	for d in /dev/vdb /dev/vdc; do
		sgdisk -Z "$d" >/dev/null
		blockdev --rereadpt "$d"
	done
	udevadm settle
}

# shellcheck source=/dev/null
. shunit2
