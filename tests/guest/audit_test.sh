#!/bin/bash
# audit_test.sh - `ephvol status --audit` on a real kernel with dm-crypt, over a mixed
# system: an ephvol disk swap (dm-crypt on vda), an ephvol zram tmp at /var/tmp, a
# plain dm-crypt swap made by hand with cryptsetup, a swap file on a plain ext4, a
# zram swap that writes back to a plain partition, and the guest's tmpfs /tmp, which
# the plaintext swap areas make plaintext-on-disk. Then the blind spots of fwupd's
# check, each on its own: an only swap at a long path, a cipher_null swap; and the
# keys the kernel holds, as ephvol_keys_live counts them. The metrics of each
# (--format prometheus) must pass promtool. Run with at least three disks:
#     tests/vm/run -d 3 tests/guest/audit_test.sh
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

DISK=/dev/vda  # ephvol's disk swap
PARTS=/dev/vdb # 1: cryptsetup plain swap, 2: ext4 with a swap file, 3: zram writeback
STORE=/mnt/audit-store
SWAPFILE=$STORE/swapfile
ZRAM_ID= # the zram device made by hand, with writeback to ${PARTS}3
LONG=    # a swap file at a long path
WB=/dev/vdc # ephvol's zram writeback

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	require_dm || return 1
	command -v jq >/dev/null || fail 'needs jq' || return 1
	command -v promtool >/dev/null || fail 'needs promtool' || return 1
	install_udev_rules || return 1
	# Earlier suites in this boot leave their data on the disks.
	local d
	for d in "$DISK" "$PARTS" "$WB"; do
		wipefs -q -a "$d"
		dd if=/dev/zero of="$d" bs=1M count=4 oflag=direct status=none
	done
	mkdir -p "$STORE"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

# Everything the test may have set up, in reverse order, whether it got that far or not.
cleanup() {
	if [ -n "$ZRAM_ID" ]; then
		swapoff "/dev/zram$ZRAM_ID" 2>/dev/null
		echo 1 >"/sys/block/zram$ZRAM_ID/reset" 2>/dev/null
		echo "$ZRAM_ID" >/sys/class/zram-control/hot_remove 2>/dev/null
		ZRAM_ID=
	fi
	swapoff "$SWAPFILE" 2>/dev/null
	[ -n "$LONG" ] && swapoff "$LONG" 2>/dev/null
	LONG=
	swapoff /dev/mapper/audnull 2>/dev/null
	# udev's probe after the swapoff may still hold the mapping.
	if dmsetup info audnull >/dev/null 2>&1; then
		udevadm settle
		dmsetup remove --retry audnull 2>/dev/null
	fi
	ephvol destroy akeys azw >/dev/null 2>&1
	umount "$STORE" 2>/dev/null
	swapoff /dev/mapper/audplain 2>/dev/null
	cryptsetup close audplain 2>/dev/null
	ephvol destroy adisk atmp >/dev/null 2>&1
	# No partitions and no plaintext left for the suites after this one: the swap
	# file and the zram writeback wrote swap signatures and pages in the clear,
	# which disk_test's raw scans of this disk would find.
	if [ -e "${PARTS}1" ]; then
		wipefs -q -a "${PARTS}2" 2>/dev/null
		wipefs -q -a "$PARTS"
		blkdiscard --zeroout "$PARTS"
		blockdev --rereadpt "$PARTS"
		udevadm settle
	fi
}

suite_tearDown() {
	cleanup
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

suite_oneTimeTearDown() {
	cleanup
	rmdir "$STORE" 2>/dev/null
	return 0
}

# audit_get FILE PATH FIELD: FIELD of the audit entry for PATH ("null" for null).
audit_get() {
	jq -r --arg p "$2" --arg f "$3" '.audit[] | select(.path == $p) | .[$f] // "null"' "$1"
}

# assert_entry FILE PATH TYPE DEVICE VOLUME PROTECTION REASON-ERE
assert_entry() {
	local f=$1 p=$2
	assertEquals "$p: entries" 1 "$(jq --arg p "$p" '[.audit[] | select(.path == $p)] | length' "$f")"
	assertEquals "$p: type" "$3" "$(audit_get "$f" "$p" type)"
	assertEquals "$p: device" "$4" "$(audit_get "$f" "$p" device)"
	assertEquals "$p: volume" "$5" "$(audit_get "$f" "$p" volume)"
	assertEquals "$p: protection" "$6" "$(audit_get "$f" "$p" protection)"
	if ! audit_get "$f" "$p" reason | grep -Eq -- "$7"; then
		fail "$p: reason '$(audit_get "$f" "$p" reason)' does not match /$7/"
	fi
}

# kname DEVICE: the kernel name behind a device path (dm-3 for /dev/mapper/x).
kname() {
	basename "$(readlink -f "$1")"
}

setup_partitions() {
	printf 'label: dos\n,96M\n,96M\n,32M\n' | sfdisk -q "$PARTS" || return 1
	udevadm settle
	[ -b "${PARTS}3" ] || return 1
	mkfs.ext4 -q -F "${PARTS}2" && mount "${PARTS}2" "$STORE"
}

testMixedSystem() {
	local disk_dev plain_dev cipher zram_dev tmp_dev
	setup_partitions || {
		fail "cannot partition $PARTS"
		return
	}

	# ephvol's own: a disk swap and a zram tmp on /var/tmp
	assert_exit 0 ephvol create adisk --swap --device "$DISK" || return
	assert_exit 0 ephvol create atmp --mount /var/tmp --zram 64M || return
	disk_dev=/dev/$(kname /dev/mapper/ephvol-adisk)
	tmp_dev=$(ephvol status --noheadings --raw -o device atmp)

	# By hand: a plain dm-crypt swap with a throwaway key...
	cryptsetup open --type plain --key-file /dev/urandom --key-size 256 "${PARTS}1" audplain ||
		fail 'cryptsetup open' || return
	mkswap -q /dev/mapper/audplain >/dev/null && swapon /dev/mapper/audplain ||
		fail 'swapon audplain' || return
	plain_dev=/dev/$(kname /dev/mapper/audplain)
	# ... a swap file on a plain ext4 ...
	dd if=/dev/zero of="$SWAPFILE" bs=1M count=16 status=none && chmod 600 "$SWAPFILE" &&
		mkswap -q "$SWAPFILE" >/dev/null && swapon "$SWAPFILE" || fail 'swap file' || return
	# ... and a zram swap that writes back to a plain partition.
	ZRAM_ID=$(cat /sys/class/zram-control/hot_add) || fail 'zram hot_add' || return
	zram_dev=/dev/zram$ZRAM_ID
	echo "${PARTS}3" >"/sys/block/zram$ZRAM_ID/backing_dev" &&
		echo 32M >"/sys/block/zram$ZRAM_ID/disksize" && mkswap -q "$zram_dev" >/dev/null &&
		swapon "$zram_dev" || fail 'zram with writeback' || return

	assert_exit 0 ephvol status --json || return
	jq -e . "$STDOUT" >/dev/null || fail 'status --json is not JSON'
	assertEquals 'status: adisk' encrypted \
		"$(jq -r '.volumes[] | select(.name == "adisk") | .protection' "$STDOUT")"
	assertEquals 'status: atmp' ram-only \
		"$(jq -r '.volumes[] | select(.name == "atmp") | .protection' "$STDOUT")"

	assert_exit 0 ephvol status --audit --json || return
	cp "$STDOUT" "$SHUNIT_TMPDIR/audit.json"
	jq -e . "$SHUNIT_TMPDIR/audit.json" >/dev/null || fail 'status --audit --json is not JSON'
	assertEquals 'swap entries: one per /proc/swaps line' "$(awk 'NR > 1' /proc/swaps | wc -l)" \
		"$(jq '[.audit[] | select(.kind == "swap")] | length' "$SHUNIT_TMPDIR/audit.json")"

	assert_entry "$SHUNIT_TMPDIR/audit.json" "$disk_dev" partition "$disk_dev" adisk encrypted \
		"^dm-crypt \(PLAIN\) on $(kname "$DISK")\$"
	assert_entry "$SHUNIT_TMPDIR/audit.json" "$plain_dev" partition "$plain_dev" null encrypted \
		"^dm-crypt \(PLAIN\) on $(kname "${PARTS}1")\$"
	assert_entry "$SHUNIT_TMPDIR/audit.json" "$SWAPFILE" file "${PARTS}2" null \
		plaintext-on-disk "^file on ext4 on $(kname "${PARTS}2"), not encrypted\$"
	assert_entry "$SHUNIT_TMPDIR/audit.json" "$zram_dev" partition "$zram_dev" null \
		plaintext-on-disk "^zram writeback to $(kname "${PARTS}3"), not encrypted\$"
	assert_entry "$SHUNIT_TMPDIR/audit.json" /var/tmp ext4 "$tmp_dev" atmp ram-only \
		'^ext4 on zram[0-9]+ in RAM$'
	assert_entry "$SHUNIT_TMPDIR/audit.json" /tmp tmpfs null null plaintext-on-disk \
		'^tmpfs in RAM, but swap .* is not encrypted$'

	# The ciphers, from device-mapper: as the kernel's tables say.
	cipher=$(dmsetup table audplain | awk '{ print $4 }')
	assertEquals 'plain cipher' "$cipher" "$(audit_get "$SHUNIT_TMPDIR/audit.json" "$plain_dev" cipher)"
	cipher=$(ephvol status --noheadings --raw -o cipher adisk)
	assertEquals 'ephvol cipher' "$cipher" "$(audit_get "$SHUNIT_TMPDIR/audit.json" "$disk_dev" cipher)"
	assertNotEquals 'ephvol cipher known' '' "$cipher"
	assertEquals 'no cipher without dm-crypt' null \
		"$(audit_get "$SHUNIT_TMPDIR/audit.json" "$SWAPFILE" cipher)"

	# Without the plaintext swap areas, tmpfs pages can only go to encrypted swap.
	swapoff "$SWAPFILE" && swapoff "$zram_dev" || fail 'swapoff' || return
	assert_exit 0 ephvol status --audit --json || return
	assertEquals '/tmp with encrypted swap only' ram-only "$(audit_get "$STDOUT" /tmp protection)"
	assertEquals '/tmp reason' 'tmpfs in RAM, swap encrypted' "$(audit_get "$STDOUT" /tmp reason)"
	assert_exit 0 ephvol status --audit || return
	assert_contains "$STDOUT" "^swap +$plain_dev +partition +$plain_dev +encrypted +dm-crypt \(PLAIN\)"
}

# prometheus FILE: the metrics, which promtool finds clean.
prometheus() {
	ephvol status --audit --format prometheus >"$1" || fail 'status --format prometheus' || return
	assert_promtool_clean "$1"
}

# fwupd's check (a fixed column of /proc/swaps) skips a path of 40 characters or more,
# and passes a machine whose only swap it skipped as "no swap". Here that only swap, a
# file at a long path with blanks on a plain ext4, is the one swap entry, under its
# real name, plaintext-on-disk.
testOnlySwapAtALongPath() {
	local f=$SHUNIT_TMPDIR/m.prom
	assertEquals 'no swap area before' 1 "$(wc -l </proc/swaps)"
	setup_partitions || fail "cannot partition $PARTS" || return
	LONG="$STORE/a directory with blanks, whose path is long/swap file"
	mkdir -p "${LONG%/*}" && dd if=/dev/zero of="$LONG" bs=1M count=16 status=none &&
		chmod 600 "$LONG" && mkswap -q "$LONG" >/dev/null && swapon "$LONG" ||
		fail 'swap file' || return
	assertTrue "60 characters or more: ${#LONG}" "[ ${#LONG} -ge 60 ]"

	assert_exit 0 ephvol status --audit --json || return
	assertEquals 'swap entries' 1 "$(jq '[.audit[] | select(.kind == "swap")] | length' "$STDOUT")"
	assert_entry "$STDOUT" "$LONG" file "${PARTS}2" null plaintext-on-disk \
		"^file on ext4 on $(kname "${PARTS}2"), not encrypted\$"
	prometheus "$f"
	assertEquals 'swap areas' 1 "$(prom_sample "$f" ephvol_audit_swap_areas)"
	assertEquals 'its metric' 0 "$(prom_sample "$f" "ephvol_audit_protected{kind=\"swap\",path=\"$LONG\",device=\"${PARTS}2\",volume=\"\",protection=\"plaintext-on-disk\"}")"
}

# dm-crypt with cipher_null stores plaintext: fwupd counts any CRYPT- uuid as
# encrypted. A swap on such a mapping, made with the uuid cryptsetup would give it, is
# plaintext-on-disk, and so is the tmpfs /tmp whose pages can go there.
testCipherNullIsNotEncrypted() {
	local f=$SHUNIT_TMPDIR/m.prom dev
	setup_partitions || fail "cannot partition $PARTS" || return
	dmsetup create audnull --uuid CRYPT-PLAIN-audnull \
		--table "0 $(blockdev --getsz "${PARTS}1") crypt cipher_null-ecb - 0 ${PARTS}1 0" &&
		mkswap -q /dev/mapper/audnull >/dev/null && swapon /dev/mapper/audnull ||
		fail 'cipher_null swap' || return
	dev=/dev/$(kname /dev/mapper/audnull)

	assert_exit 0 ephvol status --audit --json || return
	assert_entry "$STDOUT" "$dev" partition "$dev" null plaintext-on-disk \
		"^dm-crypt \(PLAIN\) on $(kname "${PARTS}1") with cipher_null, not encrypted\$"
	assertEquals 'its cipher' cipher_null-ecb "$(audit_get "$STDOUT" "$dev" cipher)"
	assertEquals '/tmp' plaintext-on-disk "$(audit_get "$STDOUT" /tmp protection)"
	prometheus "$f"
	assertEquals 'its metric' 0 "$(prom_sample "$f" "ephvol_audit_protected{kind=\"swap\",path=\"$dev\",device=\"$dev\",volume=\"\",protection=\"plaintext-on-disk\"}")"
}

# ephvol_keys_live counts what the kernel holds, from the tables: a disk swap's key and
# a zram writeback's; a destroy stopped after the suspend (the key still there) and one
# stopped after the key wipe (zeros in the table) tell apart.
testKeysLive() {
	local f=$SHUNIT_TMPDIR/m.prom cipher
	assert_exit 0 ephvol create akeys --swap --device "$DISK" || return
	assert_exit 0 ephvol create azw --swap --zram 32M --writeback "$WB" || return
	prometheus "$f"
	assertEquals 'disk key' 1 "$(prom_sample "$f" 'ephvol_volume_keys_live{name="akeys"}')"
	assertEquals 'writeback key' 1 "$(prom_sample "$f" 'ephvol_volume_keys_live{name="azw"}')"
	assertEquals 'keys' 2 "$(prom_sample "$f" ephvol_keys_live)"
	assertEquals 'writeback encrypted' 1 "$(prom_sample "$f" 'ephvol_zram_writeback_encrypted{name="azw"}')"
	cipher=$(ephvol status --noheadings --raw -o cipher akeys)
	assertEquals 'info' 1 "$(prom_sample "$f" "ephvol_volume_info{name=\"akeys\",backend=\"disk\",role=\"swap\",cipher=\"$cipher\",key_location=\"keyring\"}")"

	# as a destroy killed between its suspend and its key wipe leaves it
	swapoff /dev/mapper/ephvol-akeys && dmsetup suspend ephvol-akeys || fail 'suspend' || return
	prometheus "$f"
	assertEquals 'suspended' 1 "$(prom_sample "$f" 'ephvol_volume_state{name="akeys",state="suspended"}')"
	assertEquals 'suspended, key still there' 1 "$(prom_sample "$f" 'ephvol_volume_keys_live{name="akeys"}')"
	assertEquals 'keys' 2 "$(prom_sample "$f" ephvol_keys_live)"
	# ... and after the wipe
	dmsetup message ephvol-akeys 0 key wipe || fail 'key wipe' || return
	prometheus "$f"
	assertEquals 'wiped' 0 "$(prom_sample "$f" 'ephvol_volume_keys_live{name="akeys"}')"
	assertEquals 'keys' 1 "$(prom_sample "$f" ephvol_keys_live)"
	assert_exit 0 ephvol destroy akeys
	assert_exit 0 ephvol destroy azw
	prometheus "$f"
	assertEquals 'none left' 0 "$(prom_sample "$f" ephvol_keys_live)"
	assert_not_contains "$f" '^ephvol_volume_'
}

# shellcheck source=/dev/null
. shunit2
