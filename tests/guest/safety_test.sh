#!/bin/bash
# safety_test.sh - ephvol never destroys data by accident (the "Safety" rules of
# the contract), proved on a real kernel against on-disk formats made by the
# real tools:
#   - a matrix of fixtures (file systems, swap and hibernation images, LUKS,
#     LVM, md RAID, bcache, partition tables incl. a lone backup GPT, and disks
#     that hold two signatures at once), each refused with exit 3 and one line
#     that names every signature libblkid finds, with the disk unchanged byte
#     for byte (the whole disk, read with O_DIRECT, compared with a copy taken
#     before by tests/tools/disk-compare: exact, and under TCG 1.9 s a 256M
#     disk, where dd and Python took 3.2 s);
#   - a device in use (mounted, active swap, held by dm or md, opened O_EXCL)
#     is refused even with --force;
#   - a whole disk with partitions is refused, and taken with --force;
#   - --force destroys a file system and says so; the volume works;
#   - a swap area that the kernel command line names as resume= (by path,
#     UUID= or MAJ:MIN) is refused, and taken with --force.
# It ends with a line "SAFETY: N of M refused, B bytes changed".
#
# Run (defaults are enough: 4 scratch disks of 256M, /dev/vda../dev/vdd):
#     tests/vm/run tests/guest/safety_test.sh
# Disks: vda fixtures, vdb second md member of the fixtures, vdc in-use /
# --force / resume= tests, vdd second md member of the in-use md array.
# While it runs, the udev rules that would assemble md members, register
# bcache devices or scan LVM PVs on sight are masked in /run/udev/rules.d, so
# a fixture stays a signature on an unused disk (in-use is tested on purpose).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

FX=/dev/vda   # the fixture disk
FX2=/dev/vdb  # second member of the md fixtures
USE=/dev/vdc  # in-use, partitions, --force, resume=
USE2=/dev/vdd # second member of the in-use md array
MNT=/mnt/safety
MD_FX=/dev/md100
MD_USE=/dev/md101
DM_LIN=safety-linear
FAKE_CMDLINE=/run/safety-cmdline
MASKED_RULES="64-md-raid-assembly.rules 69-bcache.rules 69-lvm.rules"
MASKED= # the masks this suite put in place (and removes again)

# The summary (tests run in this one shell, in file order).
SAFETY_M=0     # fixtures shown to ephvol
SAFETY_N=0     # ... refused with exit 3
SAFETY_B=0     # bytes of the fixture disks changed by ephvol
SAFETY_UNBUILT= # fixtures that could not be built (a test problem, not ephvol's)

suite_oneTimeSetUp() {
	# /dev/vd* are scratch disks only in the VM; on the host /dev/vda is the system.
	require_vm || return 1
	require_root || return 1
	[ -x "$TOP/build/tests/tools/disk-compare" ] || fail 'no build/tests/tools/disk-compare (make check-vm builds it)' || return 1
	local r
	mkdir -p /run/udev/rules.d "$MNT" || return 1
	for r in $MASKED_RULES; do
		[ -e "/run/udev/rules.d/$r" ] && continue # already overridden: leave it
		ln -s /dev/null "/run/udev/rules.d/$r" || return 1
		MASKED="$MASKED $r"
	done
	udevadm control --reload || return 1
	# Modules this suite loads (md, dm, file systems...) are unloaded at the end.
	lsmod | awk 'NR > 1 { print $1 }' | LC_ALL=C sort >"$SHUNIT_TMPDIR/modules-before"
	IMG=$SHUNIT_TMPDIR/before.img
	KEYFILE=$SHUNIT_TMPDIR/luks.key
	SRC=$SHUNIT_TMPDIR/src
	mkdir -p "$SRC/dir" && printf 'safety fixture\n' >"$SRC/dir/file" &&
		printf 'fixture passphrase' >"$KEYFILE" || return 1
	wipe_disks "$FX" "$FX2" "$USE" "$USE2"
}

suite_oneTimeTearDown() {
	local r rc=0 m
	wipe_disks "$FX" "$FX2" "$USE" "$USE2" || rc=1
	for r in $MASKED; do
		rm -f "/run/udev/rules.d/$r"
	done
	udevadm control --reload
	udevadm settle
	# Leave the kernel's modules as we found them (suites share the VM).
	lsmod | awk 'NR > 1 { print $1 }' | LC_ALL=C sort >"$SHUNIT_TMPDIR/modules-after"
	for m in $(LC_ALL=C comm -13 "$SHUNIT_TMPDIR/modules-before" "$SHUNIT_TMPDIR/modules-after"); do
		[ -d "/sys/module/$m" ] && modprobe -r "$m" 2>/dev/null
	done
	# A second pass for modules that were still used by the ones removed after them.
	for m in $(LC_ALL=C comm -13 "$SHUNIT_TMPDIR/modules-before" "$SHUNIT_TMPDIR/modules-after"); do
		[ -d "/sys/module/$m" ] && modprobe -r "$m" 2>/dev/null
	done
	lsmod | awk 'NR > 1 { print $1 }' | LC_ALL=C sort >"$SHUNIT_TMPDIR/modules-after"
	m=$(LC_ALL=C comm -13 "$SHUNIT_TMPDIR/modules-before" "$SHUNIT_TMPDIR/modules-after" | xargs)
	if [ -n "$m" ]; then
		echo "safety_test: modules left loaded: $m" >&2
		rc=1
	fi
	return "$rc"
}

# Block devices, partitions, holders and md arrays: the state the fixtures touch
# beyond what testlib's state_snapshot records.
disk_state() {
	local b p h
	{
		for b in /sys/block/*; do
			case ${b##*/} in loop* | zram*) continue ;; esac # testlib records those
			echo "block ${b##*/}"
		done
		for p in /sys/block/vd*/vd*; do
			[ -e "$p/partition" ] && echo "partition ${p##*/}"
		done
		for h in /sys/block/vd*/holders/*; do
			[ -e "$h" ] && echo "holder ${h#/sys/block/}"
		done
		awk '/^md/ { print "md", $0 }' /proc/mdstat 2>/dev/null
	} | LC_ALL=C sort
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
	disk_state >"$SHUNIT_TMPDIR/disks-before"
}

# Undo what a test built itself (it may have stopped half-way), so that one
# failure does not spoil the tests after it.  Volumes ephvol leaves behind are
# not undone before the check: that is what the check is for.
undo_fixtures() {
	local pid md
	if findmnt /proc/cmdline >/dev/null 2>&1; then umount /proc/cmdline; fi
	rm -f "$FAKE_CMDLINE"
	if findmnt "$MNT" >/dev/null 2>&1; then umount "$MNT"; fi
	if grep -q "^$USE " /proc/swaps; then swapoff "$USE"; fi
	if [ -e "/dev/mapper/$DM_LIN" ]; then dmsetup remove "$DM_LIN"; fi
	if read -r pid 2>/dev/null <"$SHUNIT_TMPDIR/holder.pid"; then
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	fi
	rm -f "$SHUNIT_TMPDIR/holder.pid"
	for md in "$MD_FX" "$MD_USE"; do
		if [ -e "/sys/block/${md#/dev/}/md" ]; then mdadm --stop "$md" >/dev/null 2>&1; fi
	done
	udevadm settle
}

suite_tearDown() {
	local diff
	undo_fixtures
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
	if ! diff=$(disk_state | diff -u --label before --label now "$SHUNIT_TMPDIR/disks-before" -); then
		fail "block devices changed:
$diff"
	fi
	# Do not let a volume a failed test left behind hold a disk for the next.
	if [ -e /dev/mapper/ephvol-fx ]; then
		ephvol destroy fx >/dev/null 2>&1
		udevadm settle
	fi
	return 0
}

# ---------------------------------------------------------------- helpers

# word_re TYPE: an ERE matching TYPE as a whole word (types are [A-Za-z0-9_]).
word_re() { printf '(^|[^[:alnum:]_])%s([^[:alnum:]_]|$)' "$1"; }

# disk_save DEVICE: a copy of the whole device in $IMG (in the guest's tmpfs), read
# with O_DIRECT so the page cache cannot answer for the disk (tests/tools/disk-compare,
# of the main build).
disk_save() {
	rm -f "$IMG"
	"$TOP/build/tests/tools/disk-compare" save "$1" "$IMG"
}

# disk_changed DEVICE: prints how many bytes of DEVICE (read with O_DIRECT)
# differ from the copy disk_save made, and removes the copy.
disk_changed() {
	"$TOP/build/tests/tools/disk-compare" diff "$1" "$IMG"
	rm -f "$IMG"
}

# wipe_disks DEVICE...: no signature and no partition left (wipefs -a, then
# zeroes over the first and the last MiB, where every kind here keeps its
# magic), the kernel's partition table re-read, udev settled.
wipe_disks() {
	local d p mib rc=0
	for d in "$@"; do
		wipefs -q -a "$d" >/dev/null 2>&1
		mib=$(($(blockdev --getsize64 "$d") / 1048576))
		dd if=/dev/zero of="$d" bs=1M count=1 oflag=direct status=none || rc=1
		dd if=/dev/zero of="$d" bs=1M count=1 seek=$((mib - 1)) oflag=direct status=none || rc=1
		blockdev --flushbufs "$d"
		for p in "/sys/block/${d#/dev/}/${d#/dev/}"[0-9]*; do
			if [ -e "$p" ]; then
				blockdev --rereadpt "$d" || rc=1
				break
			fi
		done
	done
	udevadm settle
	return "$rc"
}

# Prints the signature types libblkid finds on DEVICE by full enumeration, as
# wipefs lists them (GPT forced, as ephvol does).  wipefs hides each magic it
# finds and probes again, so it also lists a prober's further magics (backup
# GPT, PMBR, LUKS2's second header, the dos table in an NTFS boot sector) that
# a single blkid_do_probe() pass reports once or not at all.
blkid_types() { wipefs -i -O TYPE "$1" 2>&1 | tr -s ' \n' '  '; }

# The volume fx is an active swap.
assert_fx_swap_active() {
	local dm
	dm=$(readlink -f /dev/mapper/ephvol-fx)
	assertTrue 'ephvol-fx exists' "[ -b '$dm' ]" || return
	assertEquals 'ephvol-fx is an active swap' 1 "$(awk -v d="$dm" '$1 == d' /proc/swaps | wc -l)"
}

# check_fixture KIND 'TYPE...' BUILDER [ARG...]
# Builds a fixture on $FX with BUILDER, checks that libblkid sees every TYPE on
# it, then that `create --swap` and `create --raw` on it are refused with exit 3
# and one line naming every TYPE, with not one byte of the disk changed.
# With FX_PARTITIONED=1 the fixture is a whole disk in which the kernel finds
# partitions, and the line expected is the one about partitions.
check_fixture() {
	local kind=$1 types=$2 t seen unnamed='' changed role refused=1 t0=$SECONDS
	local disks=$FX line='' name=${FX#/dev/} parts expect broken=''
	shift 2
	# Only the md fixtures write to the second disk.
	case $kind in md-*) disks="$FX $FX2" ;; esac
	# shellcheck disable=SC2086 # one or two device paths
	wipe_disks $disks || {
		fail "$kind: cannot wipe $disks"
		return 1
	}
	if ! "$@" >"$SHUNIT_TMPDIR/build.log" 2>&1; then
		fail "$kind: building the fixture failed: $*
$(tail -n 20 "$SHUNIT_TMPDIR/build.log")"
		SAFETY_UNBUILT="$SAFETY_UNBUILT $kind"
		# shellcheck disable=SC2086
		wipe_disks $disks
		return 1
	fi
	blockdev --flushbufs "$FX"
	# udevd has the kernel read the partitions again once it sees the disk
	# closed after a write, but may see it only after settle returns: ask now.
	[ -z "${FX_PARTITIONED:-}" ] || blockdev --rereadpt "$FX"
	udevadm settle
	# A fixture that is not what it claims would test nothing: a test bug.
	seen=$(blkid_types "$FX")
	parts=$(find "/sys/block/$name/" -mindepth 1 -maxdepth 1 -name "$name*" -printf '%f ')
	for t in $types; do
		grep -Eq -- "$(word_re "$t")" <<<"$seen" && continue
		broken="libblkid (wipefs) does not find $t on $FX, only: ${seen:-nothing}"
	done
	if [ -z "${FX_PARTITIONED:-}" ] && [ -n "$parts" ]; then
		broken="the kernel found partitions on $FX: $parts"
	elif [ -n "${FX_PARTITIONED:-}" ] && [ -z "$parts" ]; then
		broken="the kernel found no partition on $FX"
	fi
	if [ -n "$broken" ]; then
		fail "$kind: fixture broken: $broken"
		SAFETY_UNBUILT="$SAFETY_UNBUILT $kind"
		# shellcheck disable=SC2086
		wipe_disks $disks
		return 1
	fi
	disk_save "$FX" || {
		fail "$kind: cannot copy $FX"
		return 1
	}
	SAFETY_M=$((SAFETY_M + 1))

	if [ -n "${FX_PARTITIONED:-}" ]; then
		expect="^ephvol: Refusing to use $FX: it is a whole disk with partitions.*; use --force to override\\.$"
	else
		expect="^ephvol: Refusing to use $FX: it holds .+, which would be destroyed; use --force to override\\.$"
	fi
	for role in --swap --raw; do
		if assert_exit 3 ephvol create fx "$role" --device "$FX"; then
			line=$(head -n 1 "$STDERR")
			assert_one_line_stderr
			assert_contains "$STDERR" "$expect"
			[ -n "${FX_PARTITIONED:-}" ] && continue
			for t in $types; do
				assert_contains "$STDERR" "$(word_re "$t")"
			done
		else
			refused=0
			# Accepted by mistake: take the volume down again.
			[ "$LAST_EXIT" = 0 ] && ephvol destroy fx >/dev/null 2>&1
		fi
	done
	changed=$(disk_changed "$FX")
	assertEquals "$kind: bytes of $FX changed" 0 "$changed"
	[ "$refused" = 1 ] && SAFETY_N=$((SAFETY_N + 1))
	SAFETY_B=$((SAFETY_B + ${changed:-0}))
	# For the record: what wipefs would erase that the line does not name
	# (wipefs also lists a prober's further magics: backup GPT, PMBR, ...).
	for t in $seen; do
		[ -z "${FX_PARTITIONED:-}" ] || break
		grep -Eq -- "$(word_re "$t")" <<<"$line$unnamed" || unnamed="$unnamed $t"
	done
	echo "fixture $kind: libblkid (wipefs) finds: $seen; ephvol exit $LAST_EXIT," \
		"$changed byte(s) changed, $((SECONDS - t0)) s; ephvol said: $line${unnamed:+ [not named:$unnamed]}"
	# shellcheck disable=SC2086
	wipe_disks $disks
}

# ---------------------------------------------------------------- fixture builders
# Each writes one kind onto $FX (md also onto $FX2) with the real tool.

fx_mkfs() { "$@" "$FX"; }

# mkfs.xfs refuses devices under 300M unless it runs under fstests; the format
# it writes is the same.
fx_xfs() { TEST_DIR=/tmp TEST_DEV=$FX QA_CHECK_FS=xfs mkfs.xfs -q -f -K "$FX"; }

# An image file written onto the disk (read-only formats are made as images).
fx_image() {
	local img=$SHUNIT_TMPDIR/fx.img
	rm -f "$img"
	case $1 in
	squashfs) mksquashfs "$SRC" "$img" -noappend -quiet -no-progress ;;
	iso9660) genisoimage -quiet -R -o "$img" "$SRC" ;;
	cramfs) mkfs.cramfs "$SRC" "$img" ;;
	esac || return
	dd if="$img" of="$FX" bs=64k conv=fsync status=none
	rm -f "$img"
}

# What the kernel writes when it hibernates to a swap area: "S1SUSPEND\0"
# over "SWAPSPACE2" at the end of the first page.
fx_swsuspend() {
	mkswap -q "$FX" || return
	printf 'S1SUSPEND\0' | dd of="$FX" bs=1 seek=$(($(getconf PAGESIZE) - 10)) conv=notrunc,fsync status=none
}

fx_luks() {
	cryptsetup luksFormat -q --type "$1" --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
		--key-file "$KEYFILE" "$FX"
}

# An md member that is not active (the array is stopped again): a signature,
# not a device in use.
fx_md() {
	mdadm --create "$MD_FX" --run --level=1 --raid-devices=2 --assume-clean \
		--metadata="$1" "$FX" "$FX2" </dev/null || return
	udevadm settle
	mdadm --stop "$MD_FX" || return
	udevadm settle
}

fx_dos() { echo 'label: dos' | sfdisk -q "$FX"; }

fx_gpt() { sgdisk -o "$FX"; }

# Only the backup GPT at the end of the disk: the protective MBR (LBA 0) and
# the primary header (LBA 1) zeroed.
fx_gpt_backup() {
	sgdisk -o "$FX" || return
	dd if=/dev/zero of="$FX" bs=512 count=2 oflag=direct status=none
}

# ext4 with a stale swap header.  mkfs.ext4 after mkswap leaves none (it zeroes
# bytes 1024-4095 and the end of the disk), and libblkid ignores a SWAPSPACE2
# magic whose header (at 1024, where ext4 keeps its superblock) is not
# version 1; so it is crafted: a 4K-block ext4 (block 0 past its superblock is
# unused) with the old-style "SWAP-SPACE" magic at 4086.  e2fsck stays clean.
fx_ext4_stale_swap() {
	mkfs.ext4 -q -F -b 4096 "$FX" || return
	printf 'SWAP-SPACE' | dd of="$FX" bs=1 seek=4086 conv=notrunc,fsync status=none
}

# mkswap on a whole disk that has an MBR (no partitions) keeps the MBR: swap
# and a dos partition table, made by the tools alone.
fx_swap_over_dos() { fx_dos && mkswap -q "$FX"; }

# mkswap over a GPT disk: the swap header, the protective MBR and the backup GPT.
fx_swap_over_gpt() { fx_gpt && mkswap -q "$FX"; }

# ---------------------------------------------------------------- the fixture matrix

testFixtureExt2() { check_fixture ext2 ext2 fx_mkfs mkfs.ext2 -q -F; }
testFixtureExt3() { check_fixture ext3 ext3 fx_mkfs mkfs.ext3 -q -F; }
testFixtureExt4() { check_fixture ext4 ext4 fx_mkfs mkfs.ext4 -q -F; }
testFixtureXfs() { check_fixture xfs xfs fx_xfs; }
testFixtureBtrfs() { check_fixture btrfs btrfs fx_mkfs mkfs.btrfs -q -f -K; }
# Without --mbr=n, mkfs.fat puts an MBR with one partition spanning the disk
# into the boot sector of a whole disk: see testFixtureVfatFakeMbr.
testFixtureVfat() { check_fixture vfat vfat fx_mkfs mkfs.vfat -I --mbr=n; }
testFixtureExfat() { check_fixture exfat exfat fx_mkfs mkfs.exfat; }
testFixtureF2fs() { check_fixture f2fs f2fs fx_mkfs mkfs.f2fs -q -f -t 0; }
testFixtureNtfs() { check_fixture ntfs ntfs fx_mkfs mkntfs -q -Q -F; }
testFixtureMinix() { check_fixture minix minix fx_mkfs mkfs.minix; }
testFixtureSquashfs() { check_fixture squashfs squashfs fx_image squashfs; }
testFixtureIso9660() { check_fixture iso9660 iso9660 fx_image iso9660; }
testFixtureCramfs() { check_fixture cramfs cramfs fx_image cramfs; }
testFixtureSwap() { check_fixture swap swap fx_mkfs mkswap -q; }
testFixtureSwsuspend() { check_fixture swsuspend swsuspend fx_swsuspend; }
testFixtureLuks1() { check_fixture luks1 crypto_LUKS fx_luks luks1; }
testFixtureLuks2() { check_fixture luks2 crypto_LUKS fx_luks luks2; }
testFixtureLvmPv() { check_fixture lvm-pv LVM2_member fx_mkfs pvcreate -q -y -ff; }
testFixtureMd090() { check_fixture md-0.90 linux_raid_member fx_md 0.90; }
testFixtureMd10() { check_fixture md-1.0 linux_raid_member fx_md 1.0; }
testFixtureMd12() { check_fixture md-1.2 linux_raid_member fx_md 1.2; }
testFixtureBcache() { check_fixture bcache bcache fx_mkfs make-bcache -B; }
testFixtureDos() { check_fixture dos dos fx_dos; }
testFixtureGpt() { check_fixture gpt gpt fx_gpt; }
testFixtureGptBackupOnly() { check_fixture gpt-backup-only gpt fx_gpt_backup; }
testFixtureExt4StaleSwap() { check_fixture ext4+stale-swap 'ext4 swap' fx_ext4_stale_swap; }
testFixtureSwapOverDos() { check_fixture swap+dos 'swap dos' fx_swap_over_dos; }
testFixtureSwapOverGpt() { check_fixture swap+gpt 'swap gpt' fx_swap_over_gpt; }
# mkfs.fat's default on a whole disk: the kernel sees a partition (vda1) in its
# fake MBR, so the refusal is about partitions.
testFixtureVfatFakeMbr() { FX_PARTITIONED=1 check_fixture vfat+fake-mbr vfat fx_mkfs mkfs.vfat -I; }

# ---------------------------------------------------------------- in use: --force does not help

# check_in_use WHAT: $USE is in use (the caller made it so); refused with and
# without --force, the disk unchanged.
check_in_use() {
	local what=$1 force
	blockdev --flushbufs "$USE"
	disk_save "$USE"
	for force in '' --force; do
		# shellcheck disable=SC2086 # $force is one word or none
		assert_exit 3 ephvol create fx --swap --device "$USE" $force || continue
		assert_one_line_stderr
		assert_contains "$STDERR" "^ephvol: Refusing to use $USE: .*in use"
	done
	assertEquals "$what: bytes of $USE changed" 0 "$(disk_changed "$USE")"
}

testInUseMounted() {
	wipe_disks "$USE"
	# No lazy init: nothing writes to the disk behind the test's back.
	if ! mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$USE" ||
		! mount "$USE" "$MNT"; then
		fail 'cannot mount an ext4 on the disk'
		return
	fi
	sync
	check_in_use mounted
	umount "$MNT"
	wipe_disks "$USE"
}

testInUseActiveSwap() {
	wipe_disks "$USE"
	if ! mkswap -q "$USE" || ! swapon "$USE"; then
		fail 'cannot activate a swap on the disk'
		return
	fi
	check_in_use 'active swap'
	swapoff "$USE"
	wipe_disks "$USE"
}

testInUseHeldByDm() {
	wipe_disks "$USE"
	if ! dmsetup create "$DM_LIN" --table "0 $(blockdev --getsz "$USE") linear $USE 0"; then
		fail 'cannot create a dm linear device over the disk'
		return
	fi
	udevadm settle
	check_in_use 'held by dm'
	dmsetup remove "$DM_LIN"
	udevadm settle
	wipe_disks "$USE"
}

testInUseHeldByMd() {
	wipe_disks "$USE" "$USE2"
	if ! mdadm --create "$MD_USE" --run --level=1 --raid-devices=2 --assume-clean \
		--metadata=1.2 "$USE" "$USE2" </dev/null >"$SHUNIT_TMPDIR/md.log" 2>&1; then
		fail "cannot assemble an md array over the disk: $(cat "$SHUNIT_TMPDIR/md.log")"
		return
	fi
	udevadm settle
	check_in_use 'held by md'
	mdadm --stop "$MD_USE" >/dev/null 2>&1
	udevadm settle
	wipe_disks "$USE" "$USE2"
}

testInUseOpenedExclusively() {
	local ready=$SHUNIT_TMPDIR/holder.ready
	wipe_disks "$USE"
	rm -f "$ready"
	python3 -c 'import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_EXCL)
open(sys.argv[2], "w").close()
time.sleep(600)' "$USE" "$ready" &
	echo $! >"$SHUNIT_TMPDIR/holder.pid"
	for _ in $(seq 100); do [ -e "$ready" ] && break; sleep 0.1; done
	assertTrue 'a process holds the disk open with O_EXCL' "[ -e '$ready' ]" || return
	check_in_use 'opened O_EXCL'
	kill "$(cat "$SHUNIT_TMPDIR/holder.pid")"
	wait "$(cat "$SHUNIT_TMPDIR/holder.pid")" 2>/dev/null
	rm -f "$SHUNIT_TMPDIR/holder.pid" "$ready"
}

# refused_then_forced REASON_RE: create --swap on $USE is refused (exit 3, one
# line matching REASON_RE) without a byte changed, and --force takes the
# device, says what it destroys, and makes a working swap.
refused_then_forced() {
	disk_save "$USE"
	assert_exit 3 ephvol create fx --swap --device "$USE"
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol: Refusing to use $USE: $1"
	assertEquals 'bytes changed' 0 "$(disk_changed "$USE")"
	if assert_exit 0 ephvol create fx --swap --device "$USE" --force; then
		assert_contains "$STDERR" "^ephvol: --force: destroying .+ on $USE\\.$"
		assert_fx_swap_active
		assert_exit 0 ephvol destroy fx
	fi
}

# ---------------------------------------------------------------- partitions, --force

testPartitionedDiskRefusedThenForced() {
	wipe_disks "$USE"
	if ! printf 'label: dos\n,64M\n,64M\n' | sfdisk -q "$USE"; then
		fail 'cannot partition the disk'
		return
	fi
	udevadm settle
	assertTrue 'the kernel sees the partitions' "[ -e /sys/block/vdc/vdc2/partition ]"
	blockdev --flushbufs "$USE"
	refused_then_forced "it is a whole disk with partitions"
	wipe_disks "$USE"
	blockdev --rereadpt "$USE"
	udevadm settle
}

testForceDestroysExt4AndSaysSo() {
	wipe_disks "$USE"
	mkfs.ext4 -q -F "$USE" || {
		fail 'mkfs.ext4 failed'
		return
	}
	blockdev --flushbufs "$USE"
	udevadm settle
	if assert_exit 0 ephvol create fx --swap --device "$USE" --force; then
		assert_contains "$STDERR" "^ephvol: --force: destroying ext4([^[:alnum:]_].*)? on $USE\\.$"
		assert_not_contains "$STDERR" 'Refusing'
		assert_fx_swap_active
		assert_exit 0 ephvol destroy fx
		assertFalse 'mapping gone' '[ -e /dev/mapper/ephvol-fx ]'
		blockdev --flushbufs "$USE"
		assert_not_contains <(blkid_types "$USE") "$(word_re ext4)"
	fi
	wipe_disks "$USE"
}

# ---------------------------------------------------------------- resume= (hibernation)

# fake_cmdline WORDS: /proc/cmdline reads as the real one plus WORDS.
fake_cmdline() {
	printf '%s %s\n' "$(cat /proc/cmdline)" "$*" >"$FAKE_CMDLINE" &&
		mount --bind "$FAKE_CMDLINE" /proc/cmdline
}

# check_resume SPEC: a swap area on $USE named resume=SPEC is refused (the line
# names resume=), and taken with --force.
check_resume() {
	local spec=$1
	fake_cmdline "resume=$spec" || {
		fail 'cannot bind-mount a fake /proc/cmdline'
		return
	}
	assert_contains /proc/cmdline " resume=$spec\$"
	refused_then_forced '.*(resume=|hibernat)'
	umount /proc/cmdline
	rm -f "$FAKE_CMDLINE"
}

new_swap() {
	wipe_disks "$USE"
	mkswap -q "$USE" && blockdev --flushbufs "$USE" && udevadm settle
}

testResumeByPath() {
	new_swap || return
	# Another device named by resume= is no reason: the plain signature refusal.
	fake_cmdline "resume=$USE2" || return
	assert_exit 3 ephvol create fx --swap --device "$USE"
	assert_one_line_stderr
	assert_not_contains "$STDERR" 'resume=|hibernat'
	assert_contains "$STDERR" "$(word_re swap)"
	umount /proc/cmdline
	check_resume "$USE"
	wipe_disks "$USE"
}

testResumeByUuid() {
	local uuid
	new_swap || return
	uuid=$(blkid -p -s UUID -o value "$USE")
	assertNotEquals 'the swap has a UUID' '' "$uuid" || return
	check_resume "UUID=$uuid"
	wipe_disks "$USE"
}

testResumeByMajMin() {
	new_swap || return
	check_resume "$(($(stat -c '0x%t' "$USE"))):$(($(stat -c '0x%T' "$USE")))"
	wipe_disks "$USE"
}

# ---------------------------------------------------------------- summary

testSafetySummary() {
	echo "SAFETY: $SAFETY_N of $SAFETY_M refused, $SAFETY_B bytes changed"
	if [ -n "$SAFETY_UNBUILT" ]; then
		echo "SAFETY: fixtures that could not be built or checked:$SAFETY_UNBUILT"
	fi
	assertEquals 'fixtures refused' "$SAFETY_M" "$SAFETY_N"
	assertEquals 'bytes changed' 0 "$SAFETY_B"
	assertEquals 'fixtures not built' '' "$SAFETY_UNBUILT"
}

# shellcheck source=/dev/null
. shunit2
