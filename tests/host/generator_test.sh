#!/bin/bash
# generator_test.sh - ephvol-generator turns configuration into systemd units:
# which units, their links into swap.target/local-fs.target, their ordering,
# unit names as systemd-escape spells them, ephvol=0, nofail, and the units
# pass `systemd-analyze verify` against an installed tree. Needs no root and
# touches nothing outside its temporary directory.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	[ -x "$BUILD/ephvol-generator" ] || {
		echo "$BUILD/ephvol-generator is not built (run make)" >&2
		return 1
	}
	command -v systemd-analyze >/dev/null && command -v systemd-escape >/dev/null
}

suite_setUp() {
	ROOT=$SHUNIT_TMPDIR/root
	OUT=$SHUNIT_TMPDIR/out
	rm -rf "$ROOT" "$OUT"
	mkdir -p "$ROOT/etc" "$ROOT/proc" "$OUT"
	echo "BOOT_IMAGE=/vmlinuz root=/dev/vda1 quiet" >"$ROOT/proc/cmdline"
}

# generate: runs the generator as systemd would (three directories).
generate() {
	EPHVOL_GENERATOR_ROOT=$ROOT LD_LIBRARY_PATH=$BUILD \
		"$BUILD/ephvol-generator" "$OUT" "$OUT" "$OUT" >"$STDOUT" 2>"$STDERR"
	LAST_EXIT=$?
	return "$LAST_EXIT"
}

units() { (cd "$OUT" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | xargs); }

config_spec() {
	cat >"$ROOT/etc/ephvol.conf" <<-'EOF'
		[zswap]
		role = swap
		size = min(ram / 2, 4096M)

		[dswap]
		role = swap
		device = /dev/disk/by-id/virtio-scratch-vdb

		[tmp]
		role = tmp
		mount = /tmp
		device = PARTLABEL=scratch
		mount-options = noatime
	EOF
}

testUnitsAndLinks() {
	config_spec
	generate
	assertEquals 'exit status' 0 "$LAST_EXIT"
	assertEquals 'silent' '' "$(cat "$STDERR")"
	assertEquals 'files' "dev-ephvol-dswap.swap dev-ephvol-zswap.swap ephvol-setup@dswap.service ephvol-setup@tmp.service ephvol-setup@zswap.service local-fs.target.requires local-fs.target.requires/tmp.mount swap.target.requires swap.target.requires/dev-ephvol-dswap.swap swap.target.requires/dev-ephvol-zswap.swap tmp.mount" "$(units)"
	assertEquals 'link target' ../tmp.mount "$(readlink "$OUT/local-fs.target.requires/tmp.mount")"
}

testServiceOrdering() {
	local s
	config_spec
	generate || return
	s=$OUT/ephvol-setup@dswap.service
	assert_contains "$s" '^DefaultDependencies=no$'
	assert_contains "$s" '^Conflicts=umount.target$'
	assert_contains "$s" '^Before=umount.target$'
	assert_contains "$s" '^Before=dev-ephvol-dswap.swap$'
	assert_contains "$s" "^BindsTo=$(systemd-escape --path --suffix=device /dev/disk/by-id/virtio-scratch-vdb | sed 's/\\/\\\\/g')\$"
	assert_contains "$s" "^ExecStart=/.*/ephvol up --no-activate dswap\$"
	assert_contains "$s" "^ExecStop=/.*/ephvol down dswap\$"
	assert_contains "$OUT/ephvol-setup@tmp.service" '^BindsTo=dev-disk-by\\x2dpartlabel-scratch.device$'
	assert_contains "$OUT/ephvol-setup@tmp.service" '^Before=tmp.mount$'
	# One by one, in the order of the configuration (and torn down in reverse).
	assert_not_contains "$OUT/ephvol-setup@zswap.service" '^After=ephvol-setup@'
	assert_contains "$OUT/ephvol-setup@dswap.service" '^After=ephvol-setup@zswap.service$'
	assert_contains "$OUT/ephvol-setup@tmp.service" '^After=ephvol-setup@dswap.service$'
	# zram has no backing device to wait for.
	assert_not_contains "$OUT/ephvol-setup@zswap.service" '^BindsTo='
}

testSwapAndMountUnits() {
	config_spec
	generate || return
	assert_contains "$OUT/dev-ephvol-zswap.swap" '^What=/dev/ephvol/zswap$'
	assert_contains "$OUT/dev-ephvol-zswap.swap" '^Priority=100$'
	assert_contains "$OUT/dev-ephvol-zswap.swap" '^Options=discard$'
	assert_contains "$OUT/dev-ephvol-zswap.swap" '^Requires=ephvol-setup@zswap.service$'
	assert_not_contains "$OUT/dev-ephvol-dswap.swap" '^Priority='
	assert_not_contains "$OUT/dev-ephvol-dswap.swap" '^Options='
	assert_contains "$OUT/tmp.mount" '^What=/dev/ephvol/tmp$'
	assert_contains "$OUT/tmp.mount" '^Where=/tmp$'
	assert_contains "$OUT/tmp.mount" '^Type=ext4$'
	assert_contains "$OUT/tmp.mount" '^Options=nosuid,nodev,noatime$'
	assert_contains "$OUT/tmp.mount" '^After=swap.target$'
	assert_contains "$OUT/tmp.mount" '^SourcePath=/etc/ephvol.conf$'
}

testNamesAsSystemdEscapes() {
	local want
	cat >"$ROOT/etc/ephvol.conf" <<-'EOF'
		[my-swap.1]
		role = swap
		device = PARTLABEL=a b/c

		[t]
		role = tmp
		mount = /srv/scratch-1/.x y
		file = /var/lib/ephvol/t.img
		size = 64M
	EOF
	generate || return
	want=$(systemd-escape --path --suffix=swap /dev/ephvol/my-swap.1)
	assertTrue "swap unit $want" "[ -f '$OUT/$want' ]"
	want=$(systemd-escape --path --suffix=mount '/srv/scratch-1/.x y')
	assertTrue "mount unit $want" "[ -f '$OUT/$want' ]"
	# udev writes "a b/c" as a\x20b\x2fc in /dev/disk/by-partlabel.
	want=$(systemd-escape --path --suffix=device '/dev/disk/by-partlabel/a\x20b\x2fc')
	assertEquals 'device unit' "BindsTo=$want" "$(grep '^BindsTo=' "$OUT/ephvol-setup@my-swap.1.service")"
	assert_contains "$OUT/ephvol-setup@t.service" '^RequiresMountsFor=/var/lib/ephvol/t.img$'
}

testKernelCommandLineOff() {
	config_spec
	echo "quiet ephvol=0 splash" >"$ROOT/proc/cmdline"
	generate
	assertEquals 'exit status' 0 "$LAST_EXIT"
	assertEquals 'no units' '' "$(units)"
	# The last word wins, as for the kernel.
	echo "ephvol=0 ephvol=1" >"$ROOT/proc/cmdline"
	generate
	assertNotEquals 'units' '' "$(units)"
}

testNofail() {
	cat >"$ROOT/etc/ephvol.conf" <<-'EOF'
		[s]
		role = swap
		device = /dev/vdb
		nofail = yes

		[t]
		role = tmp
		mount = /tmp
		device = /dev/vdc
		nofail = yes

		[r]
		role = raw
		device = /dev/vdd
		nofail = yes

		[r2]
		role = raw
		device = /dev/vde
	EOF
	generate || return
	assertEquals 'files' "dev-ephvol-s.swap ephvol-setup@r.service ephvol-setup@r2.service ephvol-setup@s.service ephvol-setup@t.service local-fs.target.requires local-fs.target.requires/ephvol-setup@r2.service local-fs.target.wants local-fs.target.wants/ephvol-setup@r.service local-fs.target.wants/tmp.mount swap.target.wants swap.target.wants/dev-ephvol-s.swap tmp.mount" "$(units)"
	assert_contains "$OUT/dev-ephvol-s.swap" '^Options=nofail$'
	assert_contains "$OUT/tmp.mount" '^Options=nosuid,nodev,nofail$'
	# A raw volume has no unit after it; it is ordered before local-fs.target unless nofail.
	assert_not_contains "$OUT/ephvol-setup@r.service" '^Before=local-fs.target$'
	assert_contains "$OUT/ephvol-setup@r2.service" '^Before=local-fs.target$'
}

testBadConfigurationWritesNothing() {
	printf '[s]\nrole = swap\nbackend = floppy\n' >"$ROOT/etc/ephvol.conf"
	generate
	assertEquals 'exit status' 1 "$LAST_EXIT"
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol-generator: No volumes: /etc/ephvol.conf:3: invalid backend 'floppy'"
	assertEquals 'no units' '' "$(units)"
}

testBadVolumeSkippedOthersWritten() {
	config_spec
	printf '\n[half]\nrole = tmp\n' >>"$ROOT/etc/ephvol.conf"
	generate
	assertEquals 'exit status' 1 "$LAST_EXIT"
	assert_one_line_stderr
	assert_contains "$STDERR" 'Skipping volume half: /etc/ephvol.conf:[0-9]+: role tmp in \[half\] needs mount'
	assertTrue 'others written' "[ -f '$OUT/tmp.mount' ] && [ -f '$OUT/dev-ephvol-zswap.swap' ]"
	assertFalse 'nothing of half' "ls '$OUT' | grep -q half"
}

testExistingUnitIsNotOverwritten() {
	config_spec
	# As systemd-fstab-generator would write it for a /tmp in /etc/fstab.
	echo '# fstab' >"$OUT/tmp.mount"
	generate
	assertEquals 'exit status' 1 "$LAST_EXIT"
	assert_one_line_stderr
	assert_contains "$STDERR" 'Skipping volume tmp: unit tmp.mount already exists'
	assertEquals 'fstab unit kept' '# fstab' "$(cat "$OUT/tmp.mount")"
	assertFalse 'no service for tmp' "[ -e '$OUT/ephvol-setup@tmp.service' ]"
	assertTrue 'the other volumes written' "[ -f '$OUT/dev-ephvol-dswap.swap' ]"
}

testNoConfiguration() {
	generate
	assertEquals 'exit status' 0 "$LAST_EXIT"
	assertEquals 'no units' '' "$(units)"
}

# install_and_generate: make install into $INST (a temporary root, with
# systemd's own units, which ours name), then the installed generator (which
# names the installed ephvol: another suite may have rebuilt the work tree's
# for other paths) writes the units of $ROOT's configuration into $OUT and
# $UNITDIR, where systemd-analyze --root="$INST" finds them.
install_and_generate() {
	INST=$SHUNIT_TMPDIR/inst
	UNITDIR=$INST/usr/local/lib/systemd/system
	rm -rf "$INST"
	if ! make -s -C "$TOP" B="$BUILD" install DESTDIR="$INST" PREFIX=/usr/local \
		>"$SHUNIT_TMPDIR/install.log" 2>&1; then
		cat "$SHUNIT_TMPDIR/install.log"
		fail 'make install'
		return 1
	fi
	EPHVOL_GENERATOR_ROOT=$ROOT LD_LIBRARY_PATH=$INST/usr/local/lib \
		"$INST/usr/local/lib/systemd/system-generators/ephvol-generator" "$OUT" "$OUT" "$OUT" ||
		fail 'installed generator' || return 1
	mkdir -p "$INST/usr/lib/systemd"
	cp -a /usr/lib/systemd/system "$INST/usr/lib/systemd/"
	cp "$OUT"/*.service "$OUT"/*.swap "$OUT"/*.mount "$UNITDIR/" 2>/dev/null
	return 0
}

# The generated units, next to an installed ephvol (make install into a
# temporary root), pass systemd's own checks; and a broken unit would not.
testSystemdAnalyzeVerify() {
	local u unitdir
	config_spec
	install_and_generate || return
	unitdir=$UNITDIR
	# The generated units, and the ones make install ships (templates as an instance).
	for u in "$OUT"/*.service "$OUT"/*.swap "$OUT"/*.mount "$unitdir"/ephvol-*; do
		u=${u##*/}
		assert_exit 0 systemd-analyze verify --man=no --root="$INST" "${u/@./@x.}"
	done
	# The check can fail: a unit whose command does not exist.
	sed -i 's|^ExecStart=.*|ExecStart=/usr/local/sbin/no-such-ephvol up|' "$unitdir/ephvol-setup@zswap.service"
	assert_exit 1 systemd-analyze verify --man=no --root="$INST" ephvol-setup@zswap.service
}

# Regression: values went into the units as they were, so systemd expanded a '%'
# in a mount point (Where= then no longer matched the unit name: the mount was
# refused) and split a backing file's path at its blanks (RequiresMountsFor=).
# Escaped, systemd reads back exactly the configured values: verify is silent.
testValuesEscapedForSystemd() {
	local u mount
	cat >"$ROOT/etc/ephvol.conf" <<-'EOF'
		[t]
		role = tmp
		mount = /srv/a b%c
		file = /var/lib/eph vol/t%1 "q".img
		size = 64M
		mount-options = errors=remount-ro,x%y

		[z]
		role = swap
		writeback = /var/lib/wb dir/z$HOME\x.img
	EOF
	install_and_generate || return
	mount=$(systemd-escape --path --suffix=mount '/srv/a b%c')
	assertTrue "mount unit $mount" "[ -f '$OUT/$mount' ]"
	assert_contains "$OUT/$mount" '^Where=/srv/a b%%c$'
	assert_contains "$OUT/$mount" '^Options=nosuid,nodev,errors=remount-ro,x%%y$'
	assert_contains "$OUT/ephvol-setup@t.service" '^RequiresMountsFor="/var/lib/eph vol/t%%1 \\"q\\".img"$'
	# shellcheck disable=SC2016 # a literal $ in the pattern
	assert_contains "$OUT/ephvol-setup@z.service" '^RequiresMountsFor="/var/lib/wb dir/z\$HOME\\\\x.img"$'
	assert_contains "$OUT/ephvol-setup@t.service" '^ExecStart=/usr/local/sbin/ephvol up --no-activate t$'
	for u in ephvol-setup@t.service "$mount" ephvol-setup@z.service; do
		assert_exit 0 systemd-analyze verify --man=no --root="$INST" "$u"
		assertEquals "$u: systemd-analyze verify says nothing" '' "$(cat "$STDERR")"
	done
}

# A value with a control character never reaches a unit: the line is refused.
testControlCharacterRefused() {
	printf '[t]\nrole = tmp\nmount = /srv/a\tb\n' >"$ROOT/etc/ephvol.conf"
	generate
	assertEquals 'exit status' 1 "$LAST_EXIT"
	assert_one_line_stderr
	assert_contains "$STDERR" '/etc/ephvol.conf:3: control character \\x09 in the value of mount in \[t\]'
	assertEquals 'no units' '' "$(units)"
}

# shellcheck source=/dev/null
. shunit2
