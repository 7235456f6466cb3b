#!/bin/bash
# writeback_test.sh - zram writeback through an ephemeral dm-crypt mapping, in
# the guest kernel (the host's zram has no CONFIG_ZRAM_WRITEBACK and the host
# has no device-mapper): a page written back leaves RAM, lands on the
# writeback disk as ciphertext only, and reads back intact; status shows the
# bytes written back; idle/huge/all modes, pages idle for a given age,
# writeback_limit, swap with
# writeback, refusals, and a teardown that wipes the writeback key.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

WB=/dev/vdb    # writeback partition
WB2=/dev/vdc   # second one (swap, refusals)
STORE=/mnt/wbstore # ext4 on /dev/vdd, holds writeback files

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	# Earlier suites in this boot leave their own data on the disks.
	local d
	for d in "$WB" "$WB2"; do
		wipefs -q -a "$d"
		dd if=/dev/zero of="$d" bs=1M count=2 oflag=direct status=none
	done
	mkdir -p "$STORE"
	mkfs.ext4 -q -F /dev/vdd && mount /dev/vdd "$STORE"
}

suite_oneTimeTearDown() {
	umount "$STORE" 2>/dev/null
	return 0
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# raw_count DEVICE PATTERN: lines of the device matching PATTERN, read with
# O_DIRECT so the page cache cannot answer for the disk.
raw_count() {
	dd if="$1" bs=1M iflag=direct status=none | grep -a -c -- "$2"
}

# page_with MARKER FILE: a 4 KiB page that starts with MARKER and is random
# after it, so it does not compress (zram stores it as a "huge" page).
page_with() {
	{
		printf '%s\n' "$1"
		head -c 4096 /dev/urandom
	} | head -c 4096 >"$2"
}

# zram_of NAME: zramN of the volume.
zram_of() {
	local dev
	dev=$(ephvol status --noheadings --raw -o device "$1")
	echo "${dev#/dev/}"
}

bd_count_bytes() {
	echo $(($(awk '{ print $1 }' "/sys/block/$1/bd_stat") * 4096))
}

testWritebackLeavesOnlyCiphertext() {
	local marker z page=$SHUNIT_TMPDIR/page dm=/dev/mapper/ephvol-wb1:writeback
	marker="EPHVOL-WB-MARKER-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
	assert_exit 0 ephvol create wb1 --raw --zram 64M --writeback "$WB" || return
	z=$(zram_of wb1)
	assertEquals 'zram writes back to our mapping' "$(readlink -f "$dm")" \
		"$(readlink -f "$(cat "/sys/block/$z/backing_dev")")"
	assert_exit 0 ephvol status --json wb1
	assertEquals 'writeback' "$dm" "$(json_get "$STDOUT" 'd["volumes"][0]["writeback"]')"
	assertEquals 'writeback_backing' "$WB" "$(json_get "$STDOUT" 'd["volumes"][0]["writeback_backing"]')"
	assertEquals 'writeback_bytes before' 0 "$(json_get "$STDOUT" 'd["volumes"][0]["writeback_bytes"]')"
	assertEquals 'protection' encrypted "$(json_get "$STDOUT" 'd["volumes"][0]["protection"]')"
	assertEquals 'key_location' keyring "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assertNotEquals 'cipher' None "$(json_get "$STDOUT" 'd["volumes"][0]["cipher"]')"
	assertTrue 'the writeback table has no key in it' \
		"dmsetup table --showkeys ephvol-wb1:writeback | grep -q ':logon:'"

	# The marker page and 15 more, then everything out of RAM.
	page_with "$marker" "$page"
	dd if="$page" of="/dev/$z" bs=4096 oflag=direct status=none
	head -c $((15 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 seek=1 oflag=direct status=none
	assert_exit 0 ephvol writeback wb1 --all
	assert_contains "$STDOUT" "^Volume wb1: wrote back 64K to $dm; 64K stored there\\.$"

	assert_exit 0 ephvol status --json wb1
	assertEquals 'writeback_bytes = bd_stat' "$(bd_count_bytes "$z")" \
		"$(json_get "$STDOUT" 'd["volumes"][0]["writeback_bytes"]')"
	assertEquals '16 pages written back' 65536 "$(bd_count_bytes "$z")"
	# On the mapping, decrypted, the page is there (so it really was written
	# back); on the disk below, it is not.
	assertEquals 'marker through the mapping' 1 "$(raw_count "$dm" "$marker")"
	assertEquals "marker on raw $WB" 0 "$(raw_count "$WB" "$marker")"
	# zram reads it back from the writeback device, intact.
	assertEquals 'page reads back' "$(md5sum <"$page")" \
		"$(dd if="/dev/$z" bs=4096 count=1 iflag=direct status=none | md5sum)"

	assert_exit 0 ephvol destroy wb1
	assert_contains "$STDOUT" "^Destroyed raw volume wb1: $z reset and removed, writeback key wiped, mapping ephvol-wb1:writeback removed\\.$"
	assertFalse 'mapping gone' "[ -e '$dm' ]"
	assertEquals "marker on raw $WB after destroy" 0 "$(raw_count "$WB" "$marker")"
}

testIdleModeTakesPagesUntouchedSinceTheLastRun() {
	local z
	assert_exit 0 ephvol create wb2 --raw --zram 32M --writeback "$WB" || return
	z=$(zram_of wb2)
	head -c $((8 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 oflag=direct status=none
	# First run: nothing was marked idle before, so nothing goes; it marks all.
	assert_exit 0 ephvol writeback wb2
	assert_contains "$STDOUT" '^Volume wb2: wrote back 0B to '
	# Touch (rewrite) two pages: they are not idle any more.
	head -c $((2 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 oflag=direct status=none
	assert_exit 0 ephvol writeback wb2 --idle
	assertEquals 'the 6 untouched pages went' $((6 * 4096)) "$(bd_count_bytes "$z")"
	# Incompressible pages are "huge": --huge takes the two left.
	assert_exit 0 ephvol writeback wb2 --huge
	assertEquals 'and the huge ones' $((8 * 4096)) "$(bd_count_bytes "$z")"
	assert_exit 0 ephvol destroy wb2
}

# --writeback-idle-age: --idle moves the pages unused for that long, and only
# those (Linux 6.1 tracks access times with CONFIG_ZRAM_MEMORY_TRACKING, 6.12
# with CONFIG_ZRAM_TRACK_ENTRY_ACTIME; Debian has both); what it moved is
# ciphertext on the disk and reads back intact.
testIdleAgeMovesOnlyOldPages() {
	local z old new p_old=$SHUNIT_TMPDIR/old p_new=$SHUNIT_TMPDIR/new
	local dm=/dev/mapper/ephvol-wb7:writeback
	old="EPHVOL-WB-OLD-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
	new="EPHVOL-WB-NEW-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
	assert_exit 0 ephvol create wb7 --raw --zram 32M --writeback "$WB" --writeback-idle-age 5s || return
	z=$(zram_of wb7)
	assert_exit 0 ephvol status --json wb7
	assertEquals 'writeback_idle_age' 5 "$(json_get "$STDOUT" 'd["volumes"][0]["writeback_idle_age"]')"
	# Four pages now, four more once the first are older than the age.
	page_with "$old" "$p_old"
	page_with "$new" "$p_new"
	dd if="$p_old" of="/dev/$z" bs=4096 oflag=direct status=none
	head -c $((3 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 seek=1 oflag=direct status=none
	sleep 8
	dd if="$p_new" of="/dev/$z" bs=4096 seek=4 oflag=direct status=none
	head -c $((3 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 seek=5 oflag=direct status=none
	assert_exit 0 ephvol writeback wb7
	assert_not_contains "$STDERR" 'does not track'
	assertEquals 'only the 4 old pages went' $((4 * 4096)) "$(bd_count_bytes "$z")"
	assertEquals 'old marker through the mapping' 1 "$(raw_count "$dm" "$old")"
	assertEquals 'new marker not written back' 0 "$(raw_count "$dm" "$new")"
	assertEquals "old marker on raw $WB" 0 "$(raw_count "$WB" "$old")"
	assertEquals "new marker on raw $WB" 0 "$(raw_count "$WB" "$new")"
	assert_exit 0 ephvol status --json wb7
	assertEquals 'writeback_written' 16384 "$(json_get "$STDOUT" 'd["volumes"][0]["writeback_written"]')"
	assertEquals 'old page reads back' "$(md5sum <"$p_old")" \
		"$(dd if="/dev/$z" bs=4096 count=1 iflag=direct status=none | md5sum)"
	assertEquals 'new page reads back' "$(md5sum <"$p_new")" \
		"$(dd if="/dev/$z" bs=4096 skip=4 count=1 iflag=direct status=none | md5sum)"
	assert_exit 0 ephvol destroy wb7
	assertEquals "old marker on raw $WB after destroy" 0 "$(raw_count "$WB" "$old")"
}

testWritebackFileWithLimit() {
	local z img=$STORE/wb.img
	rm -f "$img"
	assert_exit 0 ephvol create wb3 --raw --zram 16M --writeback "$img" --writeback-limit 8K || return
	assertEquals 'writeback file made as large as zram' 16777216 "$(stat -c %s "$img")"
	z=$(zram_of wb3)
	assertEquals 'limit enabled' 1 "$(cat "/sys/block/$z/writeback_limit_enable")"
	assertEquals 'limit in 4K units' 2 "$(cat "/sys/block/$z/writeback_limit")"
	assert_exit 0 ephvol status --json wb3
	assertEquals 'writeback_backing is the file' "$img" \
		"$(json_get "$STDOUT" 'd["volumes"][0]["writeback_backing"]')"
	head -c $((4 * 4096)) /dev/urandom | dd of="/dev/$z" bs=4096 oflag=direct status=none
	assert_exit 0 ephvol writeback wb3 --all
	assert_contains "$STDERR" 'writeback limit is reached'
	assertEquals 'only the limit went' 8192 "$(bd_count_bytes "$z")"
	assert_exit 0 ephvol destroy wb3
	assert_contains "$STDOUT" 'writeback key wiped, mapping ephvol-wb3:writeback removed, /dev/loop[0-9]+ released\.$'
	assertTrue 'the writeback file stays' "[ -f '$img' ]"
	rm -f "$img"
}

testSwapWithWriteback() {
	local z
	assert_exit 0 ephvol create wb4 --swap --zram 32M --writeback "$WB2" --priority 50 || return
	z=$(zram_of wb4)
	assertEquals 'active swap' "/dev/$z partition 50" \
		"$(awk -v d="/dev/$z" '$1 == d { print $1, $2, $5 }' /proc/swaps)"
	assert_exit 0 ephvol status --noheadings --raw -o name,protection wb4
	assertEquals 'status' 'wb4 encrypted' "$(cat "$STDOUT")"
	assert_exit 0 ephvol destroy wb4
	assert_contains "$STDOUT" '^Destroyed swap volume wb4: swap off, '
}

testWritebackRefusalsLeaveNothing() {
	local sum
	mkfs.ext4 -q -F "$WB2"
	sum=$(dd if="$WB2" bs=1M count=4 iflag=direct status=none | md5sum)
	assert_exit 3 ephvol create wb5 --swap --zram 16M --writeback "$WB2"
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol: Refusing to use $WB2: it holds ext4"
	assertEquals 'disk unchanged' "$sum" "$(dd if="$WB2" bs=1M count=4 iflag=direct status=none | md5sum)"
	wipefs -q -a "$WB2"
	# A cipher the kernel does not have: exit 2 before anything is built.
	assert_exit 2 ephvol create wb5 --swap --zram 16M --writeback "$WB2" --cipher serpent-foo-plain64
	assert_one_line_stderr
	# Writeback on a volume without it.
	assert_exit 0 ephvol create wb6 --swap --zram 16M || return
	assert_exit 2 ephvol writeback wb6
	assert_one_line_stderr
	assert_exit 0 ephvol destroy wb6
}

# Without libcryptsetup (the writeback key's memory): one line that names it, and the
# zram device and the writeback file it made are gone again (suite_tearDown).
testWritebackWithoutLibcryptsetupLeavesNothing() {
	local img=$STORE/nolib.img
	rm -f "$img"
	assert_exit 1 ephvol_without libcryptsetup.so.12 create wb9 --swap --zram 16M --writeback "$img"
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Cannot load libcryptsetup\.so\.12 \(needed for dm-crypt volumes\): .+'
	assertFalse 'the writeback file it made is gone' "[ -e '$img' ]"
}

# A step after the writeback mapping fails (mkfs.xfs refuses a 16M device): the
# rollback removes zram, then the mapping, then the writeback file it made;
# suite_tearDown proves nothing else is left.
testFailureAfterTheWritebackMappingLeavesNothing() {
	local img=$STORE/wbfail.img mnt=$SHUNIT_TMPDIR/wbfail
	rm -f "$img"
	mkdir -p "$mnt"
	assert_exit 1 ephvol create wb8 --mount "$mnt" --fs xfs --zram 16M --writeback "$img"
	assert_contains "$STDERR" 'Failed to format /dev/zram[0-9]+ as xfs'
	assertFalse 'no mapping left' '[ -e /dev/mapper/ephvol-wb8:writeback ]'
	assertFalse 'the writeback file it made is gone' "[ -e '$img' ]"
	assertFalse 'no record left' '[ -e /run/ephvol/zram/wb8 ]'
}

testWritebackKeyWipedAfterZramResetByHand() {
	local z
	assert_exit 0 ephvol create wb7 --raw --zram 16M --writeback "$WB" || return
	z=$(zram_of wb7)
	# Someone resets the zram device behind ephvol's back: the volume is gone,
	# but its writeback mapping (and key) must not outlive it. status says so.
	echo 1 >"/sys/block/$z/reset"
	echo "${z#zram}" >/sys/class/zram-control/hot_remove
	assert_exit 0 ephvol status --noheadings --raw -o name,writeback,state wb7
	assertEquals 'status' 'wb7 /dev/mapper/ephvol-wb7:writeback incomplete' "$(cat "$STDOUT")"
	assert_exit 0 ephvol status --json wb7
	assertEquals 'no device' None "$(json_get "$STDOUT" 'd["volumes"][0]["device"]')"
	assert_exit 0 ephvol destroy wb7
	assert_contains "$STDOUT" '^Destroyed what was left of volume wb7: writeback key wiped, mapping ephvol-wb7:writeback removed, stale zram record removed\.$'
	assertFalse 'mapping gone' '[ -e /dev/mapper/ephvol-wb7:writeback ]'
}

# shellcheck source=/dev/null
. shunit2
