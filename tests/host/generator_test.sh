#!/bin/bash
# generator_test.sh - ephvol-generator turns configuration into systemd units.
#
# Golden trees (tests/generator/CASE/, see tests/generator/README.md), one test
# per case: the generator runs on CASE/root (its /etc/ephvol.conf and
# /proc/cmdline) into an empty temporary directory (or one holding CASE/before),
# and what it leaves there must be CASE/expected exactly (`diff -ru`, links
# compared as links), its stderr CASE/stderr (none if absent), its exit status
# CASE/exit-status (0 if absent), its stdout empty. The cases cover which units
# and links are written, ordering, unit names as systemd-escape spells them,
# ephvol=0 on the kernel command line, nofail, values escaped for systemd, and
# bad configuration (what is written, what is said, the exit status).
#
# The units name the installed ephvol (EPHVOL_SBINDIR): the expected trees say
# /usr/local/sbin/ephvol, the build's default, and suite_oneTimeSetUp pins it
# (make install PREFIX=/usr/local SBINDIR=/usr/local/sbin rebuilds the
# generator for it, whatever another suite built it for).
#
# Then what a golden file cannot say: the expected unit names are the ones
# systemd-escape computes; the installed generator (make install into a
# temporary root) writes the same trees; and their units pass
# `systemd-analyze verify` against that installed tree, which would catch a
# broken unit. Needs no root and touches nothing outside its temporary
# directory (and the build).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

GOLDEN=$TOP/tests/generator

suite_oneTimeSetUp() {
	if ! command -v systemd-analyze >/dev/null || ! command -v systemd-escape >/dev/null; then
		echo "systemd-analyze and systemd-escape are needed (apt-get install systemd)" >&2
		return 1
	fi
	# One installed tree for the suite; the tests that change it work on a copy.
	INST0=$SHUNIT_TMPDIR/inst0
	if ! make -s -C "$TOP" B="$BUILD" install DESTDIR="$INST0" PREFIX=/usr/local \
		SBINDIR=/usr/local/sbin >"$SHUNIT_TMPDIR/install.log" 2>&1; then
		cat "$SHUNIT_TMPDIR/install.log" >&2
		echo "make install failed" >&2
		return 1
	fi
	[ -x "$BUILD/ephvol-generator" ] || {
		echo "$BUILD/ephvol-generator is not built (run make)" >&2
		return 1
	}
}

# One test per case directory, golden_CASE (defined here, so that it can also
# be named on the command line: bash tests/host/generator_test.sh -- golden_nofail),
# then the suite's own test* functions. shunit2 finds only the test* functions
# written in this file by itself, hence suite().
GOLDEN_TESTS=()
for __d in "$GOLDEN"/*/; do
	__d=${__d%/}
	__d=${__d##*/}
	eval "golden_$__d() { golden_case '$__d'; }"
	GOLDEN_TESTS+=("golden_$__d")
done
unset __d
suite() {
	local f
	for f in "${GOLDEN_TESTS[@]}" $(declare -F | awk '$3 ~ /^test/ { print $3 }'); do
		suite_addTest "$f"
	done
}

# golden_run CASE GENERATOR LIBDIR OUT: runs GENERATOR (with LIBDIR for
# libephvol) as systemd would (three directories, all OUT) on CASE's root, OUT
# first holding CASE/before if there is one, and fails the test with the
# differences unless OUT, stderr, stdout and the exit status are as CASE says.
golden_run() {
	local case=$GOLDEN/$1 gen=$2 libdir=$3 out=$4 root want_rc want_err d diffs
	for d in "$case"/*; do
		case ${d##*/} in
		root | before | expected | stderr | exit-status) ;;
		*)
			fail "$1: unknown entry ${d##*/} (see tests/generator/README.md)"
			return 1
			;;
		esac
	done
	if [ ! -d "$case/root" ]; then
		fail "$1: no root/ directory"
		return 1
	fi
	root=$SHUNIT_TMPDIR/root-$1
	rm -rf "$root" "$out"
	cp -a "$case/root" "$root"
	mkdir -p "$out"
	if [ -d "$case/before" ]; then
		cp -a "$case/before/." "$out/"
	fi
	EPHVOL_GENERATOR_ROOT=$root LD_LIBRARY_PATH=$libdir "$gen" "$out" "$out" "$out" \
		>"$STDOUT" 2>"$STDERR"
	LAST_EXIT=$?
	want_rc=0
	[ ! -f "$case/exit-status" ] || want_rc=$(cat "$case/exit-status")
	assertEquals "$1: exit status" "$want_rc" "$LAST_EXIT"
	want_err=/dev/null
	[ ! -f "$case/stderr" ] || want_err=$case/stderr
	if ! diffs=$(diff -u --label "tests/generator/$1/stderr" --label stderr "$want_err" "$STDERR"); then
		fail "$1: stderr differs:
$diffs"
	fi
	assertEquals "$1: stdout" '' "$(cat "$STDOUT")"
	# An empty output is an empty directory (git keeps none: no expected/).
	d=$case/expected
	if [ ! -d "$d" ]; then
		d=$SHUNIT_TMPDIR/empty
		mkdir -p "$d"
	fi
	if ! diffs=$(diff -ru --no-dereference "$d" "$out" 2>&1); then
		fail "$1: the generated units differ from tests/generator/$1/expected:
$diffs"
		return 1
	fi
	return 0
}

# golden_case CASE: the build's generator on CASE.
golden_case() {
	golden_run "$1" "$BUILD/ephvol-generator" "$BUILD" "$SHUNIT_TMPDIR/out-$1"
}

# The expected unit names, and the device units named in BindsTo=, are the
# ones systemd-escape gives (the golden tests hold the generator to them).
testGoldenNamesAreSystemdEscapes() {
	local exp want
	exp=$GOLDEN/names-escaped/expected
	want=$(systemd-escape --path --suffix=swap /dev/ephvol/my-swap.1)
	assertTrue "swap unit $want" "[ -f '$exp/$want' ]"
	want=$(systemd-escape --path --suffix=mount '/srv/scratch-1/.x y')
	assertTrue "mount unit $want" "[ -f '$exp/$want' ]"
	# udev writes "a b/c" as a\x20b\x2fc in /dev/disk/by-partlabel.
	want=$(systemd-escape --path --suffix=device '/dev/disk/by-partlabel/a\x20b\x2fc')
	assertEquals 'device unit' "BindsTo=$want" "$(grep '^BindsTo=' "$exp/ephvol-setup@my-swap.1.service")"
	exp=$GOLDEN/three-volumes/expected
	want=$(systemd-escape --path --suffix=device /dev/disk/by-id/virtio-scratch-vdb)
	assertEquals 'device unit' "BindsTo=$want" "$(grep '^BindsTo=' "$exp/ephvol-setup@dswap.service")"
	want=$(systemd-escape --path --suffix=device /dev/disk/by-partlabel/scratch)
	assertEquals 'device unit' "BindsTo=$want" "$(grep '^BindsTo=' "$exp/ephvol-setup@tmp.service")"
	want=$(systemd-escape --path --suffix=mount '/srv/a b%c')
	assertTrue "mount unit $want" "[ -f '$GOLDEN/values-escaped/expected/$want' ]"
}

# The generator make install puts in place (the one systemd runs, with the
# installed libephvol) writes every case's tree too.
testInstalledGeneratorWritesTheGoldenTrees() {
	local d name
	for d in "$GOLDEN"/*/; do
		name=${d%/}
		name=${name##*/}
		golden_run "$name" "$INST0/usr/local/lib/systemd/system-generators/ephvol-generator" \
			"$INST0/usr/local/lib" "$SHUNIT_TMPDIR/out-installed-$name"
	done
}

# install_and_generate CASE: a copy of the suite's installed tree in $INST,
# with systemd's own units (which ours name); the installed generator (which
# names the installed ephvol) must write CASE's expected tree into $OUT, whose
# units then go to $UNITDIR, where systemd-analyze --root="$INST" finds them.
install_and_generate() {
	INST=$SHUNIT_TMPDIR/inst
	UNITDIR=$INST/usr/local/lib/systemd/system
	OUT=$SHUNIT_TMPDIR/out-installed-$1
	rm -rf "$INST"
	cp -a "$INST0" "$INST"
	golden_run "$1" "$INST/usr/local/lib/systemd/system-generators/ephvol-generator" \
		"$INST/usr/local/lib" "$OUT" || fail 'installed generator' || return 1
	mkdir -p "$INST/usr/lib/systemd"
	cp -a /usr/lib/systemd/system "$INST/usr/lib/systemd/"
	cp "$OUT"/*.service "$OUT"/*.swap "$OUT"/*.mount "$UNITDIR/" 2>/dev/null
	return 0
}

# The generated units, next to an installed ephvol (make install into a
# temporary root), pass systemd's own checks; and a broken unit would not.
testSystemdAnalyzeVerify() {
	local u
	install_and_generate three-volumes || return
	# The generated units, and the ones make install ships (templates as an instance).
	for u in "$OUT"/*.service "$OUT"/*.swap "$OUT"/*.mount "$UNITDIR"/ephvol-*; do
		u=${u##*/}
		assert_exit 0 systemd-analyze verify --man=no --root="$INST" "${u/@./@x.}"
	done
	# The check can fail: a unit whose command does not exist.
	sed -i 's|^ExecStart=.*|ExecStart=/usr/local/sbin/no-such-ephvol up|' "$UNITDIR/ephvol-setup@zswap.service"
	assert_exit 1 systemd-analyze verify --man=no --root="$INST" ephvol-setup@zswap.service
}

# Regression: values went into the units as they were, so systemd expanded a '%'
# in a mount point (Where= then no longer matched the unit name: the mount was
# refused) and split a backing file's path at its blanks (RequiresMountsFor=).
# Escaped (tests/generator/values-escaped), systemd reads back exactly the
# configured values: verify is silent.
testValuesEscapedForSystemd() {
	local u
	install_and_generate values-escaped || return
	for u in ephvol-setup@t.service "$(systemd-escape --path --suffix=mount '/srv/a b%c')" \
		ephvol-setup@z.service; do
		assert_exit 0 systemd-analyze verify --man=no --root="$INST" "$u"
		assertEquals "$u: systemd-analyze verify says nothing" '' "$(cat "$STDERR")"
	done
}

# shellcheck source=/dev/null
. shunit2
