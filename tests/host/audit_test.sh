#!/bin/bash
# audit_test.sh - `ephvol status --audit` on the host kernel (zram, no device-mapper):
# an ephvol zram swap is ram-only and named after its volume, a swap file on the
# plain root filesystem is plaintext-on-disk, a tmpfs /tmp is ram-only until a
# plaintext swap area exists, and the output parses as JSON and as a table.
# tmpfs is mounted on /tmp in a private mount namespace only (unshare -m), so the
# host's own /tmp stays as it is.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

SWAPFILE=/var/tmp/ephvol-audit-test.swap

suite_oneTimeSetUp() {
	require_root || return 1
	command -v jq >/dev/null || {
		echo "audit_test: needs jq" >&2
		return 1
	}
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	# Whatever a test left behind, even after a failed assertion.
	swapoff "$SWAPFILE" 2>/dev/null
	rm -f "$SWAPFILE"
	if [ -n "${LONG_SWAP:-}" ]; then
		swapoff "$LONG_SWAP" 2>/dev/null
		rm -rf "${LONG_SWAP%/*}"
		LONG_SWAP=
	fi
	if [ -n "${TMP_IMG:-}" ]; then
		rm -f "$TMP_IMG"
		TMP_IMG=
	fi
	ephvol destroy aud1 >/dev/null 2>&1
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# audit_get FILE PATH FIELD: FIELD of the audit entry for PATH in the JSON in FILE.
audit_get() {
	jq -r --arg p "$2" --arg f "$3" '.audit[] | select(.path == $p) | .[$f] // "null"' "$1"
}

# audit_in_private_tmp FILE: the audit as JSON, seen with a fresh tmpfs on /tmp.
audit_in_private_tmp() {
	# shellcheck disable=SC2016 # $1 is the inner shell's
	# The work tree may itself be below /tmp (a CI clone): the inner shell enters
	# the build directory first and keeps reaching it through its cwd.
	unshare -m --propagation private sh -c \
		'cd "$1" && mount -t tmpfs ephvol-audit-test /tmp && LD_LIBRARY_PATH=. ./ephvol status --audit --json' \
		sh "$BUILD" >"$1"
}

make_swapfile() {
	rm -f "$SWAPFILE"
	dd if=/dev/zero of="$SWAPFILE" bs=1M count=16 status=none &&
		chmod 600 "$SWAPFILE" && mkswap -q "$SWAPFILE" >/dev/null && swapon "$SWAPFILE"
}

testZramSwapAndSwapFile() {
	local dev root_dev
	assert_exit 0 ephvol create aud1 --swap --zram 32M || return
	dev=$(ephvol status --noheadings --raw -o device aud1)
	make_swapfile || {
		fail "cannot make a swap file at $SWAPFILE"
		return
	}

	assert_exit 0 ephvol status --audit --json || return
	jq -e . "$STDOUT" >/dev/null || fail 'the audit is not JSON'
	# every field of every entry, null or a string
	assertEquals 'entries without all 8 fields' 0 \
		"$(jq '[.audit[] | select((keys | length) != 8)] | length' "$STDOUT")"
	assertEquals 'zram kind' swap "$(audit_get "$STDOUT" "$dev" kind)"
	assertEquals 'zram type' partition "$(audit_get "$STDOUT" "$dev" type)"
	assertEquals 'zram device' "$dev" "$(audit_get "$STDOUT" "$dev" device)"
	assertEquals 'zram volume' aud1 "$(audit_get "$STDOUT" "$dev" volume)"
	assertEquals 'zram cipher' null "$(audit_get "$STDOUT" "$dev" cipher)"
	assertEquals 'zram protection' ram-only "$(audit_get "$STDOUT" "$dev" protection)"
	assertEquals 'zram reason' 'zram in RAM, no writeback' "$(audit_get "$STDOUT" "$dev" reason)"

	# The swap file is on the root filesystem: ext4 on the plain host disk.
	root_dev=$(findmnt -n -o MAJ:MIN --target /var/tmp | tr -d ' ')
	root_dev=$(basename "$(readlink -f "/sys/dev/block/$root_dev")")
	assertEquals 'file type' file "$(audit_get "$STDOUT" "$SWAPFILE" type)"
	assertEquals 'file device' "/dev/$root_dev" "$(audit_get "$STDOUT" "$SWAPFILE" device)"
	assertEquals 'file volume' null "$(audit_get "$STDOUT" "$SWAPFILE" volume)"
	assertEquals 'file protection' plaintext-on-disk \
		"$(audit_get "$STDOUT" "$SWAPFILE" protection)"
	assert_contains "$STDOUT" "\"reason\": \"file on [a-z0-9]+ on $root_dev, not encrypted\""
	# /tmp and /var/tmp are always there, last, in that order
	assertEquals 'tmp entries' '/tmp /var/tmp' \
		"$(jq -r '[.audit[] | select(.kind == "tmp") | .path] | join(" ")' "$STDOUT")"
	assertEquals 'last entry' /var/tmp "$(jq -r '.audit[-1].path' "$STDOUT")"

	# tmpfs pages can be swapped to the plaintext swap file
	audit_in_private_tmp "$SHUNIT_TMPDIR/ns.json"
	assertEquals 'tmpfs with a plain swap' plaintext-on-disk \
		"$(audit_get "$SHUNIT_TMPDIR/ns.json" /tmp protection)"
	assertEquals 'tmpfs type' tmpfs "$(audit_get "$SHUNIT_TMPDIR/ns.json" /tmp type)"
	assertEquals 'tmpfs device' null "$(audit_get "$SHUNIT_TMPDIR/ns.json" /tmp device)"
	assert_contains "$SHUNIT_TMPDIR/ns.json" "but swap $SWAPFILE is not encrypted"

	swapoff "$SWAPFILE"
	audit_in_private_tmp "$SHUNIT_TMPDIR/ns.json"
	if awk 'NR > 1 && $2 == "file"' /proc/swaps | grep -q .; then
		echo "audit_test: another swap file is active; tmpfs verdict not checked" >&2
	else
		assertEquals 'tmpfs with zram swap only' ram-only \
			"$(audit_get "$SHUNIT_TMPDIR/ns.json" /tmp protection)"
	fi
	assertEquals 'the host /tmp is untouched' "$(findmnt -n -o FSTYPE --target /tmp)" \
		"$(ephvol status --audit --json | jq -r '.audit[] | select(.path == "/tmp") | .type')"

	assert_exit 0 ephvol destroy aud1
}

# fwupd's "encrypted swap" check reads /proc/swaps at a fixed column, so it skips
# paths of 40 characters or more (the kernel pads shorter ones to 40), and an only
# swap area skipped is "no swap"; nor does it decode the kernel's escapes. A swap file
# at a long path with blanks and a backslash is one entry here, under its real name,
# plaintext-on-disk, and so is its metric.
testLongEscapedSwapPath() {
	local dir='/var/tmp/ephvol audit blind spot, a path longer than forty' f e n
	f="$dir/back\\slash swap"
	LONG_SWAP=$f
	mkdir -p "$dir" && dd if=/dev/zero of="$f" bs=1M count=8 status=none && chmod 600 "$f" &&
		mkswap -q "$f" >/dev/null && swapon "$f" || fail "cannot make a swap file at $f" || return
	assertTrue "a path of 60 characters or more: ${#f}" "[ ${#f} -ge 60 ]"
	# The kernel escapes the blanks and the backslash, after a single blank.
	e=$(awk 'NR > 1 && $2 == "file" && /blind/ { print $1 }' /proc/swaps)
	assertEquals 'as /proc/swaps has it' "${f//\\/\\134}" "${e//\\040/ }"
	assert_contains /proc/swaps 'blind\\040spot'

	assert_exit 0 ephvol status --audit --json || return
	n=$(awk 'NR > 1' /proc/swaps | wc -l)
	assertEquals 'one entry per swap area' "$n" \
		"$(jq '[.audit[] | select(.kind == "swap")] | length' "$STDOUT")"
	assertEquals 'entries for it' 1 "$(jq --arg p "$f" '[.audit[] | select(.path == $p)] | length' "$STDOUT")"
	assertEquals 'its type' file "$(audit_get "$STDOUT" "$f" type)"
	assertEquals 'its verdict' plaintext-on-disk "$(audit_get "$STDOUT" "$f" protection)"
	assert_exit 0 ephvol status --audit --format prometheus || return
	assertEquals 'swap areas' "$n" "$(awk '$1 == "ephvol_audit_swap_areas" { print $2 }' "$STDOUT")"
	# the label escapes the backslash itself
	assert_contains "$STDOUT" "^ephvol_audit_protected\\{kind=\"swap\",path=\"/var/tmp/ephvol audit blind spot, a path longer than forty/back\\\\\\\\slash swap\",device=\"/dev/[a-z0-9]+\",volume=\"\",protection=\"plaintext-on-disk\"\\} 0$"
}

# A /tmp on a plain disk: fwupd never looks at /tmp. In a mount namespace of its own,
# an ext4 (a loop device over a file) mounted on /tmp is plaintext-on-disk.
testTmpOnPlainDisk() {
	local img=/var/tmp/ephvol-audit-test-tmp.img
	TMP_IMG=$img
	truncate -s 32M "$img" && mkfs.ext4 -q -F "$img" || fail 'mkfs.ext4' || return
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	unshare -m --propagation private sh -c \
		'cd "$1" && mount -o loop "$2" /tmp && LD_LIBRARY_PATH=. ./ephvol status --audit --json &&
		LD_LIBRARY_PATH=. ./ephvol status --audit --format prometheus; r=$?; umount /tmp; exit $r' \
		sh "$BUILD" "$img" >"$SHUNIT_TMPDIR/out"
	assertEquals 'exit status' 0 "$?"
	sed -n '/^{/,/^}/p' "$SHUNIT_TMPDIR/out" >"$SHUNIT_TMPDIR/json"
	assertEquals '/tmp type' ext4 "$(audit_get "$SHUNIT_TMPDIR/json" /tmp type)"
	assertEquals '/tmp verdict' plaintext-on-disk "$(audit_get "$SHUNIT_TMPDIR/json" /tmp protection)"
	assert_contains "$SHUNIT_TMPDIR/json" '"device": "/dev/loop[0-9]+"'
	assert_contains "$SHUNIT_TMPDIR/out" '^ephvol_audit_protected\{kind="tmp",path="/tmp",device="/dev/loop[0-9]+",volume="",protection="plaintext-on-disk"\} 0$'
}

testTableOutput() {
	assert_exit 0 ephvol status --audit || return
	assert_contains "$STDOUT" '^KIND +PATH +TYPE +DEVICE +VOLUME +PROTECTION +REASON$'
	assert_contains "$STDOUT" '^tmp +/var/tmp '
	assert_exit 0 ephvol status --audit --noheadings --raw -o path,protection,cipher || return
	assert_not_contains "$STDOUT" 'PATH'
	assert_contains "$STDOUT" '^/tmp (encrypted|ram-only|plaintext-on-disk|unknown) $'
	assertEquals 'lines' "$(($(awk 'NR > 1' /proc/swaps | wc -l) + 2))" "$(wc -l <"$STDOUT")"
	assert_exit 0 ephvol status --audit -J -o KIND,path || return
	assertEquals 'chosen JSON keys' 'kind,path' "$(jq -r '.audit[0] | keys_unsorted | join(",")' "$STDOUT")"
}

testUsageErrors() {
	assert_exit 2 ephvol status --audit somename
	assert_one_line_stderr
	assert_contains "$STDERR" 'somename'
	assert_exit 2 ephvol status --audit -o path,name
	assert_one_line_stderr
	assert_contains "$STDERR" "at name"
	# status columns are not audit columns, and the other way round
	assert_exit 2 ephvol status -o reason
	assert_one_line_stderr
	assert_exit 0 ephvol status --help
	assert_contains "$STDOUT" '--audit'
}

# Without /proc/swaps there is no answer: exit 1 and one line, no half table.
testUnreadableState() {
	# shellcheck disable=SC2016 # $1 is the inner shell's
	unshare -m --propagation private sh -c \
		'mount -t tmpfs none /proc && LD_LIBRARY_PATH="$1" "$1/ephvol" status --audit' \
		sh "$BUILD" >"$STDOUT" 2>"$STDERR"
	assertEquals 'exit status' 1 "$?"
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot read the swap areas and mounts: '
	assertEquals 'no output' 0 "$(wc -c <"$STDOUT")"
}

# shellcheck source=/dev/null
. shunit2
