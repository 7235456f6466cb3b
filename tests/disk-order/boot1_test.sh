#!/bin/bash
# boot1_test.sh - first of two boots (tests/disk-order/run): /dev/vdb is claimed as
# "scratch", /dev/vda holds someone's data. The second boot sees the disks the
# other way round.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules
}

testPrepareDisks() {
	assert_exit 0 ephvol claim /dev/vdb --label scratch || return
	mkdir -p /mnt/data
	assert_exit 0 mkfs.ext4 -q -L precious /dev/vda
	mount /dev/vda /mnt/data && echo "data written at the first boot" >/mnt/data/keep && umount /mnt/data
	assertEquals 'data disk has its file system' ext4 "$(blkid -p -o value -s TYPE /dev/vda)"
}

testLabelPicksTheClaimedDisk() {
	assert_exit 0 ephvol create s --swap --device LABEL=scratch || return
	assert_exit 0 ephvol status -o backing --noheadings s
	assertEquals 'backing at the first boot' /dev/vdb "$(tr -d ' ' <"$STDOUT")"
	assert_exit 0 ephvol destroy s
}

# shellcheck source=/dev/null
. shunit2
