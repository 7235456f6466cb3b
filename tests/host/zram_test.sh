#!/bin/bash
# zram_test.sh - zram volumes on the host kernel: swap and tmp lifecycles,
# status read back from the kernel, and foreign zram devices left alone.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/run/ephvol-test-mnt

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

suite_oneTimeTearDown() {
	rmdir "$MNT" 2>/dev/null
	return 0
}

testSwapLifecycle() {
	local dev
	assert_exit 0 ephvol create zs1 --swap --zram 64M || return
	assert_contains "$STDOUT" '^Created swap volume zs1 on /dev/zram[0-9]+\.$'
	dev=$(sed -n 's/.* on \(\/dev\/zram[0-9]*\)\.$/\1/p' "$STDOUT")
	# The kernel's own view: an active swap of 64M at priority 100.
	assertEquals "swap entry for $dev" "$dev partition 65532 100" \
		"$(awk -v d="$dev" '$1 == d { print $1, $2, $3, $5 }' /proc/swaps)"
	assertEquals 'disksize' 67108864 "$(cat "/sys/block/${dev#/dev/}/disksize")"

	assert_exit 0 ephvol status --json zs1
	assertEquals 'name' zs1 "$(json_get "$STDOUT" 'd["volumes"][0]["name"]')"
	assertEquals 'backend' zram "$(json_get "$STDOUT" 'd["volumes"][0]["backend"]')"
	assertEquals 'role' swap "$(json_get "$STDOUT" 'd["volumes"][0]["role"]')"
	assertEquals 'device' "$dev" "$(json_get "$STDOUT" 'd["volumes"][0]["device"]')"
	assertEquals 'size' 67108864 "$(json_get "$STDOUT" 'd["volumes"][0]["size"]')"
	assertEquals 'priority' 100 "$(json_get "$STDOUT" 'd["volumes"][0]["swap_priority"]')"
	assertEquals 'protection' ram-only "$(json_get "$STDOUT" 'd["volumes"][0]["protection"]')"
	assertEquals 'key_location' none "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assertEquals 'cipher' None "$(json_get "$STDOUT" 'd["volumes"][0]["cipher"]')"
	# Numbers read straight from the kernel's mm_stat.
	assertEquals 'orig_data' "$(awk '{ print $1 }' "/sys/block/${dev#/dev/}/mm_stat")" \
		"$(json_get "$STDOUT" 'd["volumes"][0]["orig_data"]')"

	assert_exit 0 ephvol destroy zs1
	assert_contains "$STDOUT" '^Destroyed swap volume zs1'
	assertFalse "$dev is gone" "[ -e /sys/block/${dev#/dev/} ]"
}

# The swap header is ephvol's own (no mkswap runs): the kernel and libblkid take it,
# each area has its own random UUID; and swapon discards freed pages on zram without
# discarding the whole fresh device first (the kernel's flags: "D" discardable, "c"
# freed clusters, no "s" swapon-time discard of the area).
testSwapHeaderWithoutMkswap() {
	local dev dev2 uuid uuid2 trace=$SHUNIT_TMPDIR/execve
	command -v strace >/dev/null || fail 'strace is not installed (make test-deps)' || return
	# LeakSanitizer cannot run under ptrace: an ASan build (make check-asan) skips it here.
	if ! assert_exit 0 strace -f -qq -e trace=execve -o "$trace" \
		env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" create zh1 --swap --zram 64M; then
		ephvol destroy zh1 >/dev/null 2>&1
		return 1
	fi
	dev=$(sed -n 's/.* on \(\/dev\/zram[0-9]*\)\.$/\1/p' "$STDOUT")
	assert_contains "$trace" 'execve\(".*/ephvol"'
	assert_not_contains "$trace" 'mkswap'
	assertEquals 'one program run: ephvol' 2 "$(grep -c 'execve(' "$trace")" # env, ephvol

	assert_exit 0 blkid -p -o export "$dev"
	assert_contains "$STDOUT" '^TYPE=swap$'
	assert_contains "$STDOUT" '^VERSION=1$'
	assert_contains "$STDOUT" '^UUID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
	uuid=$(sed -n 's/^UUID=//p' "$STDOUT")
	# Active, all of it but the header page.
	assertEquals "swap entry for $dev" "$dev partition 65532" \
		"$(awk -v d="$dev" '$1 == d { print $1, $2, $3 }' /proc/swaps)"
	assert_contains <(dmesg | grep -F "swap on $dev. " | tail -n 1) ' (SS)?Dc$'

	assert_exit 0 ephvol create zh2 --swap --zram 64M
	dev2=$(sed -n 's/.* on \(\/dev\/zram[0-9]*\)\.$/\1/p' "$STDOUT")
	uuid2=$(blkid -p -s UUID -o value "$dev2")
	assertNotNull 'second UUID' "$uuid2"
	assertNotEquals 'a UUID of its own' "$uuid" "$uuid2"
	assert_exit 0 ephvol destroy zh1 zh2

	# The smallest zram swap ephvol makes (1 MiB) is still a valid area.
	assert_exit 0 ephvol create zh3 --swap --zram 1M || return
	dev=$(sed -n 's/.* on \(\/dev\/zram[0-9]*\)\.$/\1/p' "$STDOUT")
	assertEquals "swap entry for $dev" "$dev 1020" \
		"$(awk -v d="$dev" '$1 == d { print $1, $3 }' /proc/swaps)"
	assert_exit 0 ephvol destroy zh3
}

testTmpLifecycle() {
	local dev opts
	assert_exit 0 ephvol create zt1 --mount "$MNT" --zram 64M || return
	dev=$(findmnt -no SOURCE "$MNT")
	assertEquals 'mounted fs' ext4 "$(findmnt -no FSTYPE "$MNT")"
	opts=$(findmnt -no OPTIONS "$MNT")
	assertContains "$opts" nosuid
	assertContains "$opts" nodev
	assertEquals 'mode' 1777 "$(stat -c %a "$MNT")"

	# Usable by anyone, and data goes to RAM: orig_data grows.
	assert_exit 0 dd if=/dev/urandom of="$MNT/data" bs=1M count=8 conv=fsync status=none
	assert_exit 0 su nobody -s /bin/sh -c "echo hi > $MNT/by-nobody"
	assert_exit 0 ephvol status -o name,role,mountpoint,orig_data --bytes --noheadings --raw zt1
	assert_contains "$STDOUT" "^zt1 tmp $MNT [0-9]+$"
	assertTrue 'orig_data >= 8M' "[ $(awk '{ print $4 }' "$STDOUT") -ge 8388608 ]"

	assert_exit 0 ephvol destroy zt1
	assertFalse "$MNT no longer mounted" "findmnt $MNT"
	assertFalse "$dev is gone" "[ -e /sys/block/${dev#/dev/} ]"
}

testDestroyUnmountsEveryMount() {
	local bind=$SHUNIT_TMPDIR/bind
	mkdir -p "$bind"
	assert_exit 0 ephvol create zb1 --mount "$MNT" --zram 16M || return
	mount --bind "$MNT" "$bind"
	assert_exit 0 ephvol destroy zb1
	assertFalse "$MNT unmounted" "findmnt $MNT"
	assertFalse "bind mount $bind unmounted" "findmnt $bind"
}

testBusyUnmountNamesTheHolder() {
	local pid
	assert_exit 0 ephvol create zh1 --mount "$MNT" --zram 16M || return
	(cd "$MNT" && exec sleep 600) &
	pid=$!
	sleep 0.2
	state_snapshot "$SHUNIT_TMPDIR/busy"
	assert_exit 1 ephvol destroy zh1
	assert_one_line_stderr
	assert_contains "$STDERR" "Cannot unmount $MNT \\(volume zh1\\): busy, held by PID $pid \\(sleep\\); stop them or use --lazy\\."
	assert_state_unchanged "$SHUNIT_TMPDIR/busy"
	kill "$pid"
	wait "$pid" 2>/dev/null
	assert_exit 0 ephvol destroy zh1
}

testConcurrentCreatesOfOneName() {
	local i ok=0 exists=0 other=0 rc
	for i in $(seq 8); do
		ephvol create zc1 --swap --zram 16M >"$SHUNIT_TMPDIR/out.$i" 2>"$SHUNIT_TMPDIR/err.$i" &
	done
	for i in $(seq 8); do
		wait -n
		rc=$?
		case $rc in 0) ok=$((ok + 1)) ;; 1) exists=$((exists + 1)) ;; *) other=$((other + 1)) ;; esac
	done
	assertEquals 'exactly one create succeeds' 1 "$ok"
	assertEquals 'the others fail cleanly' 7 "$exists"
	assertEquals 'no other outcome' 0 "$other"
	assertEquals 'each failure is one "already exists" line' 7 \
		"$(cat "$SHUNIT_TMPDIR"/err.* | grep -c '^ephvol: Volume zc1 already exists\.$')"
	assertEquals 'one zram device, one swap' 1 "$(grep -c '^/dev/zram' /proc/swaps)"
	assert_exit 0 ephvol destroy zc1
}

testModeAndOwner() {
	assert_exit 0 ephvol create zo1 --mount "$MNT" --zram 16M --mode 0750 --owner 1234:5678 || return
	assertEquals 'mode' 750 "$(stat -c %a "$MNT")"
	assertEquals 'owner' 1234:5678 "$(stat -c %u:%g "$MNT")"
	assert_exit 0 ephvol destroy zo1
}

testComputedDefaultSize() {
	local ram expect
	ram=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 1024))
	expect=$((ram / 2 < 4294967296 ? ram / 2 / 4096 * 4096 : 4294967296))
	assert_exit 0 ephvol create zd1 --raw || return
	assert_exit 0 ephvol status -o size --bytes --noheadings zd1
	assertEquals 'default size min(RAM/2, 4G)' "$expect" "$(tr -d ' ' <"$STDOUT")"
	assert_exit 0 ephvol destroy zd1
}

testForeignZramUntouched() {
	local idx
	idx=$(cat /sys/class/zram-control/hot_add) || return
	echo 16M >"/sys/block/zram$idx/disksize"
	assert_exit 0 ephvol status --noheadings --raw -o device
	assert_not_contains "$STDOUT" "zram$idx"
	assert_exit 0 ephvol create zf1 --swap --zram 16M
	assert_exit 0 ephvol destroy --all
	assertEquals "foreign zram$idx still initialised" 1 "$(cat "/sys/block/zram$idx/initstate")"
	# A record that claims the foreign device gives ephvol no right to it.
	mkdir -p /run/ephvol/zram
	printf 'device=zram%s\nrole=swap\ndisksize=1\n' "$idx" >/run/ephvol/zram/zfake
	assert_exit 0 ephvol status --noheadings -o name
	assert_not_contains "$STDOUT" zfake
	# destroy removes the stale record, and nothing else.
	assert_exit 0 ephvol destroy zfake
	assert_contains "$STDOUT" '^Destroyed what was left of volume zfake: stale zram record removed\.$'
	assertEquals "foreign zram$idx still initialised" 1 "$(cat "/sys/block/zram$idx/initstate")"
	assertFalse 'stale record removed' "[ -e /run/ephvol/zram/zfake ]"
	echo 1 >"/sys/block/zram$idx/reset"
	echo "$idx" >/sys/class/zram-control/hot_remove
}

testStatusFollowsTheKernel() {
	local dev
	assert_exit 0 ephvol create zk1 --swap --zram 16M || return
	dev=$(awk '$1 ~ /zram/ && $5 == 100 { print $1 }' /proc/swaps | tail -n 1)
	# Someone tears the device down behind ephvol's back: status must not lie. The
	# device is still ours (the same diskseq), but no longer a swap, nor configured.
	swapoff "$dev" && echo 1 >"/sys/block/${dev#/dev/}/reset"
	assert_exit 0 ephvol status --noheadings --raw -o name,device,state,swap_priority zk1
	assertEquals 'status' "zk1 $dev incomplete " "$(cat "$STDOUT")"
	# One destroy removes what is left: the device and the record.
	assert_exit 0 ephvol destroy zk1
	assertFalse "$dev removed" "[ -e /sys/block/${dev#/dev/} ]"
	assertFalse 'record removed' "[ -e /run/ephvol/zram/zk1 ]"
	# An index reused by a later device is not adopted by a stale record.
	assert_exit 0 ephvol create zk1 --swap --zram 16M || return
	dev=$(awk '$1 ~ /zram/ && $5 == 100 { print $1 }' /proc/swaps | tail -n 1)
	cp /run/ephvol/zram/zk1 "$SHUNIT_TMPDIR/record"
	assert_exit 0 ephvol destroy zk1
	[ "$(cat /sys/class/zram-control/hot_add)" = "${dev#/dev/zram}" ] || fail "index ${dev#/dev/zram} not reused"
	echo 16M >"/sys/block/${dev#/dev/}/disksize"
	cp "$SHUNIT_TMPDIR/record" /run/ephvol/zram/zk1
	assert_exit 0 ephvol status --noheadings -o name
	assert_not_contains "$STDOUT" zk1
	echo 1 >"/sys/block/${dev#/dev/}/reset"
	echo "${dev#/dev/zram}" >/sys/class/zram-control/hot_remove
	rm -f /run/ephvol/zram/zk1
}

# Regression: a swap volume made in a mount namespace that has since ended (here
# `unshare -m`; a unit with a private /dev alike) is shown by /proc/swaps relative to
# that namespace's detached /dev, "/zram0". status called it inactive and not swap, and
# destroy did no swapoff: the reset failed, busy, and the volume stayed.
testSwapFromEndedMountNamespace() {
	local dev
	# shellcheck disable=SC2016 # expanded by the inner shell
	assert_exit 0 unshare -m sh -c 'LD_LIBRARY_PATH="$1" exec "$1/ephvol" create zn1 --swap --zram 16M' sh "$BUILD" || return
	dev=$(ephvol status --noheadings --raw -o device zn1)
	assert_contains /proc/swaps "^/${dev#/dev/} +partition"
	assert_exit 0 ephvol status --noheadings --raw -o name,state,swap_priority zn1
	assertEquals 'status' 'zn1 active 100' "$(cat "$STDOUT")"
	assert_exit 0 ephvol destroy zn1
	assert_contains "$STDOUT" '^Destroyed swap volume zn1: swap off, '
	assert_not_contains /proc/swaps "^/${dev#/dev/} "
}

testDestroyAllAndSeveral() {
	assert_exit 0 ephvol create za1 --swap --zram 16M || return
	assert_exit 0 ephvol create za2 --raw --zram 16M
	assert_exit 0 ephvol create za3 --mount "$MNT" --zram 16M
	assert_exit 0 ephvol status --noheadings -o name
	assertEquals 'three volumes' 'za1 za2 za3' "$(xargs <"$STDOUT")"
	assert_exit 0 ephvol destroy za1 za2
	assert_exit 0 ephvol destroy --all
	assert_contains "$STDOUT" '^Destroyed tmp volume za3'
}

# Every library is loaded only by the paths that need it (dlopen): a zram create and
# destroy map none of libcryptsetup, libkmod (zram is loaded), libblkid, libudev and
# libsmartcols; status and the audit of a system with no dm mapping only libsmartcols,
# for their tables. The feature probe of --version does load libcryptsetup. (Built as
# before, linked with all, every run loaded all.)
testZramLoadsNeitherCryptsetupNorKmod() {
	local nolib='file=libcryptsetup\.so|file=libkmod\.so' v
	local create='file=lib(cryptsetup|kmod|blkid|udev|smartcols)\.so'
	[ -e /sys/class/zram-control ] || create='file=lib(cryptsetup|blkid|udev|smartcols)\.so'
	assert_exit 0 ephvol_ld create zl1 --swap --zram 64M || return
	assert_contains "$STDERR" 'file=libephvol\.so' # LD_DEBUG did report
	assert_not_contains "$STDERR" "$create"
	for v in 'status' 'status --json zl1' 'status --audit' 'status --audit --json'; do
		# shellcheck disable=SC2086 # the words of the command
		assert_exit 0 ephvol_ld $v
		assert_contains "$STDERR" 'file=libsmartcols\.so\.1 .*dynamically loaded by'
		assert_not_contains "$STDERR" "$nolib"
	done
	assert_exit 0 ephvol_ld destroy zl1
	assert_contains "$STDOUT" '^Destroyed swap volume zl1'
	assert_not_contains "$STDERR" 'file=lib(cryptsetup|kmod|blkid|udev|smartcols)\.so'

	assert_exit 0 ephvol_ld --version
	assert_contains "$STDERR" 'file=libcryptsetup\.so\.12 .*dynamically loaded by'
	assert_contains "$STDOUT" '^[+?]LIBCRYPTSETUP\('
	assert_not_contains "$STDERR" 'file=libkmod\.so'
}

# Regression: the lock of a name made /run/ephvol 0700 when it came first, and from
# then on `status` by anyone but root could not read the zram records. Every caller
# now makes it 0755, and gives a root-owned one of another mode 0755 again.
testStatusAsAnyUserAfterRunDir0700() {
	local mode
	mode=$(stat -c %a /run/ephvol 2>/dev/null)
	mkdir -p /run/ephvol && chmod 0700 /run/ephvol
	if assert_exit 0 ephvol create zu1 --raw --zram 16M; then
		assertEquals '/run/ephvol mode' 755 "$(stat -c %a /run/ephvol)"
		assertEquals 'zram records mode' 755 "$(stat -c %a /run/ephvol/zram)"
		assertEquals 'locks mode' 700 "$(stat -c %a /run/ephvol/lock)"
		assert_exit 0 setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" status --noheadings -o name,role
		assertEquals 'status as nobody' 'zu1 raw' "$(xargs <"$STDOUT")"
		assert_exit 0 ephvol destroy zu1
	fi
	# As it was (an older ephvol may have left it 0700).
	[ -z "$mode" ] || chmod "$mode" /run/ephvol
}

. shunit2
