#!/bin/bash
# integrity_test.sh - authenticated volumes (--integrity aead) in the guest kernel:
# dm-crypt in AEAD mode over dm-integrity, both keys ephemeral. A swap and a tmp work
# under load (swap in and out under a cgroup's memory limit; files read back, e2fsck
# clean) without one authentication error in the kernel's log; a byte flipped in the
# ciphertext on the raw backing, or a sector's ciphertext and tag copied to another,
# is refused with an error, where a volume without integrity hands back altered
# plaintext; destroy leaves neither mapping nor key, also --lazy once the last user
# goes. (Kills at each of its steps: integrity_crash_test.sh.)
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/integrity
STORE=/mnt/integrity-store # ext4 on /dev/vdd, holds a backing file
CG=/sys/fs/cgroup/ephvol-integrity

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	mkdir -p "$MNT" "$STORE"
	mkfs.ext4 -q -F /dev/vdd && mount /dev/vdd "$STORE" || return 1
	# A small partition for the raw tests: the whole of it is compared before and
	# after each write, to find where the data and the tag of a block landed.
	printf 'label: gpt\nsize=16MiB\n' | sfdisk -q /dev/vdc >/dev/null || return 1
	udevadm settle
	[ -b /dev/vdc1 ] || fail 'no /dev/vdc1' || return 1
	# ephvol refuses a device with signatures: the GPT is on vdc, not in vdc1.
	wipefs -q -a /dev/vdc1
}

# The suites after this one find the disks as the harness gave them.
suite_oneTimeTearDown() {
	umount "$STORE" 2>/dev/null
	wipefs -q -a /dev/vdc1 /dev/vdc /dev/vdd 2>/dev/null
	blockdev --rereadpt /dev/vdc 2>/dev/null
	udevadm settle
	return 0
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
	AEAD_ERRORS_BEFORE=$(aead_errors)
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# The kernel's authentication failures so far (dm-crypt logs each).
aead_errors() {
	dmesg | grep -c 'INTEGRITY AEAD ERROR' || true
}

assert_no_new_aead_errors() {
	assertEquals "$1: authentication errors in the kernel log ($(dmesg | grep 'INTEGRITY AEAD ERROR' | tail -n 8 | tr '\n' ';'))" \
		"$AEAD_ERRORS_BEFORE" "$(aead_errors)"
}

# The tables of volume NAME: crypt in AEAD mode over its integrity mapping in
# direct mode (no journal), the key named in the keyring, never in the table.
assert_aead_tables() {
	local name=$1 cipher=$2 tag=$3 crypt integ
	crypt=$(dmsetup table "ephvol-$name")
	integ=$(dmsetup table "ephvol-$name:integrity")
	echo "$crypt" >"$SHUNIT_TMPDIR/crypt.table"
	echo "$integ" >"$SHUNIT_TMPDIR/integ.table"
	assert_contains "$SHUNIT_TMPDIR/crypt.table" \
		"^0 [0-9]+ crypt $cipher-random :[0-9]+:logon:ephvol:ephvol-$name 0 "
	assert_contains "$SHUNIT_TMPDIR/crypt.table" " integrity:$tag:aead"
	assert_contains "$SHUNIT_TMPDIR/integ.table" "^0 [0-9]+ integrity [0-9]+:[0-9]+ 0 $tag D "
	assertEquals 'the crypt mapping spans the integrity mapping' \
		"$(echo "$integ" | awk '{ print $2 }')" "$(echo "$crypt" | awk '{ print $2 }')"
	assertEquals 'the crypt mapping sits on the integrity mapping' \
		"$(dmsetup info -c --noheadings -o major,minor --separator : "ephvol-$name:integrity")" \
		"$(echo "$crypt" | awk '{ print $7 }')"
}

testSwapUnderMemoryPressure() {
	local before_out before_in
	assert_exit 0 ephvol create is1 --swap --device /dev/vda --integrity aead \
		--cipher aes-gcm-random || return
	assert_aead_tables is1 'capi:gcm\(aes\)' 28
	assert_no_new_aead_errors 'create'
	grep -q '^/dev/dm-' /proc/swaps || fail 'swap not active'
	# status: the cipher as dm-crypt has it, the integrity as create names it, the
	# partition below both mappings.
	assert_exit 0 ephvol status --raw --noheadings -o name,role,cipher,key_bits,integrity,backing is1
	assertEquals 'status' 'is1 swap capi:gcm(aes)-random 256 aead:aes-gcm-random /dev/vda' "$(cat "$STDOUT")"
	assert_exit 0 ephvol status --json is1
	assertEquals 'integrity in JSON' aead:aes-gcm-random "$(json_get "$STDOUT" 'd["volumes"][0]["integrity"]')"
	assertEquals 'protection' encrypted "$(json_get "$STDOUT" 'd["volumes"][0]["protection"]')"
	assert_exit 0 ephvol status --audit --json
	assertEquals 'the audit: encrypted, and authenticated' 'encrypted authenticated' \
		"$(json_get "$STDOUT" '[e["protection"] + (" authenticated" if "authenticated" in e["reason"] else "") for e in d["audit"] if e["volume"] == "is1"][0]')"

	local cg_mounted=
	if [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
		mount -t cgroup2 none /sys/fs/cgroup && cg_mounted=1
	fi
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	mkdir -p "$CG" && echo 8M >"$CG/memory.max" || fail 'no memory cgroup' || return
	before_out=$(awk '$1 == "pswpout" { print $2 }' /proc/vmstat)
	before_in=$(awk '$1 == "pswpin" { print $2 }' /proc/vmstat)
	# 32 MiB of distinct pages in 8 MiB of RAM: most go out to swap and come back
	# in as they are checked.
	assert_exit 0 sh -c 'echo $$ >'"$CG"'/cgroup.procs && exec python3 -c "
import hashlib
n = 32 * 256
pages = [hashlib.sha256(str(i).encode()).digest() * 128 for i in range(n)]
bad = sum(pages[i] != hashlib.sha256(str(i).encode()).digest() * 128 for i in range(n))
print(\"bad\", bad)
"'
	assertEquals 'every page came back intact' 'bad 0' "$(cat "$STDOUT")"
	assertTrue 'pages were swapped out' "[ $(awk '$1 == "pswpout" { print $2 }' /proc/vmstat) -gt $((before_out + 4096)) ]"
	assertTrue 'pages were swapped in' "[ $(awk '$1 == "pswpin" { print $2 }' /proc/vmstat) -gt $((before_in + 4096)) ]"
	rmdir "$CG"
	[ -z "$cg_mounted" ] || umount /sys/fs/cgroup
	assert_no_new_aead_errors 'swap in and out'
	assert_exit 0 ephvol destroy is1
	assert_contains "$STDOUT" 'key wiped, mapping ephvol-is1 removed, mapping ephvol-is1:integrity removed'
}

# On a file (through a loop device), with ChaCha20-Poly1305.
testTmpSurvivesFsckAndReadBack() {
	local dev
	assert_exit 0 ephvol create it1 --mount "$MNT" --file "$STORE/it1.img" --size 160M \
		--integrity aead --cipher chacha20-poly1305-random || return
	assert_exit 0 ephvol status --raw --noheadings -o integrity,backing it1
	assertEquals 'status' "aead:chacha20-poly1305-random $STORE/it1.img" "$(cat "$STDOUT")"
	assert_aead_tables it1 'capi:rfc7539\(chacha20,poly1305\)' 28
	assert_no_new_aead_errors 'mkfs and mount'
	# Many small files (inodes in many groups) and a few large ones.
	mkdir "$MNT/d" && for i in $(seq 200); do head -c $((i * 73)) /dev/urandom >"$MNT/d/f$i"; done
	head -c 24M /dev/urandom >"$MNT/big"
	(cd "$MNT" && find . -type f -exec sha256sum {} + | sort -k2) >"$SHUNIT_TMPDIR/sums"
	dev=$(findmnt -n -o SOURCE "$MNT")
	umount "$MNT" || fail 'umount'
	assert_no_new_aead_errors 'writing files'
	assert_exit 0 e2fsck -f -n "$dev"
	assert_not_contains "$STDOUT" 'rror'
	# e2fsck reads the device through the page cache, and the kernel reads ahead of
	# it into blocks never written, which dm-crypt logs: only free blocks may be
	# among them, and a read of one fails rather than return anything.
	dmesg | grep 'INTEGRITY AEAD ERROR' | tail -n +$((AEAD_ERRORS_BEFORE + 1)) |
		sed 's/.*sector //' | sort -u >"$SHUNIT_TMPDIR/sectors"
	while read -r sector; do
		assert_exit 0 debugfs -R "testb $((sector / 8))" "$dev"
		assert_contains "$STDOUT" "Block $((sector / 8)) not in use"
		assert_exit 1 dd if="$dev" of=/dev/null bs=4096 skip=$((sector / 8)) count=1 iflag=direct
	done <"$SHUNIT_TMPDIR/sectors"
	echo "e2fsck's readahead hit $(wc -l <"$SHUNIT_TMPDIR/sectors") free block(s) never written"
	AEAD_ERRORS_BEFORE=$(aead_errors)
	assert_exit 0 mount "$dev" "$MNT"
	echo 3 >/proc/sys/vm/drop_caches
	assert_exit 0 sh -c "cd $MNT && find . -type f -exec sha256sum {} + | sort -k2"
	assertEquals 'every file reads back' "$(cat "$SHUNIT_TMPDIR/sums")" "$(cat "$STDOUT")"
	assert_no_new_aead_errors 'read back'
	assert_exit 0 ephvol destroy it1
	assert_contains "$STDOUT" 'mapping ephvol-it1:integrity removed, /dev/loop[0-9]+ released'
	rm -f "$STORE/it1.img"
}

# zram writing back through an authenticated mapping: pages go out and come back.
testZramWriteback() {
	local z page=$SHUNIT_TMPDIR/pages
	assert_exit 0 ephvol create iw1 --raw --zram 32M --writeback /dev/vdc1 --integrity aead || return
	z=$(basename "$(ephvol status --raw --noheadings -o device iw1)")
	assert_aead_tables iw1:writeback 'capi:aegis128' 32
	assert_exit 0 ephvol status --raw --noheadings -o integrity,writeback_backing iw1
	assertEquals 'status' 'aead:aegis128-random /dev/vdc1' "$(cat "$STDOUT")"
	head -c $((16 * 4096)) /dev/urandom >"$page"
	dd if="$page" of="/dev/$z" bs=4096 oflag=direct status=none
	assert_exit 0 ephvol writeback iw1 --all
	assertEquals '16 pages written back' 16 "$(awk '{ print $1 }' "/sys/block/$z/bd_stat")"
	assert_exit 0 cmp "$page" <(dd if="/dev/$z" bs=4096 count=16 iflag=direct status=none)
	assert_no_new_aead_errors 'writeback and read back'
	assert_exit 0 ephvol destroy iw1
	assert_contains "$STDOUT" 'mapping ephvol-iw1:writeback:integrity removed'
}

# raw_image FILE: the whole raw partition, past the page cache.
raw_image() {
	dd if=/dev/vdc1 of="$1" bs=1M iflag=direct status=none
}

# changed_runs A B: the byte ranges where two images differ, "offset length" each.
changed_runs() {
	python3 - "$1" "$2" <<'PY'
import sys
a = open(sys.argv[1], 'rb').read(); b = open(sys.argv[2], 'rb').read()
runs, start = [], None
for k in range(0, len(a), 4096):
    if a[k:k + 4096] == b[k:k + 4096]:
        if start is not None:
            runs.append((start, k - start)); start = None
        continue
    for i in range(k, min(k + 4096, len(a))):
        same = a[i] == b[i]
        if not same and start is None:
            start = i
        elif same and start is not None and a[i:i + 8] == b[i:i + 8]:
            runs.append((start, i - start)); start = None
for r in runs:
    print(*r)
if start is not None:
    print(start, len(a) - start)
PY
}

# write_block DEV N: block N (4 KiB) of a fresh pattern, through the mapping.
write_block() {
	head -c 4096 /dev/urandom >"$SHUNIT_TMPDIR/block$2"
	dd if="$SHUNIT_TMPDIR/block$2" of="$1" bs=4096 seek="$2" oflag=direct conv=notrunc,fsync status=none
}

# where_written NAME N: "data_offset tag_offset" on vdc1 of block N of volume NAME
# (past the edges create wrote, so never written before). A byte of the new
# ciphertext or tag may equal the zero it replaces and shorten its run: then
# again, with a fresh IV.
where_written() {
	local try
	for try in 1 2 3 4; do
		raw_image "$SHUNIT_TMPDIR/a.img"
		write_block "/dev/mapper/ephvol-$1" "$2"
		raw_image "$SHUNIT_TMPDIR/b.img"
		changed_runs "$SHUNIT_TMPDIR/a.img" "$SHUNIT_TMPDIR/b.img" >"$SHUNIT_TMPDIR/runs"
		if awk -v tag="$3" '$2 == 4096 && $1 % 4096 == 0 { d = $1; nd++ } $2 == tag { t = $1; nt++ }
			END { if (nd != 1 || nt != 1 || NR != 2) exit 1; print d, t }' "$SHUNIT_TMPDIR/runs"; then
			return 0
		fi
	done
	echo "no clean change after $try writes: $(tr '\n' ';' <"$SHUNIT_TMPDIR/runs")" >&2
	return 1
}

flip_byte() {
	local off=$1 byte
	byte=$(dd if=/dev/vdc1 bs=1 skip="$off" count=1 iflag=skip_bytes status=none | od -An -tu1 | tr -d ' ')
	printf '%b' "\\0$(printf %03o $(((byte ^ 0x20) & 255)))" |
		dd of=/dev/vdc1 bs=1 seek="$off" oflag=seek_bytes conv=notrunc status=none
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

testFlippedByteIsRefused() {
	local where data
	assert_exit 0 ephvol create ir1 --raw --device /dev/vdc1 --integrity aead || return
	udevadm settle
	assert_no_new_aead_errors 'create'
	where=$(where_written ir1 2000 32)
	assertTrue "found the block's data and tag" "[ -n '$where' ]" || return
	data=${where% *}
	flip_byte $((data + 1000))
	assert_exit 1 dd if=/dev/mapper/ephvol-ir1 of="$SHUNIT_TMPDIR/out" bs=4096 skip=2000 count=1 iflag=direct
	assert_contains "$STDERR" 'Invalid or incomplete multibyte or wide character|Input/output error'
	assertFalse 'nothing of the altered block reached the reader' "[ -s $SHUNIT_TMPDIR/out ]"
	assertTrue 'the kernel logged the failure' "[ $(aead_errors) -gt $AEAD_ERRORS_BEFORE ]"
	# The other blocks still read.
	write_block /dev/mapper/ephvol-ir1 2001
	assert_exit 0 cmp <(dd if=/dev/mapper/ephvol-ir1 bs=4096 skip=2001 count=1 iflag=direct status=none) \
		"$SHUNIT_TMPDIR/block2001"
	assert_exit 0 ephvol destroy ir1
}

# The control: the same flip without --integrity reads back as altered plaintext.
testWithoutIntegrityTheFlipIsRead() {
	local data=$((2000 * 4096))
	assert_exit 0 ephvol create ir2 --raw --device /dev/vdc1 || return
	# No tags, no layout: block N is at N * 4096.
	write_block /dev/mapper/ephvol-ir2 2000
	dd if=/dev/vdc1 of="$SHUNIT_TMPDIR/raw" bs=4096 skip=2000 count=1 iflag=direct status=none
	assert_exit 1 cmp -s "$SHUNIT_TMPDIR/raw" "$SHUNIT_TMPDIR/block2000"
	flip_byte $((data + 1000))
	assert_exit 0 dd if=/dev/mapper/ephvol-ir2 of="$SHUNIT_TMPDIR/out" bs=4096 skip=2000 count=1 iflag=direct
	assert_exit 1 cmp -s "$SHUNIT_TMPDIR/out" "$SHUNIT_TMPDIR/block2000"
	assertEquals 'a whole block of altered plaintext was read' 4096 "$(stat -c %s "$SHUNIT_TMPDIR/out")"
	assert_exit 0 ephvol destroy ir2
}

# Block A's ciphertext and tag, copied over block B's: valid for A, refused as B.
testReplayedSectorIsRefused() {
	local a b
	assert_exit 0 ephvol create ir3 --raw --device /dev/vdc1 --integrity aead || return
	a=$(where_written ir3 2000 32)
	b=$(where_written ir3 3000 32)
	assertTrue "both found ($a; $b)" "[ -n '$a' ] && [ -n '$b' ]" || return
	dd if=/dev/vdc1 of=/dev/vdc1 bs=4096 count=1 iflag=skip_bytes,direct oflag=seek_bytes,direct \
		skip="${a% *}" seek="${b% *}" conv=notrunc status=none
	dd if=/dev/vdc1 of=/dev/vdc1 bs=32 count=1 iflag=skip_bytes oflag=seek_bytes \
		skip="${a#* }" seek="${b#* }" conv=notrunc status=none
	sync
	echo 3 >/proc/sys/vm/drop_caches
	assert_exit 0 cmp <(dd if=/dev/mapper/ephvol-ir3 bs=4096 skip=2000 count=1 iflag=direct status=none) \
		"$SHUNIT_TMPDIR/block2000"
	assert_exit 1 dd if=/dev/mapper/ephvol-ir3 of="$SHUNIT_TMPDIR/out" bs=4096 skip=3000 count=1 iflag=direct
	assertFalse 'block A was not handed out as block B' "[ -s $SHUNIT_TMPDIR/out ]"
	assert_exit 0 ephvol destroy ir3
}

# destroy --lazy while a user holds the volume: both mappings stay, and still read
# what was written, until the user goes; then device-mapper removes both, and the
# integrity superblock is gone already, so create takes the device again without
# --force. With the fourth cipher, XTS and HMAC-SHA256.
testLazyDestroyWhileHeld() {
	local pid
	assert_exit 0 ephvol create il1 --raw --device /dev/vdc1 --integrity aead \
		--cipher aes-xts-hmac-sha256-random || return
	assert_aead_tables il1 'capi:authenc\(hmac\(sha256\),xts\(aes\)\)' 48
	# Nothing read a block before create wrote it (probe-bcache, at the activation,
	# read the last ones first: udev/60-ephvol.rules.in).
	udevadm settle
	assert_no_new_aead_errors 'create'
	write_block /dev/mapper/ephvol-il1 100
	# A user holding the volume open.
	(exec 7</dev/mapper/ephvol-il1 && exec sleep 600) &
	pid=$!
	sleep 0.5
	assert_exit 1 ephvol destroy il1
	assert_exit 0 ephvol destroy --lazy il1
	assert_contains "$STDOUT" 'mapping ephvol-il1 removed and key freed when its last user closes it'
	assertTrue 'crypt mapping still there while held' '[ -e /dev/mapper/ephvol-il1 ]'
	assertTrue 'integrity mapping still there while held' "dmsetup info ephvol-il1:integrity >/dev/null 2>&1"
	assert_exit 0 cmp <(dd if=/dev/mapper/ephvol-il1 bs=4096 skip=100 count=1 iflag=direct status=none) \
		"$SHUNIT_TMPDIR/block100"
	assertEquals 'no integrity superblock on the disk' '' "$(blkid -p -o value -s TYPE /dev/vdc1)"
	kill "$pid"
	wait "$pid" 2>/dev/null
	for _ in $(seq 50); do
		dmsetup info ephvol-il1:integrity >/dev/null 2>&1 || break
		sleep 0.1
	done
	udevadm settle
	assertEquals 'no mapping left' '' "$(dmsetup ls | grep ephvol-il1)"
	assert_exit 0 ephvol create il1 --raw --device /dev/vdc1 --integrity aead \
		--cipher aes-xts-hmac-sha256-random
	assert_exit 0 ephvol destroy il1
}

. shunit2
