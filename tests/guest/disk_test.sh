#!/bin/bash
# disk_test.sh - dm-crypt volumes in the guest kernel: every backing (partition,
# file through a loop device) by every role (swap, tmp, raw); the key kept out
# of the dm table and wiped at destroy; no plaintext and no key left anywhere;
# refusals and injected failures that leave nothing behind.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/mnt/t1
STORE=/mnt/store # ext4 on /dev/vdd, holds backing files

suite_oneTimeSetUp() {
	# /dev/vd* are scratch disks only in the VM; on the host /dev/vda is the system.
	require_vm || return 1
	require_root || return 1
	# ephvol loads dm_crypt itself (testLoadsDmCrypt); the kernel must ship it.
	modinfo dm_crypt >/dev/null || fail 'this kernel has no dm_crypt module' || return 1
	# The project's udev rule, as `make install` would put it in place.
	mkdir -p "$MNT" "$STORE"
	install_udev_rules || return 1
	# Backing files live on a real disk file system, so the loop device can use
	# direct I/O (tmpfs cannot).
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
# O_DIRECT so the page cache (filled by udev's probe at boot) cannot answer.
raw_count() {
	dd if="$1" bs=1M iflag=direct status=none | grep -a -c -- "$2"
}

new_marker() {
	echo "EPHVOL-MARKER-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"
}

# ephvol loads dm_crypt through libkmod when it is missing, and then only: with the
# module there, a create loads neither libkmod nor its indexes (LD_DEBUG names each
# library a process opens).
testLoadsDmCrypt() {
	# Earlier suites in this boot may have loaded it: start from an unloaded module.
	modprobe -r dm_crypt 2>/dev/null
	assertFalse 'dm_crypt not loaded before the create' '[ -d /sys/module/dm_crypt ]'
	assert_exit 0 ephvol_ld create k1 --raw --device /dev/vda || return
	assertTrue 'dm_crypt loaded by ephvol' '[ -d /sys/module/dm_crypt ]'
	assert_contains "$STDERR" 'file=libkmod\.so'
	assert_exit 0 ephvol destroy k1
	assert_exit 0 ephvol_ld create k1 --raw --device /dev/vda || return
	assert_contains "$STDERR" 'file=libcryptsetup\.so' # LD_DEBUG did report
	assert_not_contains "$STDERR" 'file=libkmod\.so'
	assert_exit 0 ephvol destroy k1
}

# One volume of ROLE on BACKING ("device" or "file"): create, use, check
# that the data is ciphertext underneath, destroy.
check_volume() {
	local role=$1 backing=$2 name=m$RANDOM marker raw args=()
	marker=$(new_marker)
	case $backing in
	device) args=(--device /dev/vdb) raw=/dev/vdb ;;
	file) args=(--file "$STORE/$name.img" --size 64M) raw=$STORE/$name.img ;;
	esac
	case $role in
	swap) args+=(--swap) ;;
	tmp) args+=(--mount "$MNT") ;;
	raw) args+=(--raw) ;;
	esac
	assert_exit 0 ephvol create "$name" "${args[@]}" || return
	assert_exit 0 ephvol status -o name,backend,role,backing,cipher,key_location --noheadings --raw "$name"
	assertEquals "status of $role on $backing" \
		"$name disk $role ${raw} aes-xts-plain64 keyring" "$(cat "$STDOUT")"
	assertEquals "/dev/ephvol/$name" "$(readlink -f "/dev/mapper/ephvol-$name")" \
		"$(readlink -f "/dev/ephvol/$name")"
	case $role in
	swap)
		assertEquals 'an active swap' 1 \
			"$(awk -v d="$(readlink -f "/dev/mapper/ephvol-$name")" '$1 == d' /proc/swaps | wc -l)"
		# Swap pages are not ours to write: look at the swap signature instead.
		assertEquals 'swap signature through the mapping' 1 \
			"$(raw_count "/dev/mapper/ephvol-$name" SWAPSPACE2)"
		assertEquals 'no swap signature on the backing' 0 "$(raw_count "$raw" SWAPSPACE2)"
		;;
	tmp)
		assertEquals 'ext4 mounted' ext4 "$(findmnt -no FSTYPE "$MNT")"
		assertEquals 'mode' 1777 "$(stat -c %a "$MNT")"
		yes "$marker" | head -n 64 >"$MNT/secret"
		sync
		echo 3 >/proc/sys/vm/drop_caches
		assertEquals 'marker through the mount' 64 "$(grep -c "$marker" "$MNT/secret")"
		assertEquals 'marker through the mapping' 64 "$(raw_count "/dev/mapper/ephvol-$name" "$marker")"
		assertEquals 'marker absent from the backing' 0 "$(raw_count "$raw" "$marker")"
		;;
	raw)
		yes "$marker" | head -c 1M | dd of="/dev/mapper/ephvol-$name" bs=1M oflag=direct status=none
		assertTrue 'marker through the mapping' "[ $(raw_count "/dev/mapper/ephvol-$name" "$marker") -gt 1000 ]"
		assertEquals 'marker absent from the backing' 0 "$(raw_count "$raw" "$marker")"
		;;
	esac
	assert_exit 0 ephvol destroy "$name"
	assert_contains "$STDOUT" "^Destroyed $role volume $name: .*key wiped, mapping ephvol-$name removed"
	if [ "$backing" = file ]; then
		assert_contains "$STDOUT" '/dev/loop[0-9]+ released'
		assertTrue 'the backing file stays' "[ -f $raw ]"
		rm -f "$raw"
	fi
}

testPartitionSwap() { check_volume swap device; }
testPartitionTmp() { check_volume tmp device; }
testPartitionRaw() { check_volume raw device; }
testFileSwap() { check_volume swap file; }
testFileTmp() { check_volume tmp file; }
testFileRaw() { check_volume raw file; }

# Regression: the rule's nowatch was undone by 60-persistent-storage-dm.rules, which
# runs later and adds the inotify watch again. After swapoff, udev then re-probed the
# mapping (a "change" of its own), and destroy had to wait for that probe before it
# could suspend the mapping to wipe the key (~130 ms under emulation; a probe that
# came later still would hang on the suspended device).
testNoInotifyWatchOnMappings() {
	local devnum role
	for role in --swap --raw; do
		assert_exit 0 ephvol create nw1 "$role" --device /dev/vdb || return
		udevadm settle
		devnum=$(cat "/sys/class/block/$(basename "$(readlink -f /dev/mapper/ephvol-nw1)")/dev")
		assertFalse "$role: udev watches b$devnum" "[ -e /run/udev/watch/b$devnum ]"
		assert_exit 0 ephvol destroy nw1
	done
}

# The activation's own events (with device-mapper's cookie, which create waits for)
# are not probed: random plaintext has nothing to find (~95 ms under emulation). The
# "change" create sends once the volume is formatted is: udev knows the swap.
testActivationNotProbed() {
	assert_exit 0 ephvol create np1 --raw --device /dev/vdb || return
	assertEquals 'raw: not probed' 1 \
		"$(udevadm info -q property --property=DM_NOSCAN --value /dev/mapper/ephvol-np1)"
	# Nor by other rules (69-bcache.rules' probe-bcache), while create zeroes the
	# edges; ephvol's own rule still named it.
	assertEquals 'raw: no other rules at activation' 1 \
		"$(udevadm info -q property --property=DM_UDEV_DISABLE_OTHER_RULES_FLAG --value /dev/mapper/ephvol-np1)"
	assertTrue 'raw: /dev/ephvol/np1' '[ -L /dev/ephvol/np1 ]'
	# The next event without a cookie has them all again, and keeps the name.
	udevadm trigger --settle --action=change /dev/mapper/ephvol-np1
	assertEquals 'other rules after a trigger' '' \
		"$(udevadm info -q property --property=DM_UDEV_DISABLE_OTHER_RULES_FLAG --value /dev/mapper/ephvol-np1)"
	assertTrue 'still /dev/ephvol/np1' '[ -L /dev/ephvol/np1 ]'
	assert_exit 0 ephvol destroy np1
	assert_exit 0 ephvol create np1 --swap --device /dev/vdb || return
	udevadm settle
	assertEquals 'swap: probed after mkswap' swap \
		"$(udevadm info -q property --property=ID_FS_TYPE --value /dev/mapper/ephvol-np1)"
	assertEquals 'systemd sees the device' 1 \
		"$(udevadm info -q property --property=SYSTEMD_READY --value /dev/mapper/ephvol-np1)"
	assertEquals 'swap: other rules again after create' '' \
		"$(udevadm info -q property --property=DM_UDEV_DISABLE_OTHER_RULES_FLAG --value /dev/mapper/ephvol-np1)"
	assert_exit 0 ephvol destroy np1
}

# A fresh key makes the whole mapping random plaintext, in which a probe could find
# a signature; create zeroes the first and the last MiB (in the kernel, BLKZEROOUT).
# Read back past the page cache.
testEdgesReadZero() {
	local dev mib
	assert_exit 0 ephvol create ez1 --raw --device /dev/vdb || return
	dev=/dev/mapper/ephvol-ez1
	mib=$(($(blockdev --getsize64 "$dev") / 1048576))
	assertEquals 'first MiB' 0 "$(dd if="$dev" bs=1M count=1 iflag=direct status=none | tr -d '\0' | wc -c)"
	assertEquals 'last MiB' 0 \
		"$(dd if="$dev" bs=1M count=1 skip=$((mib - 1)) iflag=direct status=none | tr -d '\0' | wc -c)"
	assertNotEquals 'the MiB after the first: random plaintext' 0 \
		"$(dd if="$dev" bs=1M count=1 skip=1 iflag=direct status=none | tr -d '\0' | wc -c)"
	assert_exit 0 ephvol destroy ez1
}

# create waits for udev by the mapping's cookie alone, which udev completes from the
# last of its rules: when create returns, udev's names and database entry are there,
# with nothing else (no settle, no poll) waited for. Each role, as swapon and mount
# use the udev name, and --raw hands it to the user.
testUdevNamesReadyWhenCreateReturns() {
	local role dev
	for role in --swap "--mount $MNT" --raw; do
		# shellcheck disable=SC2086
		assert_exit 0 ephvol create ur1 $role --device /dev/vdb || return
		dev=$(readlink -f /dev/mapper/ephvol-ur1)
		assertTrue "$role: /dev/mapper/ephvol-ur1 is udev's link" '[ -L /dev/mapper/ephvol-ur1 ]'
		assertEquals "$role: /dev/ephvol/ur1" "$dev" "$(readlink -f /dev/ephvol/ur1)"
		assertEquals "$role: /dev/disk/by-id/dm-name-ephvol-ur1" "$dev" \
			"$(readlink -f /dev/disk/by-id/dm-name-ephvol-ur1)"
		assertEquals "$role: DM_NAME in udev's database" ephvol-ur1 \
			"$(udevadm info -q property --property=DM_NAME --value "$dev")"
		assert_exit 0 ephvol destroy ur1
	done
}

# The rule names /dev/ephvol/NAME from the file create writes before it activates
# the mapping (EPHVOL_NAME=NAME): before, it ran a shell to strip "ephvol-" from the
# mapping's name, and every activation waited for it (~45 ms under emulation). A
# mapping without that file (made by an older ephvol) gets its link from the shell.
testUdevLinkNameWithoutProgram() {
	local f=/run/ephvol/udev/ephvol-ul1 sysdev
	assert_exit 0 ephvol create ul1 --raw --device /dev/vdb || return
	assertEquals 'the file' 'EPHVOL_NAME=ul1' "$(cat "$f")"
	assertEquals 'udev property' ul1 \
		"$(udevadm info -q property --property=EPHVOL_NAME --value /dev/mapper/ephvol-ul1)"
	sysdev=/sys/class/block/$(basename "$(readlink -f /dev/mapper/ephvol-ul1)")
	udevadm test "$sysdev" >"$STDOUT" 2>&1
	assert_contains "$STDOUT" "LINK 'ephvol/ul1'"
	assert_not_contains "$STDOUT" 'Running PROGRAM.*ephvol-ul1'
	rm "$f"
	udevadm test "$sysdev" >"$STDOUT" 2>&1
	assert_contains "$STDOUT" 'Running PROGRAM.*ephvol-ul1'
	udevadm trigger --action=change --settle /dev/mapper/ephvol-ul1
	assertEquals 'link without the file' "$(readlink -f /dev/mapper/ephvol-ul1)" \
		"$(readlink -f /dev/ephvol/ul1)"
	echo 'EPHVOL_NAME=ul1' >"$f"
	assert_exit 0 ephvol destroy ul1
	assertFalse 'file left after destroy' "[ -e $f ]"
	assertFalse 'link left after destroy' "[ -e /dev/ephvol/ul1 ]"
}

testKeyOutOfReach() {
	assert_exit 0 ephvol create kr1 --swap --device /dev/vda || return
	# The table names a logon key; it holds no hex key.
	assert_exit 0 dmsetup table --showkeys ephvol-kr1
	assert_contains "$STDOUT" '^0 [0-9]+ crypt aes-xts-plain64 :64:logon:ephvol:ephvol-kr1 0 [0-9]+:[0-9]+ 0 '
	assert_not_contains "$STDOUT" '[0-9a-f]{64}'
	assert_contains "$STDOUT" 'no_read_workqueue no_write_workqueue sector_size:4096'
	# And the keyring copy is gone as soon as create returns.
	assert_not_contains /proc/keys ' logon '
	assert_exit 0 ephvol status --json kr1
	assertEquals 'key_location' keyring "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assertEquals 'key_bits' 512 "$(json_get "$STDOUT" 'd["volumes"][0]["key_bits"]')"
	assertEquals 'sector_size' 4096 "$(json_get "$STDOUT" 'd["volumes"][0]["sector_size"]')"
	# A mapping with no header, as cryptsetup names one; its own status reads it.
	assert_exit 0 dmsetup info -c --noheadings -o uuid ephvol-kr1
	assertEquals 'uuid' CRYPT-PLAIN-ephvol-kr1 "$(tr -d ' ' <"$STDOUT")"
	assert_exit 0 cryptsetup status ephvol-kr1
	assert_contains "$STDOUT" '^ +type: +PLAIN$'
	assert_contains "$STDOUT" '^ +key location: +keyring$'
	# Nothing in /run holds anything of the key, not even a header.
	assertFalse 'no header directory' '[ -e /run/ephvol/header ]'
	assert_exit 0 ephvol destroy kr1
}

# A volume made by ephvol up to 0.5 kept a LUKS2 header in /run/ephvol/header: the
# destroy after an upgrade removes it with the mapping.
testDestroyRemovesLegacyHeader() {
	assert_exit 0 ephvol create lh1 --swap --device /dev/vda || return
	mkdir -m 0700 /run/ephvol/header
	head -c 36864 /dev/zero >/run/ephvol/header/ephvol-lh1
	assert_exit 0 ephvol destroy lh1
	assertFalse 'legacy header removed' '[ -e /run/ephvol/header/ephvol-lh1 ]'
	rmdir /run/ephvol/header
}

# Status and destroy read a mapping's table and take it down through libdevmapper:
# libcryptsetup (and the crypto backend it starts, ~100 ms under emulation) is not
# needed. And a mapping ephvol did not make has its key wiped too, where libcryptsetup
# would suspend LUKS devices only.
testStatusAndDestroyWithoutLibcryptsetup() {
	assert_exit 0 ephvol create nc1 --swap --device /dev/vda || return
	assert_exit 0 ephvol_without libcryptsetup.so.12 status --json nc1
	assertEquals 'cipher' aes-xts-plain64 "$(json_get "$STDOUT" 'd["volumes"][0]["cipher"]')"
	assertEquals 'key_location' keyring "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assertEquals 'key_bits' 512 "$(json_get "$STDOUT" 'd["volumes"][0]["key_bits"]')"
	assertEquals 'sector_size' 4096 "$(json_get "$STDOUT" 'd["volumes"][0]["sector_size"]')"
	assert_exit 0 ephvol_without libcryptsetup.so.12 destroy nc1
	assert_contains "$STDOUT" '^Destroyed swap volume nc1: swap off, key wiped, mapping ephvol-nc1 removed\.$'
	assertFalse 'mapping left' '[ -e /dev/mapper/ephvol-nc1 ]'

	# By hand, key in the table: status reads it as such, destroy wipes it.
	head -c 32 /dev/urandom >"$SHUNIT_TMPDIR/k"
	assert_exit 0 cryptsetup open --type plain --cipher aes-cbc-essiv:sha256 --key-size 256 \
		--key-file "$SHUNIT_TMPDIR/k" /dev/vdb ephvol-nc2 || return
	rm -f "$SHUNIT_TMPDIR/k"
	assert_exit 0 ephvol status --json nc2
	assertEquals 'plain cipher' aes-cbc-essiv:sha256 "$(json_get "$STDOUT" 'd["volumes"][0]["cipher"]')"
	assertEquals 'plain key_location' dm-table "$(json_get "$STDOUT" 'd["volumes"][0]["key_location"]')"
	assertEquals 'plain key_bits' 256 "$(json_get "$STDOUT" 'd["volumes"][0]["key_bits"]')"
	assert_exit 0 ephvol destroy nc2
	assert_contains "$STDOUT" '^Destroyed raw volume nc2: key wiped, mapping ephvol-nc2 removed\.$'
	assertFalse 'plain mapping left' '[ -e /dev/mapper/ephvol-nc2 ]'

	# Without libdevmapper, destroy says so and changes nothing.
	assert_exit 0 ephvol create nc3 --swap --device /dev/vda || return
	assert_exit 1 ephvol_without libdevmapper.so.1.02.1 destroy nc3
	assert_contains "$STDERR" '^ephvol: Cannot load libdevmapper\.so\.1\.02\.1 \(needed to take dm-crypt volumes down\): '
	assert_contains /proc/swaps '^/dev/(mapper/ephvol-nc3|dm-[0-9]+) '
	assert_exit 0 ephvol destroy nc3
}

# A mapping named like one of ephvol's that is not dm-crypt: the key wipe fails, so
# the mapping is resumed rather than left frozen, and destroy still removes it.
testWipeFailureResumes() {
	local size
	size=$(blockdev --getsz /dev/vdc)
	assert_exit 0 dmsetup create ephvol-lin1 --table "0 $size linear /dev/vdc 0" || return
	assert_exit 0 ephvol -v destroy lin1
	assert_contains "$STDERR" '^ephvol: Suspending ephvol-lin1 to wipe its key failed: '
	assert_contains "$STDERR" 'libdevmapper: dm resume ephvol-lin1 '
	assert_contains "$STDOUT" '^Destroyed raw volume lin1: key freed with the mapping, mapping ephvol-lin1 removed\.$'
	assertFalse 'mapping left' '[ -e /dev/mapper/ephvol-lin1 ]'
}

# Scans FILEs for the key, raw and in hex; prints the files that hold it. KEYFILE
# holds the key with every byte inverted, as the test hook writes it.
key_search() {
	python3 - "$@" <<'PY'
import os, sys
key = bytes(b ^ 0xFF for b in open(sys.argv[1], 'rb').read())
needles = [key, key.hex().encode(), key.hex().upper().encode()]
for root in sys.argv[2:]:
    paths = [root] if not os.path.isdir(root) else (
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
    for p in paths:
        try:
            if os.path.islink(p) or not (os.path.isfile(p) or root == p):
                continue
            with open(p, 'rb', buffering=0) as fh:
                tail = b''
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    if any(n in tail + chunk for n in needles):
                        print(p)
                        break
                    tail = chunk[-200:]
        except OSError:
            pass
PY
}

testKeyFoundNowhereAfterDestroy() {
	local keydir=/keycheck t="$TOP/build-test/ephvol"
	assertTrue 'test-hook build present (make test-hook-build)' "[ -x $t ]" || return
	mkdir -p "$keydir"
	assert_exit 0 env LD_LIBRARY_PATH="$TOP/build-test" EPHVOL_TEST_KEY_FILE="$keydir/key" \
		"$t" create kn1 --mount "$MNT" --device /dev/vdb || return
	assertEquals 'a 64-byte key was handed to the test' 64 "$(stat -c %s "$keydir/key")"
	dd if=/dev/urandom of="$MNT/data" bs=1M count=16 conv=fsync status=none
	# The search works: a planted copy under /run is found.
	python3 -c 'import sys; open(sys.argv[2], "wb").write(bytes(b ^ 0xFF for b in open(sys.argv[1], "rb").read()))' \
		"$keydir/key" /run/planted-key
	assertEquals 'planted key found' /run/planted-key "$(key_search "$keydir/key" /run)"
	rm -f /run/planted-key
	# ... and one in a file written onto the root file system, under /var.
	mkdir -p /var/tmp/keyplant
	python3 -c 'import sys; open(sys.argv[2], "w").write(bytes(b ^ 0xFF for b in open(sys.argv[1], "rb").read()).hex())' \
		"$keydir/key" /var/tmp/keyplant/key.hex
	assertEquals 'planted key found under /.guestwrites' /.guestwrites/var/tmp/keyplant/key.hex \
		"$(key_search "$keydir/key" /.guestwrites)"
	rm -rf /var/tmp/keyplant
	assert_exit 0 ephvol destroy kn1
	echo 3 >/proc/sys/vm/drop_caches
	# In no file the guest wrote: its tmpfs mounts, and all it wrote onto its
	# root file system, /var included (/.guestwrites, the overlay's upper layer:
	# the rest of the root is the host's, read-only). Nor on the backing device
	# (read with O_DIRECT).
	assertEquals 'key in files the guest wrote' '' \
		"$(key_search "$keydir/key" /run /tmp /dev/shm /.guestwrites)"
	dd if=/dev/vdb of="$keydir/vdb" bs=1M iflag=direct status=none
	assertEquals 'key bytes on /dev/vdb' '' "$(key_search "$keydir/key" "$keydir/vdb")"
	rm -rf "$keydir"
}

testAdiantumAndWorkqueues() {
	assert_exit 0 ephvol create a1 --raw --device /dev/vda --cipher xchacha12,aes-adiantum-plain64 \
		--workqueues || return
	assert_exit 0 dmsetup table ephvol-a1
	assert_contains "$STDOUT" ' crypt xchacha12,aes-adiantum-plain64 :32:logon:'
	assert_not_contains "$STDOUT" 'workqueue'
	assert_exit 0 ephvol status -o key_bits --noheadings a1
	assertEquals 'Adiantum key bits' 256 "$(tr -d ' ' <"$STDOUT")"
	assert_exit 0 ephvol destroy a1
}

testLazyDestroyDefersRemovalWhileBusy() {
	local pid
	assert_exit 0 ephvol create l1 --mount "$MNT" --device /dev/vda || return
	(cd "$MNT" && exec sleep 600) &
	pid=$!
	sleep 0.5
	assert_exit 1 ephvol destroy l1
	assert_contains "$STDERR" "busy, held by PID $pid \\(sleep\\)"
	# --lazy detaches; the mapping cannot be suspended under a live user, so
	# device-mapper removes it (and dm-crypt frees the key) when the user goes.
	assert_exit 0 ephvol destroy --lazy l1
	assert_contains "$STDOUT" "$MNT detached while busy, mapping ephvol-l1 removed and key freed when its last user closes it"
	assertFalse 'no longer mounted' "findmnt $MNT"
	assertTrue 'mapping still there while used' '[ -e /dev/mapper/ephvol-l1 ]'
	kill "$pid"
	wait "$pid" 2>/dev/null
	for _ in $(seq 50); do [ -e /dev/mapper/ephvol-l1 ] || break; sleep 0.1; done
	udevadm settle
	assertFalse 'mapping gone once the user left' '[ -e /dev/mapper/ephvol-l1 ]'
}

testDiscardPunchesTheFile() {
	local f=$STORE/d1.img
	assert_exit 0 ephvol create d1 --mount "$MNT" --file "$f" --size 64M || return
	dd if=/dev/urandom of="$MNT/data" bs=1M count=16 conv=fsync status=none
	assertTrue 'file has blocks' "[ $(stat -c %b "$f") -gt 0 ]"
	assert_exit 0 ephvol destroy --discard d1
	assert_contains "$STDOUT" "$f discarded"
	assertEquals 'file is sparse again' 0 "$(stat -c %b "$f")"
	assertEquals 'file keeps its size' 67108864 "$(stat -c %s "$f")"
	rm -f "$f"
}

testRefusesDeviceWithSignature() {
	local sum
	mkfs.ext2 -q -F /dev/vdc && sum=$(md5sum </dev/vdc)
	assert_exit 3 ephvol create x1 --swap --device /dev/vdc
	assert_one_line_stderr
	assert_contains "$STDERR" 'Refusing to use /dev/vdc: it holds ext2 at offset [0-9]+, which would be destroyed; use --force to override\.'
	assertEquals 'disk unchanged' "$sum" "$(md5sum </dev/vdc)"
	wipefs -q -a /dev/vdc
}

testRefusesDeviceInUse() {
	mkdir -p /mnt/inuse
	mkfs.ext4 -q -F /dev/vdc && mount /dev/vdc /mnt/inuse || return
	state_snapshot "$SHUNIT_TMPDIR/mounted"
	# Checked before signatures: the kernel itself holds the device.
	assert_exit 3 ephvol create x1 --swap --device /dev/vdc
	assert_one_line_stderr
	assert_contains "$STDERR" 'in use'
	assert_state_unchanged "$SHUNIT_TMPDIR/mounted"
	umount /mnt/inuse
	wipefs -q -a /dev/vdc
}

testRefusesFileInUse() {
	local f=$STORE/busy.img lo
	truncate -s 16M "$f" && lo=$(losetup -f --show "$f") || return
	state_snapshot "$SHUNIT_TMPDIR/looped"
	assert_exit 3 ephvol create x1 --swap --file "$f"
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to use $f: it is in use \\(backing $lo\\)"
	assert_state_unchanged "$SHUNIT_TMPDIR/looped"
	losetup -d "$lo"
	rm -f "$f"
}

testExistingNameOnDisk() {
	assert_exit 0 ephvol create d1 --raw --device /dev/vda || return
	assert_exit 1 ephvol create d1 --raw --device /dev/vdb
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume d1 already exists'
	assert_exit 0 ephvol destroy d1
}

# Whether the AF_ALG modules are loaded; unloads them first with "unload".
af_alg_loaded() {
	if [ "${1:-}" = unload ]; then
		rmmod algif_skcipher algif_hash algif_aead 2>/dev/null
		rmmod af_alg 2>/dev/null
	fi
	grep -q '^af_alg ' /proc/modules
}

# A cipher /proc/crypto already lists (aesni's xts(aes), from its load on) is checked
# there: AF_ALG's socket and bind have the kernel run modprobe for af_alg and
# algif_skcipher, 2.5 s at boot. One it does not list yet (a template such as
# adiantum's, until first used) is still checked through AF_ALG.
testCipherCheckUsesAfAlgOnlyForWhatIsNotListed() {
	assert_contains /proc/crypto '^driver *: xts-aes-aesni$' || return
	assertFalse 'af_alg unloaded' 'af_alg_loaded unload' || return
	assert_exit 0 ephvol create c1 --raw --device /dev/vda --cipher aes-xts-plain64 || return
	assertFalse 'a listed cipher: no AF_ALG' af_alg_loaded
	assert_exit 0 ephvol destroy c1
	# Earlier tests used it: unloading the template takes its instances away.
	rmmod adiantum 2>/dev/null
	if grep -q '^name *: adiantum(xchacha12,aes)$' /proc/crypto; then
		fail 'adiantum(xchacha12,aes) is listed still'
		return
	fi
	assert_exit 0 ephvol create c1 --raw --device /dev/vda \
		--cipher xchacha12,aes-adiantum-plain64 || return
	assertTrue 'a cipher not listed yet: checked through AF_ALG' af_alg_loaded
	assert_exit 0 ephvol destroy c1
}

# The cipher picked for this CPU is left to dm-crypt to check: where the kernel cannot
# make it (aesni_intel and the xts template unloaded, and the kernel's module loading
# turned off), the line says so, not only "Invalid argument", and nothing is left.
testPickedCipherTheKernelLacks() {
	local modprobe m
	assert_contains /proc/cpuinfo '^flags.* aes( |$)' || return
	modprobe -a af_alg algif_skcipher || return # for the diagnosis, loaded while loading works
	modprobe=$(cat /proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	# Template instances from earlier tests hold aesni_intel.
	for m in adiantum essiv xts aesni_intel; do
		rmmod "$m" 2>/dev/null
	done
	if grep -q '^name *: xts(aes)$' /proc/crypto; then
		echo "$modprobe" >/proc/sys/kernel/modprobe
		fail "xts(aes) is still registered: $(lsmod | grep -E '^(aesni_intel|xts) ')"
		return
	fi
	state_snapshot "$SHUNIT_TMPDIR/no-xts"
	assert_exit 1 ephvol create c2 --raw --device /dev/vda || ephvol destroy c2
	echo "$modprobe" >/proc/sys/kernel/modprobe
	modprobe aesni_intel
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Failed to activate dm-crypt mapping ephvol-c2 on /dev/vda: this kernel does not offer aes-xts-plain64 with a 512-bit key, the cipher picked for this CPU\.$'
	assert_state_unchanged "$SHUNIT_TMPDIR/no-xts"
	assert_contains /proc/crypto '^driver *: xts-aes-aesni$'
}

testFailuresLeaveNothingBehind() {
	# Ciphers are checked against the kernel before anything is built.
	assert_exit 2 ephvol create f1 --swap --device /dev/vda --cipher nosuchcipher-xts-plain64
	assert_one_line_stderr
	assert_contains "$STDERR" 'Cipher nosuchcipher-xts-plain64 is not offered by this kernel'
	assert_exit 2 ephvol create f1 --swap --device /dev/vda --cipher aes-xts-plain64 --key-size 1024
	assert_one_line_stderr
	assert_contains "$STDERR" 'cannot use a 1024-bit key'
	assert_exit 2 ephvol create f1 --swap --device /dev/vda --cipher cipher_null-ecb
	assert_one_line_stderr
	assert_contains "$STDERR" 'does not encrypt'
	# A missing file without --size: nothing to create it with.
	assert_exit 2 ephvol create f1 --swap --file "$STORE/absent.img"
	assert_one_line_stderr
	assert_contains "$STDERR" 'does not exist; give --size to create it'
	assertFalse 'no file made' "[ -e $STORE/absent.img ]"
	# Device too small: a 1M file is created, then refused, then removed again.
	assert_exit 1 ephvol create f1 --swap --file "$STORE/small.img" --size 1M
	assert_one_line_stderr
	assert_contains "$STDERR" 'too small'
	assertFalse 'the file create made is removed' "[ -e $STORE/small.img ]"
	# mkfs fails: xfs refuses file systems smaller than 300M (the file has 64M).
	assert_exit 1 ephvol create f1 --mount "$MNT" --file "$STORE/f1.img" --size 64M --fs xfs
	assert_one_line_stderr
	assert_contains "$STDERR" 'Failed to format /dev/mapper/ephvol-f1 as xfs'
	assertFalse 'the file create made is removed' "[ -e $STORE/f1.img ]"
	# Mount point missing: checked before anything is built.
	assert_exit 1 ephvol create f1 --mount /mnt/nonexistent --device /dev/vda
	assert_one_line_stderr
}

# shellcheck source=/dev/null
. shunit2
