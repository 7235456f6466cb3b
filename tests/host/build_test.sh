#!/bin/bash
# build_test.sh - the build contract: `make install` honours PREFIX and DESTDIR,
# the library exports only ephvol_* with a versioned soname, and a program
# builds against the installed copy with pkg-config alone.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# The release the Makefile builds: the library's file name carries it.
VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")

suite_oneTimeSetUp() {
	[ -n "$VERSION" ] || return 1
	DEST=$SHUNIT_TMPDIR/dest
	make -s -C "$TOP" install DESTDIR="$DEST" PREFIX=/usr >"$SHUNIT_TMPDIR/install.log" 2>&1 ||
		{ cat "$SHUNIT_TMPDIR/install.log"; return 1; }
}

testInstalledFiles() {
	local f
	for f in /usr/sbin/ephvol /usr/lib/libephvol.so.$VERSION /usr/lib/libephvol.so.0 /usr/lib/libephvol.so \
		/usr/include/ephvol.h /usr/lib/pkgconfig/libephvol.pc /usr/lib/udev/rules.d/60-ephvol.rules \
		/usr/lib/systemd/system/ephvol-zram-swap.service /usr/lib/systemd/system/ephvol-gc.service \
		/usr/lib/systemd/system/ephvol-gc.timer /usr/lib/systemd/system/ephvol-audit.service \
		/usr/lib/systemd/system/ephvol-audit.timer /usr/share/man/man8/ephvol.8 \
		/usr/share/man/man3/libephvol.3; do
		assertTrue "installed: $f" "[ -e '$DEST$f' ]"
	done
	assertEquals 'soname link' "libephvol.so.$VERSION" "$(readlink "$DEST/usr/lib/libephvol.so.0")"
	# Units name the binary where PREFIX put it.
	assert_contains "$DEST/usr/lib/systemd/system/ephvol-zram-swap.service" '^ExecStart=/usr/sbin/ephvol '
	# shellcheck disable=SC2016 # a literal $devnode, for udev to expand
	assert_contains "$DEST/usr/lib/udev/rules.d/60-ephvol.rules" 'IMPORT\{program\}="/usr/sbin/ephvol probe \$devnode"'
}

testOnlyEphvolSymbolsExported() {
	local lib=$DEST/usr/lib/libephvol.so.$VERSION
	readelf -d "$lib" >"$STDOUT"
	assert_contains "$STDOUT" 'Library soname: \[libephvol\.so\.0\]'
	nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { sub(/@.*/, "", $3); print $3 }' >"$SHUNIT_TMPDIR/syms"
	assertTrue 'exports symbols' "[ -s $SHUNIT_TMPDIR/syms ]"
	assert_not_contains "$SHUNIT_TMPDIR/syms" '^[^e]|^e[^p]|^ep[^h]'
	grep -v '^ephvol_' "$SHUNIT_TMPDIR/syms" >"$SHUNIT_TMPDIR/other"
	assertEquals 'symbols outside ephvol_*' '' "$(cat "$SHUNIT_TMPDIR/other")"
	# Every exported function is declared in the public header.
	local s
	while read -r s; do
		grep -q "\b$s(" "$TOP/include/ephvol.h" || fail "$s exported but not declared in ephvol.h"
	done <"$SHUNIT_TMPDIR/syms"
}

# The libraries ephvol calls are loaded by the paths that need them (dlopen), so no
# installed binary names one as NEEDED: a zram volume maps none of them.
testLinksOnlyLibc() {
	local f
	for f in "$DEST/usr/sbin/ephvol" "$DEST/usr/lib/libephvol.so.$VERSION" \
		"$DEST/usr/lib/systemd/system-generators/ephvol-generator"; do
		readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort >"$STDOUT"
		assert_contains "$STDOUT" '^libc\.so\.6$'
		assertEquals "$f: NEEDED besides libc and libephvol" '' \
			"$(grep -Ev '^(libc\.so\.6|libephvol\.so\.0)$' "$STDOUT")"
	done
}

# docs/example/ephvol-check.c, the example the man page shows, built as a user
# would: against the installed copy, with pkg-config alone.
testExampleBuildsWithPkgConfig() {
	assert_exit 0 env PKG_CONFIG_PATH="$DEST/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST" sh -c "cc -Wall -Wextra -Werror -o '$SHUNIT_TMPDIR/check' '$TOP/docs/example/ephvol-check.c' \$(pkg-config --cflags --libs libephvol)" || return
	# All protected: exit 0, the LVM-on-LUKS swap followed down to its disk.
	assert_exit 0 env LD_LIBRARY_PATH="$DEST/usr/lib" "$SHUNIT_TMPDIR/check" "$TOP/tests/fixtures/audit-crypt"
	assert_contains "$STDOUT" '^swap /dev/dm-2 +encrypted +LVM on dm-crypt \(LUKS2\) dm-1 on sda3$'
	assert_contains "$STDOUT" '^tmp  /tmp +ram-only '
	# One plaintext swap: exit 1, and tmpfs is exposed through it.
	assert_exit 1 env LD_LIBRARY_PATH="$DEST/usr/lib" "$SHUNIT_TMPDIR/check" "$TOP/tests/fixtures/audit-plain"
	assert_contains "$STDOUT" '^tmp  /tmp +plaintext-on-disk +tmpfs in RAM, but swap /dev/sda2 is not encrypted$'
	# A root that is not absolute is refused by the library, not crashed on.
	assert_exit 2 env LD_LIBRARY_PATH="$DEST/usr/lib" "$SHUNIT_TMPDIR/check" relative/root
	assert_contains "$STDERR" 'root relative/root: Invalid argument'
}

testUninstallRemovesEverything() {
	make -s -C "$TOP" uninstall DESTDIR="$DEST" PREFIX=/usr >/dev/null 2>&1
	assertEquals 'no files left' '' "$(find "$DEST" -type f -o -type l)"
}

. shunit2
