#!/bin/bash
# holders_test.sh - destroy never wipes a key under someone who still uses the
# device: a mount in another mount namespace (unshare -m, a container) or an open
# of the device node. It refuses with one line naming the process, changes
# nothing, and succeeds once the holder is gone; --lazy leaves a disk volume to
# device-mapper's deferred removal instead.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/held

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	[ -z "${HOLDER:-}" ] || { kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null; }
	HOLDER=
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# hold_in_namespace: a process in a new mount namespace that keeps a copy of
# every mount, ours included, after we unmount ours.
hold_in_namespace() {
	unshare -m --propagation private sleep 300 &
	HOLDER=$!
	sleep 0.5
}

check_refused_then_freed() {
	local name=$1 what=$2
	assert_exit 1 ephvol destroy "$name"
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to destroy volume $name: .* is in use by PID $HOLDER \\(sleep\\)"
	assertTrue "$what: still mounted here" "mountpoint -q $MNT"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
	assert_exit 0 ephvol destroy "$name"
}

testDiskMountedInAnotherNamespace() {
	assert_exit 0 ephvol create hd1 --mount "$MNT" --device /dev/vdb || return
	hold_in_namespace
	check_refused_then_freed hd1 'disk volume'
}

testZramMountedInAnotherNamespace() {
	assert_exit 0 ephvol create hz1 --mount "$MNT" --zram 32M || return
	hold_in_namespace
	check_refused_then_freed hz1 'zram volume'
}

testDeviceOpenByAProcess() {
	assert_exit 0 ephvol create ho1 --raw --device /dev/vdb || return
	# shellcheck disable=SC2217 # the open device is the point, not input
	sleep 300 <"/dev/mapper/ephvol-ho1" &
	HOLDER=$!
	sleep 0.3
	assert_exit 1 ephvol destroy ho1
	assert_contains "$STDERR" "in use by PID $HOLDER \\(sleep\\)"
	assertTrue 'mapping still there' "[ -e /dev/mapper/ephvol-ho1 ]"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
	assert_exit 0 ephvol destroy ho1
}

# --lazy: the other namespace keeps its file system; the mapping (and key) go
# when it lets go.
testLazyDefersToTheOtherHolder() {
	assert_exit 0 ephvol create hl1 --mount "$MNT" --device /dev/vdb || return
	hold_in_namespace
	assert_exit 0 ephvol destroy --lazy hl1
	assert_contains "$STDOUT" 'removed and key freed when its last user closes it'
	assertTrue 'mapping kept for the other namespace' "[ -e /dev/mapper/ephvol-hl1 ]"
	assertEquals 'their file system still works' ok \
		"$(nsenter -t "$HOLDER" -m sh -c "echo ok >$MNT/f && cat $MNT/f")"
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
	udevadm settle
	assertFalse 'mapping removed with its last user' "[ -e /dev/mapper/ephvol-hl1 ]"
}

. shunit2
