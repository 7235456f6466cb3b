#!/bin/bash
# cli_usage_test.sh - the command line contract on the host: help, version,
# and bad input (exit 2 or 1, one clear line on stderr, nothing changed).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_root
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	# Every test here must leave the system exactly as it found it.
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# host_zram_sign ATTR OPTION: + or - for a zram attribute, from what this host shows
# without any change: a zram device's attributes, else the kernel's build
# configuration (OPTION=y); ? when neither is there.
host_zram_sign() {
	local dev config
	config=/boot/config-$(uname -r)
	for dev in /sys/block/zram*; do
		[ -e "$dev/disksize" ] || continue
		if [ -e "$dev/$1" ]; then echo +; else echo -; fi
		return
	done
	if [ -r "$config" ]; then
		if grep -q "^$2=y" "$config"; then echo +; else echo -; fi
		return
	fi
	echo '?'
}

testVersion() {
	local features sign
	assert_exit 0 ephvol --version
	assertEquals 'lines' 2 "$(wc -l <"$STDOUT")"
	assert_contains "$STDOUT" '^ephvol [0-9]+\.[0-9]+\.[0-9]+$'
	features=$SHUNIT_TMPDIR/features
	sed -n 2p "$STDOUT" >"$features"
	assert_contains "$features" '^\+LIBCRYPTSETUP\([0-9]+\.[0-9]+[^) ]*\) [-+?]KEYRING [-+]AF_ALG [-+?]ZRAM_WRITEBACK [-+?]RECOMP [-+?]ALGORITHM_PARAMS [-+?]ZRAM_IDLE_AGE [-+?]DM_CRYPT_HIGH_PRIORITY$'

	# The version of the library that runs: the cryptsetup tool of the same build says it.
	if command -v cryptsetup >/dev/null; then
		sign=$(cryptsetup --version | awk '{ print $2 }')
		assert_contains "$features" "^[+]LIBCRYPTSETUP[(]${sign//./[.]}[)] "
	fi
	if have_af_alg; then sign=+; else sign=-; fi
	assert_contains "$features" " [$sign]AF_ALG "
	sign=$(host_zram_sign backing_dev CONFIG_ZRAM_WRITEBACK)
	assert_contains "$features" " [$sign]ZRAM_WRITEBACK "
	sign=$(host_zram_sign recomp_algorithm CONFIG_ZRAM_MULTI_COMP)
	assert_contains "$features" " [$sign]RECOMP "
}

testHelpForEveryCommand() {
	local cmd
	assert_exit 0 ephvol --help
	assert_contains "$STDOUT" 'create NAME'
	assert_contains "$STDOUT" 'destroy NAME'
	for cmd in create destroy status; do
		assert_exit 0 ephvol "$cmd" --help
		assert_contains "$STDOUT" "^Usage: ephvol $cmd"
	done
}

testMissingAndUnknownCommand() {
	assert_exit 2 ephvol
	assert_one_line_stderr
	assert_contains "$STDERR" 'Missing command'
	assert_exit 2 ephvol frobnicate
	assert_one_line_stderr
	assert_contains "$STDERR" "Unknown command 'frobnicate'"
}

testUnknownOption() {
	assert_exit 2 ephvol create u1 --swap --bogus
	assert_one_line_stderr
	assert_contains "$STDERR" "'--bogus'"
	assert_exit 2 ephvol destroy --bogus u1
	assert_one_line_stderr
	assert_exit 2 ephvol status --bogus
	assert_one_line_stderr
	assert_exit 2 ephvol --bogus status
	assert_one_line_stderr
}

# -q and -v work after the verb as before it, as with git and systemctl.
testGlobalOptionsAfterTheVerb() {
	assert_exit 0 ephvol create gq1 --swap --zram 16M -q
	assertEquals 'create -q prints nothing' '' "$(cat "$STDOUT" "$STDERR")"
	assert_exit 0 ephvol destroy gq1 -v
	assert_contains "$STDOUT" '^Destroyed swap volume gq1'
	assert_contains "$STDERR" '^ephvol: Step 1: swapoff$'
	assert_exit 0 ephvol -v create gq1 --swap --zram 16M
	assert_contains "$STDERR" '^ephvol: Step 1: intent$'
	assert_exit 0 ephvol destroy --quiet gq1
	assertEquals 'destroy --quiet prints nothing' '' "$(cat "$STDOUT" "$STDERR")"
	assert_exit 0 ephvol status -q --noheadings
	# Still options of the verb: an unknown one is a usage error naming the verb.
	assert_exit 2 ephvol status -q --bogus
	assert_one_line_stderr
	assert_contains "$STDERR" "see 'ephvol status --help'"
}

# -v's timeline: every step has its duration, so does each phase between them, and
# the total is at least their sum (each phase is timed from the end of the one before).
testVerboseTimeline() {
	local verb steps timed sum total
	assert_exit 0 ephvol -v create tl1 --swap --zram 16M
	cp "$STDERR" "$SHUNIT_TMPDIR/create.err"
	assert_exit 0 ephvol -v destroy tl1
	cp "$STDERR" "$SHUNIT_TMPDIR/destroy.err"
	for verb in create destroy; do
		steps=$(sed -n 's/^ephvol: Step [0-9]*: //p' "$SHUNIT_TMPDIR/$verb.err")
		timed=$(sed -n 's/^ephvol: Timeline: \([a-z-]*\) [0-9]*\.[0-9][0-9] ms$/\1/p' "$SHUNIT_TMPDIR/$verb.err")
		assertNotNull "$verb has steps" "$steps"
		assertEquals "$verb: each step timed, in order" "$steps" \
			"$(grep -Fxf <(echo "$steps") <<<"$timed")"
		assert_contains "$SHUNIT_TMPDIR/$verb.err" '^ephvol: Timeline: (lock|lookup) [0-9.]+ ms$'
		# In 1/100 ms, each value rounded to the nearest: every printed value is off
		# by half a unit at most, so the total may fall short of the steps' sum by
		# one unit for each two values printed, never by more.
		sum=$(awk '$2 == "Timeline:" && $3 != "total" { s += int($4 * 100 + 0.5); n++ }
			END { printf "%d %d", s, (n + 2) / 2 }' "$SHUNIT_TMPDIR/$verb.err")
		total=$(awk '$2 == "Timeline:" && $3 == "total" { printf "%d", int($4 * 100 + 0.5) }' "$SHUNIT_TMPDIR/$verb.err")
		assertNotNull "$verb has a total" "$total"
		assertTrue "$verb: total $total + ${sum#* } >= sum ${sum% *} (1/100 ms)" \
			"[ $((${total:-0} + ${sum#* })) -ge ${sum% *} ]"
	done
	# Without -v, no timeline.
	assert_exit 0 ephvol create tl1 --swap --zram 16M
	assert_exit 0 ephvol destroy tl1
	assert_not_contains "$STDERR" 'Timeline'
}

# One failure, one line, and the exit status the contract gives its kind: also for a
# user who may read nothing of ephvol's, and when the library itself saw the failure.
testOneLinePerFailure() {
	local f args
	for f in 'destroy nu1:1' 'create nu1 --swap:1' 'writeback nu1:1' 'down nu1:1' \
		'status nu1:1' 'status -o bogus:2' 'bench --sample /nonexistent:2'; do
		read -ra args <<<"${f%:*}"
		assert_exit "${f##*:}" setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" "${args[@]}"
		assert_one_line_stderr
	done
	# A scan the library cannot finish (a swap table it cannot parse, bound over
	# /proc/swaps in a mount namespace of its own): the library reports it through its
	# log, and the command prints the one line.
	# shellcheck disable=SC2016 # expanded by that sh
	assert_exit 1 env LD_LIBRARY_PATH="$BUILD" unshare -m \
		sh -c 'mount --bind "$1" /proc/swaps && exec "$2" status' sh \
		"$TOP/tests/fixtures/badswaps/proc/swaps" "$BUILD/ephvol"
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot read volume state: Bad message$'
}

testBadNames() {
	local name
	for name in 'bad/name' '.hidden' 'with space' 'x;rm' "$(printf 'a%.0s' {1..33})" 'ümlaut'; do
		assert_exit 2 ephvol create "$name" --swap --zram 16M
		assert_one_line_stderr
		assert_contains "$STDERR" 'Invalid volume name'
	done
	assert_exit 2 ephvol destroy 'bad/name'
	assert_one_line_stderr
	assert_exit 2 ephvol status '../x'
	assert_one_line_stderr
	# 32 characters is the longest valid name: it gets past name checking.
	assert_exit 2 ephvol create "$(printf 'a%.0s' {1..32})" --zram 16M
	assert_contains "$STDERR" 'one of --swap, --mount DIR or --raw is required'
}

testBadSizes() {
	local size
	# Syntax errors (caught before anything is looked at), then values that
	# only this machine's RAM makes wrong (caught at create): all exit 2.
	for size in 12X 0x10 99999999999999999999 'min(ram' 'ram +' '1/0' '(4G' 'min()' \
		'2G-4G' 0% '1.5%G' 'ram * 99999999999'; do
		assert_exit 2 ephvol create b1 --swap --zram "$size"
		assert_one_line_stderr
		assertTrue "$size: the line names it" "grep -qF -- \"Invalid size '$size'\" '$STDERR'"
	done
	# A word that is neither a size nor a name: the NAME is not taken for SIZE.
	assert_exit 2 ephvol create b1 --swap --zram=rom
	assert_one_line_stderr
	assert_contains "$STDERR" "Invalid size 'rom': unknown name 'rom'"
	# Parses, but is too small to be a volume.
	assert_exit 2 ephvol create b1 --swap --zram 4K
	assert_one_line_stderr
	assert_contains "$STDERR" 'at least 1M'
}

testRoleRules() {
	assert_exit 2 ephvol create r1 --zram 16M
	assert_one_line_stderr
	assert_exit 2 ephvol create r1 --swap --raw
	assert_one_line_stderr
	assert_exit 2 ephvol create r1 --swap --zram 16M --device /dev/null
	assert_one_line_stderr
	assert_contains "$STDERR" 'exclude each other'
	assert_exit 2 ephvol create r1 --mount relative/dir
	assert_one_line_stderr
	assert_exit 2 ephvol create r1 --swap --priority 40000
	assert_one_line_stderr
	assert_exit 2 ephvol create r1 --mount /tmp --priority 5
	assert_one_line_stderr
	assert_exit 2 ephvol create r1 --swap --cipher aes-xts-plain64
	assert_one_line_stderr
	assert_contains "$STDERR" 'apply to --device, --file and --writeback only'
	assert_exit 2 ephvol create r1 one-too-many --swap
	assert_one_line_stderr
}

testMissingDevice() {
	assert_exit 1 ephvol create m1 --swap --device /dev/ephvol-test-no-such-disk
	assert_one_line_stderr
	assert_contains "$STDERR" '/dev/ephvol-test-no-such-disk: No such file or directory'
}

# The host this suite runs on has no device-mapper (dm-crypt is tested in the guest):
# libdevmapper says only ENOMEM then, which must not be what the user reads.
testKernelWithoutDeviceMapper() {
	local f=$SHUNIT_TMPDIR/nodm.img
	assertFalse 'this host has no device-mapper' '[ -e /sys/module/dm_mod ]' || return
	truncate -s 16M "$f" && chmod 0600 "$f" || return
	assert_exit 1 ephvol create m1 --swap --file "$f"
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Failed to activate dm-crypt mapping ephvol-m1 on /dev/loop[0-9]+: this kernel has no device-mapper \(/dev/mapper/control: No such (device|file or directory)\)\.$'
	assertEquals 'the file is left as it was' 16777216 "$(stat -c %s "$f")"
	rm -f "$f"
}

# The cipher ephvol picks for this CPU (auto, no --key-size) is not asked of AF_ALG
# before the mapping, as one the caller chose is: at boot that costs the kernel two
# modprobe runs (af_alg, algif_skcipher), for nothing dm-crypt does not check itself.
# The host has no /proc/crypto to answer from, so the given cipher goes to AF_ALG.
testPickedCipherNotCheckedInAdvance() {
	local f=$SHUNIT_TMPDIR/pick.img trace=$SHUNIT_TMPDIR/socket spec
	command -v strace >/dev/null || fail 'strace is not installed (make test-deps)' || return
	truncate -s 16M "$f" && chmod 0600 "$f" || return
	for spec in auto aes-xts-plain64; do
		# LeakSanitizer cannot run under ptrace (make check-asan).
		assert_exit 1 strace -f -qq -e trace=socket -o "$trace" \
			env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" create m1 --swap --file "$f" --cipher "$spec"
		assert_contains "$STDERR" 'Failed to activate dm-crypt mapping ephvol-m1'
		if [ "$spec" = auto ]; then
			assert_not_contains "$trace" 'socket\(AF_ALG'
		else
			assert_contains "$trace" 'socket\(AF_ALG'
		fi
	done
	rm -f "$f"
}

testNotABlockDevice() {
	assert_exit 2 ephvol create m1 --swap --device /etc/hostname
	assert_one_line_stderr
	assert_contains "$STDERR" 'not a block device'
}

testMissingMountPoint() {
	assert_exit 1 ephvol create m1 --mount /nonexistent/ephvol-test --zram 16M
	assert_one_line_stderr
	assert_contains "$STDERR" '/nonexistent/ephvol-test: No such file or directory'
}

testUnknownCompressor() {
	assert_exit 2 ephvol create c1 --swap --zram 16M --comp-algorithm nosuchalg
	assert_one_line_stderr
	assert_contains "$STDERR" "'nosuchalg'"
}

testDestroyAndStatusOfMissingVolume() {
	assert_exit 1 ephvol destroy ephvol-test-absent
	assert_one_line_stderr
	assert_contains "$STDERR" 'No volume named ephvol-test-absent'
	assert_exit 1 ephvol status ephvol-test-absent
	assert_one_line_stderr
	assert_exit 2 ephvol destroy
	assert_one_line_stderr
	assert_exit 2 ephvol status -o name,nosuchcolumn
	assert_one_line_stderr
	assert_contains "$STDERR" 'nosuchcolumn'
}

testExistingName() {
	local mid=$SHUNIT_TMPDIR/with-volume
	assert_exit 0 ephvol create dup1 --swap --zram 16M || return
	state_snapshot "$mid"
	assert_exit 1 ephvol create dup1 --swap --zram 16M
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume dup1 already exists'
	assert_exit 1 ephvol create dup1 --raw --zram 32M
	assert_one_line_stderr
	assert_state_unchanged "$mid"
	assert_exit 0 ephvol destroy dup1
}

ephvol_without_libcryptsetup() { ephvol_without libcryptsetup.so.12 "$@"; }

# libcryptsetup is loaded (dlopen) only where a path needs it: a dm-crypt volume that
# cannot have it fails in one line that names it, and what was made is undone;
# --version says -LIBCRYPTSETUP. (Linked as before, ephvol did not even start.)
testDmCryptWithoutLibcryptsetup() {
	local img=$SHUNIT_TMPDIR/nolib.img
	assert_exit 1 ephvol_without_libcryptsetup create nolib1 --swap --file "$img" --size 16M
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libcryptsetup\.so\.12 \(needed for dm-crypt volumes\): .+'
	assertFalse "$img not left" "[ -e '$img' ]"
	# (with --writeback: tests/guest/writeback_test.sh, where zram has a backing_dev)
	assert_exit 0 ephvol_without_libcryptsetup --version
	# (the kernel's keys alone decide KEYRING: ephvol adds the logon keys itself)
	assert_contains "$STDOUT" '^-LIBCRYPTSETUP \+KEYRING '
}

# libsmartcols is loaded only to print a table (zram_test: create and destroy do not
# load it): status says in one line what it misses.
testTablesWithoutLibsmartcols() {
	assert_exit 0 ephvol create nocols1 --swap --zram 16M || return
	assert_exit 1 ephvol_without libsmartcols.so.1 status
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libsmartcols\.so\.1 \(needed for tables\): .+'
	assert_exit 1 ephvol_without libsmartcols.so.1 status --audit --json
	assert_contains "$STDERR" '^ephvol: Cannot load libsmartcols\.so\.1 '
	assert_exit 0 ephvol destroy nocols1
}

# libblkid is loaded (dlopen) where a device is probed: a claim that cannot load it is
# refused in one line that names it, before a byte is written. (Before, the line said
# only "Cannot probe DEVICE for signatures: Operation not supported".)
testProbeWithoutLibblkid() {
	local img=$SHUNIT_TMPDIR/noblkid.img loop
	truncate -s 16M "$img"
	loop=$(losetup -f --show "$img") || { fail 'losetup'; return; }
	assert_exit 1 ephvol_without libblkid.so.1 claim "$loop" --label noblkid1
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libblkid\.so\.1 \(needed to probe devices\): .+'
	losetup -d "$loop"
	assertEquals 'not a byte written' 0 "$(tr -d '\0' <"$img" | wc -c)"
}

# The same for a device named by a tag, which is found by a probe of every device.
# (Before: "Device PARTLABEL=noblkid: Operation not supported".)
testTagWithoutLibblkid() {
	assert_exit 1 ephvol_without libblkid.so.1 claim PARTLABEL=noblkid --label noblkid2
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libblkid\.so\.1 \(needed to probe devices\): .+'
}

. shunit2
