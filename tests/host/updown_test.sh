#!/bin/bash
# updown_test.sh - `ephvol up` / `ephvol down` on the host kernel (zram): the
# configured volumes are built once, however often up runs, and down leaves
# nothing, however often it runs. The configuration is read below --root.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/run/ephvol-test-updown

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	ROOT=$SHUNIT_TMPDIR/root
	rm -rf "$ROOT"
	mkdir -p "$ROOT/etc"
	cat >"$ROOT/etc/ephvol.conf" <<-EOF
		[ud-swap]
		role = swap
		size = 32M
		priority = 7

		[ud-tmp]
		role = tmp
		mount = $MNT
		size = 32M
		mode = 1770
		owner = 12:34
	EOF
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	ephvol destroy ud-swap ud-tmp ud-other >/dev/null 2>&1
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

suite_oneTimeTearDown() {
	rmdir "$MNT" 2>/dev/null
	return 0
}

swap_dev() { ephvol status -o device --noheadings ud-swap | tr -d ' '; }

testUpBuildsEveryVolumeOnce() {
	local dev
	assert_exit 0 ephvol up --root "$ROOT" || return
	assert_contains "$STDOUT" '^Created swap volume ud-swap on /dev/zram[0-9]+\.$'
	assert_contains "$STDOUT" "^Created tmp volume ud-tmp on /dev/zram[0-9]+\\.$"
	dev=$(swap_dev)
	assertEquals 'swap at the configured priority' "$dev 7" \
		"$(awk -v d="$dev" '$1 == d { print $1, $5 }' /proc/swaps)"
	assertEquals 'tmp mode and owner' '1770 12:34' "$(stat -c '%a %u:%g' "$MNT")"

	# Again: nothing changes, and it says so.
	state_snapshot "$SHUNIT_TMPDIR/up"
	assert_exit 0 ephvol up --root "$ROOT"
	assert_contains "$STDOUT" '^Volume ud-swap is already up\.$'
	assert_contains "$STDOUT" '^Volume ud-tmp is already up\.$'
	assert_state_unchanged "$SHUNIT_TMPDIR/up"
	assertEquals 'same swap device' "$dev" "$(swap_dev)"

	assert_exit 0 ephvol down --root "$ROOT"
	# Reverse order of the configuration.
	assertEquals 'down order' 'ud-tmp ud-swap' \
		"$(sed -n 's/^Destroyed [a-z]* volume \([^:]*\):.*/\1/p' "$STDOUT" | xargs)"
	assert_exit 0 ephvol down --root "$ROOT"
	assert_contains "$STDOUT" '^Volume ud-swap is already down\.$'
	assert_contains "$STDOUT" '^Volume ud-tmp is already down\.$'
}

testUpAndDownByName() {
	assert_exit 0 ephvol up --root "$ROOT" ud-swap || return
	assertFalse 'ud-tmp left alone' "ephvol status ud-tmp >/dev/null 2>&1"
	assert_exit 0 ephvol down --root "$ROOT" ud-tmp
	assert_contains "$STDOUT" '^Volume ud-tmp is already down\.$'
	assertTrue 'ud-swap still there' "ephvol status ud-swap >/dev/null 2>&1"
	assert_exit 0 ephvol down --root "$ROOT" ud-swap
	assertFalse 'ud-swap gone' "ephvol status ud-swap >/dev/null 2>&1"
}

testNoActivateFormatsOnly() {
	local dev
	assert_exit 0 ephvol up --root "$ROOT" --no-activate || return
	assert_contains "$STDOUT" '^Prepared swap volume ud-swap on /dev/zram[0-9]+; not activated\.$'
	dev=$(swap_dev)
	assert_not_contains /proc/swaps "^$dev "
	assertEquals 'formatted as swap' swap "$(blkid -p -o value -s TYPE "$dev")"
	assertFalse 'tmp not mounted' "mountpoint -q $MNT"
	# The mode and owner are already on the file system's root, for the .mount unit.
	mount "/dev/ephvol/ud-tmp" "$MNT" 2>/dev/null ||
		mount "$(ephvol status -o device --noheadings ud-tmp | tr -d ' ')" "$MNT"
	assertEquals 'root of the prepared fs' '1770 12:34' "$(stat -c '%a %u:%g' "$MNT")"
	umount "$MNT"
	assertFalse 'no mount left where it was prepared' "grep -q ' /run/ephvol/.prepare' /proc/self/mountinfo"
	assert_exit 0 ephvol down --root "$ROOT"
}

testProbeNamesZramVolume() {
	local dev
	assert_exit 0 ephvol up --root "$ROOT" ud-swap || return
	dev=$(swap_dev)
	assert_exit 0 ephvol probe "$dev"
	assertEquals 'udev property' "EPHVOL_NAME=ud-swap" "$(cat "$STDOUT")"
	assert_exit 0 ephvol down --root "$ROOT" ud-swap
	# A zram device that is not a volume: no properties, exit 1 (udev ignores it).
	if [ -e /dev/zram0 ] && ! ephvol status -o device --noheadings | grep -q '/dev/zram0$'; then
		assert_exit 1 ephvol probe /dev/zram0
		assertEquals 'nothing printed' '' "$(cat "$STDOUT")"
	fi
}

testUnconfiguredNameIsUsageError() {
	assert_exit 2 ephvol up --root "$ROOT" ud-swap nosuch
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume nosuch is not configured'
	# Checked before anything was built: ud-swap is not there either.
	assertFalse 'nothing built' "ephvol status ud-swap >/dev/null 2>&1"
}

testConfigErrorNamesFileAndLine() {
	printf '[bad]\nrole = swap\nsise = 1G\n' >"$ROOT/etc/ephvol.conf"
	assert_exit 2 ephvol up --root "$ROOT"
	assert_one_line_stderr
	assert_contains "$STDERR" "/etc/ephvol.conf:3: unknown key 'sise' in \\[bad\\]"
	assert_exit 2 ephvol down --root "$ROOT"
	assert_one_line_stderr
}

testOneBadVolumeDoesNotStopTheOthers() {
	cat >>"$ROOT/etc/ephvol.conf" <<-EOF

		[ud-other]
		role = raw
		size = 32M
		comp-algorithm = no-such-compressor
	EOF
	assert_exit 2 ephvol up --root "$ROOT"
	assert_contains "$STDERR" "no-such-compressor"
	assertTrue 'ud-swap built' "ephvol status ud-swap >/dev/null 2>&1"
	assertTrue 'ud-tmp built' "ephvol status ud-tmp >/dev/null 2>&1"
	assertFalse 'ud-other not built' "ephvol status ud-other >/dev/null 2>&1"
	assert_exit 0 ephvol down --root "$ROOT"
}

testDownDestroysNamedVolumeWithoutConfig() {
	assert_exit 0 ephvol create ud-other --raw --zram 16M || return
	rm "$ROOT/etc/ephvol.conf"
	assert_exit 0 ephvol down --root "$ROOT" ud-other
	assert_contains "$STDOUT" '^Destroyed raw volume ud-other'
	# Broken configuration: still destroyed (shutdown must wipe keys), with a warning.
	assert_exit 0 ephvol create ud-other --raw --zram 16M || return
	printf '[x\n' >"$ROOT/etc/ephvol.conf"
	assert_exit 0 ephvol down --root "$ROOT" ud-other
	assert_contains "$STDERR" 'Not reading the configuration'
	assertFalse 'ud-other gone' "ephvol status ud-other >/dev/null 2>&1"
}

testExistingVolumeOnOtherBackendIsAnError() {
	assert_exit 0 ephvol create ud-swap --swap --zram 16M || return
	sed -i 's/^size = 32M$/file = \/nonexistent\/ud.img\nsize = 32M/' "$ROOT/etc/ephvol.conf"
	assert_exit 1 ephvol up --root "$ROOT" ud-swap
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume ud-swap is up on zram, but it is configured on disk'
	assert_exit 0 ephvol destroy ud-swap
}

testUsage() {
	assert_exit 2 ephvol down --no-activate
	assert_one_line_stderr
	assert_exit 2 ephvol up 'bad/name'
	assert_one_line_stderr
	assert_exit 0 ephvol up --help
	assert_contains "$STDOUT" '^Usage: ephvol up'
}

# shellcheck source=/dev/null
. shunit2
