#!/bin/bash
# keymem_test.sh - the key is gone from the whole machine after destroy: all of
# the guest's RAM, dumped by QEMU from the host (tests/lib/memprobe.sh), holds no
# copy of the volume key, nor of either AES-256 half of it. A positive control
# first: while the volume is active each half must be found, or the search is
# blind. (dm-crypt keeps no copy of a keyring key itself: it wipes its buffer once
# the cipher is keyed; the halves live on as the first 32 bytes of the two
# expanded AES key schedules of XTS, in a slab page, until the key wipe.) For a
# disk volume and for zram's writeback mapping. The key comes from the test-hook
# build (build-test), which writes it with every byte inverted.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/lib/memprobe.sh
. "$TOP/tests/lib/memprobe.sh"

MNT=/mnt/keymem
KEYDIR=/run/ephvol-test-keymem
T=$TOP/build-test/ephvol

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	mkdir -p "$MNT" "$KEYDIR"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	rm -f "$KEYDIR/key"
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# key_in_memory WHAT NAME CREATE_ARGS...: create with the test-hook build, count
# the key in RAM while active and after destroy.
key_in_memory() {
	local what=$1 name=$2 full h1 h2 before after
	shift 2
	assertTrue 'test-hook build present (make test-hook-build)' "[ -x $T ]" || return
	assert_exit 0 env LD_LIBRARY_PATH="$TOP/build-test" EPHVOL_TEST_KEY_FILE="$KEYDIR/key" \
		"$T" create "$name" "$@" || return
	assertEquals 'a 512-bit key' 64 "$(stat -c %s "$KEYDIR/key")"
	full=$(file_hex "$KEYDIR/key")
	h1=$(file_hex "$KEYDIR/key" 0 32)
	h2=$(file_hex "$KEYDIR/key" 32 32)
	before=$(guest_memory_count "$full" "$h1" "$h2") || fail 'memory probe failed'
	assert_exit 0 ephvol destroy "$name"
	echo 3 >/proc/sys/vm/drop_caches
	after=$(guest_memory_count "$full" "$h1" "$h2") || fail 'memory probe failed'
	echo "KEYMEM $what: before destroy: key $(cut -d' ' -f1 <<<"$before"), halves $(cut -d' ' -f2,3 <<<"$before");" \
		"after: key $(cut -d' ' -f1 <<<"$after"), halves $(cut -d' ' -f2,3 <<<"$after"); of $(cut -d' ' -f4 <<<"$after") MiB"
	# Positive control: each half is in the kernel's key schedule while active.
	assertTrue "first half found while active ($before)" "[ $(cut -d' ' -f2 <<<"$before") -ge 1 ]"
	assertTrue "second half found while active ($before)" "[ $(cut -d' ' -f3 <<<"$before") -ge 1 ]"
	assertEquals 'copies of the key and its halves after destroy' '0 0 0' "$(cut -d' ' -f1-3 <<<"$after")"
}

testDiskKeyGoneFromMemory() {
	key_in_memory disk km1 --mount "$MNT" --device /dev/vdb
}

testZramWritebackKeyGoneFromMemory() {
	key_in_memory zram-writeback km2 --swap --zram 64M --writeback /dev/vdc
}

. shunit2
