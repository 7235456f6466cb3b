#!/bin/bash
# attack_test.sh - another local user tries to redirect what root's ephvol acts
# on: a planted symbolic link as the mount point or on the way to it, a backing
# file they own, can write, reach by a second name, or hold. Each attempt must be
# refused with one line (exit 3) and change nothing; what root asked for in a
# safe place must still work, with owner and mode set on the file system's root.
# Host kernel: zram for mounts; the --file refusals come before any dm-crypt step.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# A directory "nobody" can write, as a user's home or a CI work dir would be.
ATTIC=/run/ephvol-test-attack
# A root-owned directory that must never get a mount from the attack.
TARGET=/run/ephvol-test-target

suite_oneTimeSetUp() {
	require_root || return 1
	id nobody >/dev/null || return 1
}

suite_setUp() {
	mkdir -p "$ATTIC" "$TARGET" && chown nobody "$ATTIC" && chmod 0755 "$ATTIC" "$TARGET" || return 1
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
	rm -rf "$ATTIC"
	rmdir "$TARGET" 2>/dev/null
	return 0
}

as_nobody() { runuser -u nobody -- "$@"; }

# The target is still the plain root-owned 0755 directory it was, with no mount.
assert_target_untouched() {
	assertFalse "nothing is mounted on $TARGET" "mountpoint -q $TARGET"
	assertEquals "mode and owner of $TARGET" '755 root' "$(stat -c '%a %U' "$TARGET")"
}

testPlantedLinkAsMountPoint() {
	as_nobody ln -s "$TARGET" "$ATTIC/scratch" || fail 'cannot plant the link'
	assert_exit 3 ephvol create atk1 --mount "$ATTIC/scratch" --zram 64M
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to mount on $ATTIC/scratch: $ATTIC/scratch is a symbolic link"
	assert_target_untouched
}

testPlantedLinkOnTheWay() {
	as_nobody ln -s /run "$ATTIC/via" || fail 'cannot plant the link'
	assert_exit 3 ephvol create atk2 --mount "$ATTIC/via/${TARGET##*/}" --zram 64M
	assert_one_line_stderr
	assert_contains "$STDERR" "$ATTIC/via is a symbolic link"
	assert_target_untouched
}

# Root's own links in root's directories are followed (e.g. /var/run -> /run).
testRootLinkFollowed() {
	local link=/run/ephvol-test-rootlink
	ln -sfn "$TARGET" "$link"
	assert_exit 0 ephvol create atk3 --mount "$link" --zram 64M --mode 0750 --owner 65534:65534
	assertTrue "mounted on $TARGET" "mountpoint -q $TARGET"
	# Owner and mode were set on the file system's root, not on the directory below.
	assertEquals 'root of the mount' '750 65534' "$(stat -c '%a %u' "$TARGET/")"
	assert_exit 0 ephvol destroy atk3
	rm -f "$link"
	assert_target_untouched
}

# Generic mount(8) flags are mount attributes; the rest goes to the file system.
testMountOptions() {
	assert_exit 0 ephvol create atk4 --mount "$TARGET" --zram 64M \
		--mount-options noatime,noexec,errors=remount-ro || return
	assertEquals 'VFS options' rw,nosuid,nodev,noexec,noatime "$(findmnt -no VFS-OPTIONS "$TARGET")"
	assertTrue 'ext4 option' "findmnt -no FS-OPTIONS $TARGET | grep -q errors=remount-ro"
	assert_exit 0 ephvol destroy atk4
	# An option the file system refuses: the kernel's own reason, nothing left.
	assert_exit 1 ephvol create atk5 --mount "$TARGET" --zram 64M --mount-options bogus
	assert_one_line_stderr
	assert_contains "$STDERR" "Failed to mount /dev/zram[0-9]+ on $TARGET: ext4: Unknown parameter 'bogus'"
	# A control character never reaches the kernel, nor the terminal.
	assert_exit 2 ephvol create atk5 --mount "$TARGET" --zram 64M --mount-options $'noatime,x\ny'
	assert_one_line_stderr
	assert_exit 2 ephvol create atk5 --mount "$TARGET" --zram 64M --mount-options 'noatime,,x'
	assert_target_untouched
}

# destroy unmounts the mount of its own device, not whatever the path shows now.
testStackedMountsKeptApart() {
	local top
	assert_exit 0 ephvol create atk11 --mount "$TARGET" --zram 32M || return
	assert_exit 0 ephvol create atk12 --mount "$TARGET" --zram 32M || return
	top=$(findmnt -no SOURCE -T "$TARGET")
	assert_exit 1 ephvol destroy atk11
	assert_one_line_stderr
	assert_contains "$STDERR" "Cannot unmount $TARGET \\(volume atk11\\): another file system is mounted over it"
	assertEquals 'the upper mount is untouched' "$top" "$(findmnt -no SOURCE -T "$TARGET")"
	assert_exit 0 ephvol destroy atk12
	assert_exit 0 ephvol destroy atk11
	assert_target_untouched
}

testFileOwnedByAnotherUser() {
	as_nobody truncate -s 16M "$ATTIC/theirs.img" || fail 'cannot make the file'
	assert_exit 3 ephvol create atk6 --swap --file "$ATTIC/theirs.img"
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to use $ATTIC/theirs.img: it is owned by uid 65534, not root"
}

testFileWritableByOthers() {
	truncate -s 16M "$ATTIC/shared.img" && chmod 0666 "$ATTIC/shared.img"
	assert_exit 3 ephvol create atk7 --swap --file "$ATTIC/shared.img"
	assert_one_line_stderr
	assert_contains "$STDERR" 'users other than root may write it \(mode 0666\)'
}

testFileWithSecondName() {
	truncate -s 16M "$ATTIC/one.img" && chmod 0600 "$ATTIC/one.img"
	ln "$ATTIC/one.img" "$ATTIC/two.img"
	assert_exit 3 ephvol create atk8 --swap --file "$ATTIC/one.img"
	assert_one_line_stderr
	assert_contains "$STDERR" 'it has 2 hard links'
}

testFileIsPlantedLink() {
	truncate -s 16M "$TARGET/root.img" && chmod 0600 "$TARGET/root.img"
	as_nobody ln -s "$TARGET/root.img" "$ATTIC/link.img"
	assert_exit 3 ephvol create atk9 --swap --file "$ATTIC/link.img"
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to use $ATTIC/link.img: it is a symbolic link"
	# Nor may --size create a file through a planted directory link.
	as_nobody ln -s "$TARGET" "$ATTIC/dir"
	assert_exit 3 ephvol create atk9 --swap --file "$ATTIC/dir/new.img" --size 16M
	assert_contains "$STDERR" "$ATTIC/dir is a symbolic link"
	assertFalse 'no file made through the link' "[ -e $TARGET/new.img ]"
	rm -f "$TARGET/root.img"
}

# Two commands must not both find a file free and attach it: the file is locked
# from its checks to the loop attach. A holder that keeps it is refused after a
# short wait (2 s)...
testFileLocked() {
	truncate -s 16M "$TARGET/busy.img" && chmod 0600 "$TARGET/busy.img"
	flock "$TARGET/busy.img" sleep 5 &
	local holder=$!
	sleep 0.3
	assert_exit 3 ephvol create atk10 --swap --file "$TARGET/busy.img"
	assert_one_line_stderr
	assert_contains "$STDERR" 'another ephvol command is using it'
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	rm -f "$TARGET/busy.img"
}

# ... and one that lets go within it is waited for: a loop device drops its file
# (and the lock) a moment after its last user, e.g. the destroy or the killed
# create before an `up`, closed it. Here the create gets past the lock and fails
# only at dm-crypt, which the host kernel lacks.
testFileLockLetGoSoonIsWaitedFor() {
	truncate -s 16M "$TARGET/soon.img" && chmod 0600 "$TARGET/soon.img"
	flock "$TARGET/soon.img" sleep 0.5 &
	local holder=$!
	sleep 0.2
	assert_exit 1 ephvol create atk11 --swap --file "$TARGET/soon.img"
	assert_one_line_stderr
	assert_contains "$STDERR" 'Failed to activate dm-crypt mapping ephvol-atk11'
	wait "$holder" 2>/dev/null
	rm -f "$TARGET/soon.img"
}

. shunit2
