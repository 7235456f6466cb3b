#!/bin/bash
# boot2_test.sh - second of two boots (tests/disk-order/run), disks attached in the
# other order: the claimed disk is now /dev/vda and the data disk /dev/vdb.
# The same LABEL= must format the claimed disk and never the data disk.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules
}

testDisksAreSwapped() {
	assertEquals 'the data disk is now vdb' ext4 "$(blkid -p -o value -s TYPE /dev/vdb)"
	assertEquals 'udev link follows the claim' /dev/vda "$(readlink -f /dev/disk/by-ephvol/scratch)"
}

testLabelStillPicksTheClaimedDisk() {
	assert_exit 0 ephvol create s --swap --device LABEL=scratch || return
	assert_exit 0 ephvol status -o backing --noheadings s
	assertEquals 'backing at the second boot' /dev/vda "$(tr -d ' ' <"$STDOUT")"
	assert_exit 0 ephvol destroy s
}

testDataDiskRefusedAndIntact() {
	# What a config naming /dev/vdb (the first boot's scratch) would have done.
	assert_exit 3 ephvol create s --swap --device /dev/vdb
	assert_one_line_stderr
	assert_contains "$STDERR" 'Refusing to use /dev/vdb: it holds ext4'
	mkdir -p /mnt/data
	mount -o ro /dev/vdb /mnt/data || return
	assertEquals 'data intact' 'data written at the first boot' "$(cat /mnt/data/keep)"
	umount /mnt/data
}

# shellcheck source=/dev/null
. shunit2
