#!/bin/bash
# run_test.sh - `ephvol run` on a disk backend (dm-crypt, in the guest): the job's
# /tmp is ext4 on the volume's dm-crypt mapping, what it writes is ciphertext on the
# disk, the rest of the system sees no mount, a job run as nobody cannot reach the
# key or the device, and after the job (or after ephvol is SIGKILLed, and gc) no
# mapping and no key are left.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

D=/run/ephvol-test-run
DISK=/dev/vdb

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
}

suite_setUp() {
	rm -rf "$D"
	mkdir -p "$D"
	chmod 0777 "$D"
	wipefs -qa "$DISK"
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	pkill -KILL -fx 'sleep 4242.4242' 2>/dev/null
	ephvol gc >/dev/null 2>&1
	rm -rf "$D"
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

testJobScratchIsCiphertextOnDisk() {
	local pid dev marker="EPHVOL-RUN-GUEST-$RANDOM$RANDOM"
	# shellcheck disable=SC2016 # the job's shell expands these
	ephvol_bg run --device "$DISK" -- sh -c '
		findmnt -n -o SOURCE,FSTYPE /tmp | tail -n 1 >"$1/tmp"
		yes "$2" | head -n 20000 >/tmp/data && sync
		touch "$1/ready"
		while [ ! -e "$1/go" ]; do sleep 0.1; done
		grep -c "$2" /tmp/data >"$1/count"' sh "$D" "$marker" &
	pid=$!
	wait_for "$D/ready" 300 || return
	dev=$(awk '{ print $1 }' "$D/tmp")
	assert_contains "$D/tmp" '^/dev/mapper/ephvol-run-[0-9a-f]{8} ext4$'
	assertEquals 'a crypt target' crypt "$(dmsetup table "${dev#/dev/mapper/}" | awk '{ print $3 }')"
	assertFalse "the host sees no mount of $dev" "findmnt -n -S $dev"
	# What the job wrote is ciphertext on the disk.
	echo 3 >/proc/sys/vm/drop_caches
	assertFalse 'the marker is not on the disk in plaintext' "grep -qa $marker $DISK"
	touch "$D/go"
	wait "$pid"
	assertEquals 'exit status' 0 $?
	assertEquals 'the job read its data back' 20000 "$(cat "$D/count")"
	assertFalse 'no mapping left' "dmsetup info ${dev#/dev/mapper/} >/dev/null 2>&1"
}

testUserNobodyCannotReachKeyOrDevice() {
	# shellcheck disable=SC2016
	assert_exit 0 ephvol run --device "$DISK" --user nobody -- sh -c '
		dev=$(findmnt -n -o SOURCE /tmp | tail -n 1)
		[ -b "$dev" ] || echo "not a block device: $dev"
		id -u
		echo data >/tmp/f && cat /tmp/f
		dmsetup table --showkeys >/dev/null 2>&1 && echo "table readable"
		head -c 1 "$dev" >/dev/null 2>&1 && echo "device readable"
		head -c 1 '"$DISK"' >/dev/null 2>&1 && echo "disk readable"
		ls /run/ephvol/udev >/dev/null 2>&1 && echo "udev names readable"
		grep -q logon /proc/keys 2>/dev/null && echo "key listed"
		exit 0' || return
	assertEquals 'nobody, writes its /tmp, reaches neither key nor device' "65534
data" "$(cat "$STDOUT")"
}

testSigkillThenGcRemovesTheMapping() {
	local pid name
	# shellcheck disable=SC2016
	ephvol_bg run --device "$DISK" -- sh -c 'findmnt -n -o SOURCE /tmp | tail -n 1 >"$1/tmp"; touch "$1/ready"; exec sleep 4242.4242' \
		sh "$D" &
	pid=$!
	wait_for "$D/ready" 300 || return
	name=$(awk '{ sub("/dev/mapper/ephvol-", "", $1); print $1 }' "$D/tmp")
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	sleep 1
	assertFalse 'the job is gone' "pgrep -fx 'sleep 4242.4242'"
	assertEquals 'orphaned' orphaned \
		"$(ephvol status --json "$name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["volumes"][0]["state"])')"
	assert_exit 0 ephvol gc || return
	assert_contains "$STDOUT" "^Reclaimed volume $name of PID $pid "
	assertFalse 'no mapping left' "dmsetup info ephvol-$name >/dev/null 2>&1"
}

# shellcheck source=/dev/null
. shunit2
