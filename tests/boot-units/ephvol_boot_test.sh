#!/bin/bash
# ephvol_boot_test.sh - runs in a guest booted with systemd as PID 1 (tests/vm/run -S),
# with ephvol's packages installed by dpkg (tests/vm/run -p) and the /etc/ephvol.conf of
# tests/boot-units/run: a zram swap (zswap), a disk swap (dswap) and a disk /tmp
# (tmp). Checks what the boot made of them. It prints "KEYPROBE NAME HASH"
# lines, the hash of 4 KiB read through each dm-crypt mapping where nothing was
# ever written (plaintext = the key's decryption of what is on the disk), for
# tests/boot-units/run to compare across boots.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

EPHVOL=/usr/sbin/ephvol

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	[ "$(cat /proc/1/comm)" = systemd ] || {
		echo "PID 1 is $(cat /proc/1/comm), not systemd: run with tests/vm/run -S" >&2
		return 1
	}
	[ -x "$EPHVOL" ]
}

testSystemIsRunningWithNoFailedUnits() {
	# The suite runs after multi-user.target; the boot itself is done.
	assertEquals 'failed units' '' "$(systemctl --failed --no-legend --plain)"
	# A swap's service turned it on, before udev named the device: systemd's unit for
	# it is the kernel-named one (dev-ephvol-NAME.swap is only once systemd has read
	# /proc/swaps again since).
	assertEquals 'ephvol units active' 'active active active active active active' \
		"$(systemctl is-active ephvol-setup@zswap.service ephvol-setup@dswap.service \
			ephvol-setup@tmp.service tmp.mount \
			"$(systemd-escape --path --suffix=swap "$(readlink -f /dev/ephvol/zswap)")" \
			"$(systemd-escape --path --suffix=swap "$(readlink -f /dev/ephvol/dswap)")" | xargs)"
}

testInstalledByThePackages() {
	assertEquals 'ephvol installed' 'install ok installed' "$(dpkg-query -W -f='${Status}' ephvol)"
	assertEquals 'libephvol0 installed' 'install ok installed' "$(dpkg-query -W -f='${Status}' libephvol0)"
	assertEquals '/usr/sbin/ephvol from' 'ephvol: /usr/sbin/ephvol' "$(dpkg -S /usr/sbin/ephvol)"
	assertEquals 'generator from' 'ephvol: /lib/systemd/system-generators/ephvol-generator' \
		"$(dpkg -S /lib/systemd/system-generators/ephvol-generator)"
	# Installing enabled two things, the gc and audit timers; the zram swap unit stays
	# opt-in.
	assertEquals 'ephvol-zram-swap.service' disabled "$(systemctl is-enabled ephvol-zram-swap.service)"
	assertEquals 'ephvol-gc.timer' 'enabled active' \
		"$(systemctl is-enabled ephvol-gc.timer) $(systemctl is-active ephvol-gc.timer)"
	assertEquals 'ephvol-audit.timer' 'enabled active' \
		"$(systemctl is-enabled ephvol-audit.timer) $(systemctl is-active ephvol-audit.timer)"
	# Nothing under /usr/local: this boot is the package's, not a make install's.
	assertFalse '/usr/local/sbin/ephvol' "[ -e /usr/local/sbin/ephvol ]"
}

# A run whose ephvol is SIGKILLed leaves its volume (dm-crypt over a loop device on a
# file) to gc; the packaged ephvol-gc.service reclaims it, within its sandbox.
testGcServiceReclaimsAKilledRun() {
	local pid name i img=/var/lib/ephvol-gc-test.img
	"$EPHVOL" run --file "$img" --size 64M -- sleep 4242.4242 &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		name=$("$EPHVOL" status --noheadings --raw -o name | grep '^run-')
		[ -n "$name" ] && [ "$("$EPHVOL" status --noheadings --raw -o state "$name")" = active ] && break
		sleep 0.1
	done
	assertNotEquals 'the run volume is up' '' "$name"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	assertEquals 'orphaned' orphaned "$("$EPHVOL" status --noheadings --raw -o state "$name")"
	assertTrue 'ephvol-gc.service runs' 'systemctl start ephvol-gc.service'
	journalctl -b -u ephvol-gc.service --no-pager -o cat >"$SHUNIT_TMPDIR/journal"
	assert_contains "$SHUNIT_TMPDIR/journal" "^Reclaimed volume $name of PID $pid \\(sleep 4242\\.4242\\)\\.$"
	assertFalse 'no volume left' "$EPHVOL status $name >/dev/null 2>&1"
	assertFalse 'no mapping left' "dmsetup info ephvol-$name >/dev/null 2>&1"
	assertEquals 'no loop device left on the file' '' "$(losetup -j "$img")"
	rm -f "$img"
}

testUnitsComeFromTheGenerator() {
	local u
	for u in ephvol-setup@zswap.service dev-ephvol-dswap.swap tmp.mount; do
		assertEquals "$u generated" "/run/systemd/generator/$u" \
			"$(systemctl show -P FragmentPath "$u")"
	done
	assertEquals 'source' /etc/ephvol.conf "$(systemctl show -P SourcePath tmp.mount)"
	# Ordering as promised: swap and /tmp ready before ordinary services,
	# bound to the backing disk, stopped before umount.target.
	show() { systemctl show -P "$1" "$2" >"$SHUNIT_TMPDIR/show"; }
	show Before dev-ephvol-zswap.swap
	assert_contains "$SHUNIT_TMPDIR/show" 'swap.target'
	# A swap's service turns it on itself and says when (READY=1): swap.target waits
	# for the services, the .swap units came to life when udev named the devices.
	for u in zswap dswap; do
		assertEquals "ephvol-setup@$u type" notify "$(systemctl show -P Type "ephvol-setup@$u.service")"
		show Before "ephvol-setup@$u.service"
		assert_contains "$SHUNIT_TMPDIR/show" 'swap.target'
		assert_contains "$SHUNIT_TMPDIR/show" "dev-ephvol-$u.swap"
		show RequiredBy "ephvol-setup@$u.service"
		assert_contains "$SHUNIT_TMPDIR/show" 'swap.target'
	done
	show Requires swap.target
	assert_not_contains "$SHUNIT_TMPDIR/show" 'dev-ephvol-'
	show Before tmp.mount
	assert_contains "$SHUNIT_TMPDIR/show" 'local-fs.target'
	show After tmp.mount
	assert_contains "$SHUNIT_TMPDIR/show" 'swap.target'
	show BindsTo ephvol-setup@dswap.service
	# systemd may name the disk by its by-id link or by its kernel name.
	assert_contains "$SHUNIT_TMPDIR/show" \
		"dev-disk-by.+x2did-virtio.+x2dscratch.+x2dvda.device|$(systemd-escape --path --suffix=device "$(readlink -f /dev/disk/by-id/virtio-scratch-vda)")"
	show Before ephvol-setup@tmp.service
	assert_contains "$SHUNIT_TMPDIR/show" 'umount.target'
	show Conflicts ephvol-setup@tmp.service
	assert_contains "$SHUNIT_TMPDIR/show" 'umount.target'
}

# The modules a disk volume's setup asks for load with the boot: its service wants the
# modprobe@ units and is not ordered after them; they ran, and the modules are in.
testModulesLoadWithTheBoot() {
	local cipher m
	# cipher = auto, as create picks it for this CPU
	if grep -qw aes /proc/cpuinfo; then cipher='crypto-xts crypto-aes'; else cipher='crypto-adiantum crypto-xchacha12 crypto-aes'; fi
	systemctl show -P Wants ephvol-setup@tmp.service >"$SHUNIT_TMPDIR/wants"
	systemctl show -P After ephvol-setup@tmp.service >"$SHUNIT_TMPDIR/after"
	for m in dm_crypt $cipher fs-ext4; do
		assert_contains "$SHUNIT_TMPDIR/wants" "modprobe@$m\\.service"
		assert_not_contains "$SHUNIT_TMPDIR/after" "modprobe@$m\\.service"
		assertEquals "modprobe@$m ran" success "$(systemctl show -P Result "modprobe@$m.service")"
		assertNotEquals "modprobe@$m ran" 0 "$(systemctl show -P ExecMainStartTimestampMonotonic "modprobe@$m.service")"
	done
	assertTrue 'dm_crypt loaded' '[ -d /sys/module/dm_crypt ]'
	assert_not_contains <(systemctl show -P Wants ephvol-setup@zswap.service) 'modprobe@'
}

testUnitsPassSystemdAnalyzeVerify() {
	local u
	for u in /run/systemd/generator/ephvol-setup@*.service /run/systemd/generator/dev-ephvol-*.swap \
		/run/systemd/generator/tmp.mount; do
		assert_exit 0 systemd-analyze verify "$u"
	done
}

testAllThreeActive() {
	local zdev ddev
	zdev=$(readlink -f /dev/ephvol/zswap)
	ddev=$(readlink -f /dev/ephvol/dswap)
	assert_contains <(printf '%s\n' "$zdev") '^/dev/zram[0-9]+$'
	assert_contains <(printf '%s\n' "$ddev") '^/dev/dm-[0-9]+$'
	assert_contains /proc/swaps "^$zdev "
	assert_contains /proc/swaps "^$ddev "
	assertEquals 'zram swap priority' 100 "$(awk -v d="$zdev" '$1 == d { print $5 }' /proc/swaps)"
	assertEquals '/tmp source' "$(readlink -f /dev/ephvol/tmp)" "$(readlink -f "$(findmnt -no SOURCE /tmp)")"
	assertEquals '/tmp type' ext4 "$(findmnt -no FSTYPE /tmp)"
	assertEquals '/tmp mode' 1777 "$(stat -c %a /tmp)"
	assert_contains <(findmnt -no OPTIONS /tmp) 'nosuid,nodev'
	assert_exit 0 "$EPHVOL" status --json
	assertEquals 'volumes' 'dswap disk swap encrypted|tmp disk tmp encrypted|zswap zram swap ram-only' \
		"$(json_get "$STDOUT" '"|".join(" ".join([v["name"], v["backend"], v["role"], v["protection"]]) for v in d["volumes"])')"
	assertEquals 'key in the keyring, not the table' 'keyring keyring' \
		"$(json_get "$STDOUT" '" ".join(v["key_location"] for v in d["volumes"] if v["backend"] == "disk")')"
}

# Nothing was written to /tmp before the volume was mounted over it: a bind
# mount of / (without its submounts) shows what lies underneath. (The harness
# boots with an empty /tmp: tests/vm/run -S.)
testNothingHiddenUnderTmp() {
	local under=/run/ephvol-under
	mkdir -p "$under"
	if ! mount --bind / "$under"; then
		fail 'bind mount of /'
		return
	fi
	# Entries that the host's own /tmp shows through the read-only lower layer
	# (the host is busy while the guest runs) are not the guest's writes.
	assertEquals 'files under the /tmp mount' '' \
		"$(find "$under/tmp" -mindepth 1 -maxdepth 1 -printf '%f\n' | while IFS= read -r f; do
			[ -e "${EPHVOL_VM_HOSTROOT:-/.hostroot}/tmp/$f" ] || printf '%s\n' "$f"
		done)"
	umount "$under"
	rmdir "$under"
}

testUdevLinksAndHiding() {
	local dev
	for dev in zswap dswap tmp; do
		assertTrue "/dev/ephvol/$dev" "[ -b /dev/ephvol/$dev ]"
		assertEquals "UDISKS_IGNORE $dev" 1 \
			"$(udevadm info -q property --property=UDISKS_IGNORE --value "/dev/ephvol/$dev")"
	done
	# The rules file as installed parses without complaint.
	udevadm test "/sys/class/block/$(basename "$(readlink -f /dev/ephvol/zswap)")" >"$STDOUT" 2>&1
	assert_contains "$STDOUT" '/lib/udev/rules.d/60-ephvol.rules'
	assert_not_contains "$STDOUT" '60-ephvol.rules:[0-9]+.*([Ii]nvalid|[Ee]rror|[Uu]nknown)'
}

# The key is random per boot: the same on-disk bytes decrypt to something else at
# the next boot. The probe reads 4 KiB nobody wrote (create zeroes the edges,
# mkswap the first page, mkfs.ext4 the start and the journal in the middle):
# at 1/2 of the swap, at 7/8 of the file system. Read twice here to show the
# probe itself is stable, and checked not to be zeros (a block written since).
testKeyProbe() {
	local name num h1 h2 zeros
	zeros=$(head -c 4096 /dev/zero | sha256sum | cut -d' ' -f1)
	for name in dswap:1/2 tmp:7/8; do
		num=${name#*:}
		name=${name%%:*}
		h1=$(keyprobe "/dev/ephvol/$name" "$num")
		h2=$(keyprobe "/dev/ephvol/$name" "$num")
		assertEquals "probe of $name is stable" "$h1" "$h2"
		assertNotEquals "probe of $name read something" '' "$h1"
		assertNotEquals "probe of $name is not a written block of zeros" "$zeros" "$h1"
		echo "KEYPROBE $name $h1"
	done
}

keyprobe() { # DEVICE FRACTION
	local blocks=$(($(blockdev --getsize64 "$1") / 4096))
	dd if="$1" bs=4096 count=1 skip=$((blocks * ${2%/*} / ${2#*/})) iflag=direct status=none |
		sha256sum | cut -d' ' -f1
}

# Boot 2 (reboot_test.sh) sources the tests and picks its own.
if [ -z "${EPHVOL_BOOT_TESTS_ONLY:-}" ]; then
	# shellcheck source=/dev/null
	. shunit2
fi
