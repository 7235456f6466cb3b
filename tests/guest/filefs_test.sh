#!/bin/bash
# filefs_test.sh - a --file backing on every local file system a user may keep
# it on: the guest's root (overlayfs over tmpfs, as on live systems and in many
# containers), tmpfs, ext4, xfs and btrfs. Each volume must work end to end:
# data written through the mount reads back after the caches are dropped. The
# loop device uses direct I/O only where the file system really does it (before
# Linux 6.6, neither tmpfs nor an overlay over it does; the suite runs on 6.1
# and 6.12).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/ff
LOWER=/run/ephvol-test-filefs # tmpfs images for the ext4, xfs and btrfs stores
STORE=/mnt/ff-store

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	mkdir -p "$MNT" "$STORE" "$LOWER"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# file_volume DIR DIO: a tmp volume on a new file in DIR; DIO is the loop
# device's expected direct I/O flag (1 or 0).
file_volume() {
	local dir=$1 dio=$2 name=ff$RANDOM loop marker
	marker="EPHVOL-FILEFS-$RANDOM$RANDOM"
	# The kernel log from here on: earlier suites in this guest provoke I/O errors
	# on purpose (crash_test fails the reads of a key-wiped mapping).
	echo "$marker" >/dev/kmsg
	assert_exit 0 ephvol create "$name" --mount "$MNT" --file "$dir/$name.img" --size 64M || return
	loop=$(basename "$(ls "/sys/block/$(basename "$(readlink -f "/dev/mapper/ephvol-$name")")/slaves")")
	assertEquals "direct I/O of $loop over $(findmnt -no FSTYPE -T "$dir")" "$dio" \
		"$(cat "/sys/block/$loop/loop/dio")"
	yes "$marker" | head -n 100000 >"$MNT/data" || fail 'cannot write through the mount'
	sync
	echo 3 >/proc/sys/vm/drop_caches
	assertEquals 'data reads back' 100000 "$(grep -c "$marker" "$MNT/data")"
	assertTrue 'the marker reached the kernel log' "dmesg | grep -q '$marker'"
	assertEquals 'no I/O error in the kernel log' '' \
		"$(dmesg | sed -n "/$marker/,\$p" | grep -E "I/O error.*(dm-|$loop)|Buffer I/O error" | tail -n 3)"
	assert_exit 0 ephvol destroy "$name"
	rm -f "$dir/$name.img"
}

# tmpfs does direct I/O from Linux 6.6 on (and so does an overlay over it).
tmpfs_dio() {
	if kernel_at_least 6 6; then echo 1; else echo 0; fi
}

# The guest's root is an overlay over tmpfs, like a live system's.
testFileOnOverlayRoot() {
	assertEquals 'the root is an overlay' overlay "$(findmnt -no FSTYPE -T /var/tmp)"
	file_volume /var/tmp "$(tmpfs_dio)"
}

testFileOnTmpfs() {
	mount -t tmpfs -o size=100M tmpfs "$STORE" || return
	file_volume "$STORE" "$(tmpfs_dio)"
	umount "$STORE"
}

# fs_store FSTYPE: a file system of that type on a loop device over a tmpfs
# image, mounted on STORE.
fs_store() {
	truncate -s 400M "$LOWER/$1.img" &&
		"mkfs.$1" -q "$( [ "$1" = ext4 ] && echo -F || echo -f)" "$LOWER/$1.img" >/dev/null &&
		mount -o loop "$LOWER/$1.img" "$STORE"
}

fs_store_done() {
	umount "$STORE"
	rm -f "$LOWER"/*.img
}

testFileOnExt4() {
	fs_store ext4 || return
	file_volume "$STORE" 1
	fs_store_done
}

testFileOnXfs() {
	fs_store xfs || return
	file_volume "$STORE" 1
	fs_store_done
}

testFileOnBtrfs() {
	fs_store btrfs || return
	file_volume "$STORE" 1
	fs_store_done
}

. shunit2
