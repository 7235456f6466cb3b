# shellcheck shell=bash
# testlib.sh - common code for ephvol's shunit2 suites (host and guest).
#
# A suite is a bash script run as `bash SUITE.sh` (by tests/vm/run-host-suites
# on the host, or tests/vm/guest-init inside the VM) that looks like this:
#
#     #!/bin/bash
#     # shellcheck source=tests/lib/testlib.sh
#     . "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
#
#     suite_oneTimeSetUp() { require_vm && require_root; }  # optional; non-zero aborts the suite
#     suite_setUp()    { state_snapshot "$SHUNIT_TMPDIR/before"; }   # optional
#     suite_tearDown() { assert_state_unchanged "$SHUNIT_TMPDIR/before"; }  # optional
#     suite_oneTimeTearDown() { :; }           # optional
#
#     testSomething() {
#         require_dm || return
#         assert_exit 2 ephvol create 'bad/name' --raw
#         assert_one_line_stderr
#         assert_contains "$STDERR" 'bad/name'
#     }
#
#     . shunit2
#
# Hooks: testlib defines shunit2's setUp, tearDown, oneTimeSetUp and
# oneTimeTearDown itself, to print one result line per test.  A suite must NOT
# define those four; it defines suite_setUp, suite_tearDown, suite_oneTimeSetUp
# and suite_oneTimeTearDown instead (all optional).  A suite that overrides a
# testlib hook is reported as aborted (it would silently lose result lines).
#   - suite_setUp returning non-zero fails the test and its body is not run.
#   - suite_tearDown runs after every test (also after a failed one); assertions
#     in it count against that test; returning non-zero fails the test.
#   - suite_oneTimeSetUp returning non-zero aborts the suite (no test runs).
#   - suite_oneTimeTearDown returning non-zero is reported as a failure.
#
# Output lines (machine-readable, each on its own line on stdout):
#     PASS <suite>:<test>
#     FAIL <suite>:<test>                   (ASSERT: lines above it say why)
#     FAIL <suite>:<test> (aborted: ...)    the test exited the shell / was killed
#     FAIL <suite>:suite_oneTimeSetUp       / suite_oneTimeTearDown failed
#     SUITE <suite>: N passed, N failed     printed once, when the suite completed
#     ABORTED <suite>: <reason>             the suite did not complete
# <suite> is the suite file's name without ".sh".  A suite that completed
# prints exactly one SUITE line; no SUITE line means it did not complete.
#
# Provided variables: TOP (repo top), BUILD ($TOP/build), SUITE_NAME,
# STDOUT / STDERR (files written by assert_exit), LAST_EXIT.
# Provided functions: ephvol, assert_exit, assert_one_line_stderr,
# assert_contains, assert_not_contains, state_snapshot, assert_state_unchanged,
# ephvol_ld, ephvol_without,
# require_root, require_dm, require_vm, have_af_alg, json_get, install_udev_rules.  Plus everything shunit2 provides (assertEquals,
# assertTrue, fail, ...).  Do not use `set -e`/`set -u` in suites (shunit2 is
# not written for them).
#
# Relies on shunit2 2.1.8 internals: _shunit_test_, __shunit_testSuccess,
# SHUNIT_TRUE and the fact that its EXIT trap (_shunit_cleanup) calls tearDown
# and oneTimeTearDown once more.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# EPHVOL_BUILD selects another build of the tree, e.g. the sanitizer build.
BUILD=${EPHVOL_BUILD:-$TOP/build}
SUITE_NAME=$(basename "$0")
SUITE_NAME=${SUITE_NAME%.sh}
export TOP BUILD
# No ANSI colours in logs.
SHUNIT_COLOR=${SHUNIT_COLOR:-none}

STDOUT=${TMPDIR:-/tmp}/testlib-stdout.$$
STDERR=${TMPDIR:-/tmp}/testlib-stderr.$$
LAST_EXIT=

__tl_in_test=0
__tl_passed=0
__tl_failed=0
__tl_otd_done=0
__tl_aborted=0

# Run the ephvol binary of this work tree, with its library.
ephvol() {
	if [ ! -x "$BUILD/ephvol" ]; then
		echo "testlib: $BUILD/ephvol is not built (run make)" >&2
		return 127
	fi
	LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$BUILD/ephvol" "$@"
}

# ephvol with the dynamic loader's word on stderr for each library the process opens.
ephvol_ld() {
	LD_DEBUG=files ephvol "$@"
}

# ephvol_without SONAME ARGS...: ephvol in a mount namespace of its own where the
# library SONAME is /dev/null: the library is there but cannot be loaded.
ephvol_without() {
	local lib
	lib=$(ldconfig -p | awk -v so="$1" '$1 == so { print $NF; exit }')
	[ -n "$lib" ] || fail "ldconfig knows no $1"
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -c 'mount --bind /dev/null "$1" && shift &&
		LD_LIBRARY_PATH="$BUILD" exec "$BUILD/ephvol" "$@"' sh "$lib" "$@"
}

# ---------------------------------------------------------------- reporting

__tl_line() { printf '%s\n' "$*"; }

# Called through the EXIT/INT/TERM trap of shunit2 rather than normally?
__tl_from_cleanup() {
	local f
	for f in "${FUNCNAME[@]}"; do
		[ "$f" = _shunit_cleanup ] && return 0
	done
	return 1
}

__tl_hooks_ok() {
	local h bad=
	for h in setUp tearDown oneTimeSetUp oneTimeTearDown; do
		if ! declare -f "$h" | grep -q '__tl_hook_marker'; then
			bad="$bad $h"
		fi
	done
	if [ -n "$bad" ]; then
		echo "testlib: suite $SUITE_NAME defines$bad itself; define suite_setUp," \
			"suite_tearDown, suite_oneTimeSetUp, suite_oneTimeTearDown instead" >&2
		return 1
	fi
	return 0
}

oneTimeSetUp() {
	: __tl_hook_marker
	if [ -n "${SHUNIT_TMPDIR:-}" ]; then
		STDOUT=$SHUNIT_TMPDIR/testlib-stdout
		STDERR=$SHUNIT_TMPDIR/testlib-stderr
	fi
	: >"$STDOUT"
	: >"$STDERR"
	if ! __tl_hooks_ok; then
		__tl_abort_reason="suite overrides a testlib hook"
		return 1
	fi
	if declare -F suite_oneTimeSetUp >/dev/null; then
		suite_oneTimeSetUp
		local rc=$?
		if [ "$rc" -ne 0 ]; then
			__tl_failed=$((__tl_failed + 1))
			__tl_line "FAIL $SUITE_NAME:suite_oneTimeSetUp"
			__tl_abort_reason="suite_oneTimeSetUp returned $rc"
			return 1
		fi
	fi
	return 0
}

setUp() {
	: __tl_hook_marker
	__tl_in_test=1
	__tl_t0=$SECONDS
	: >"$STDOUT"
	: >"$STDERR"
	LAST_EXIT=
	if declare -F suite_setUp >/dev/null; then
		suite_setUp
		local rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "suite_setUp returned $rc; test body not run"
			# Replace the test (run once, right after this) by a no-op.
			# shellcheck disable=SC2154 # set by shunit2
			eval "${_shunit_test_}() { :; }"
		fi
	fi
	return 0
}

tearDown() {
	: __tl_hook_marker
	# shunit2 2.1.8 also calls tearDown from its exit trap; only report once.
	[ "$__tl_in_test" = 1 ] || return 0
	__tl_in_test=0
	local aborted=
	if __tl_from_cleanup; then
		aborted=1
	fi
	if declare -F suite_tearDown >/dev/null; then
		suite_tearDown
		local rc=$?
		[ "$rc" -eq 0 ] || fail "suite_tearDown returned $rc"
	fi
	# shellcheck disable=SC2154 # __shunit_testSuccess is set by shunit2
	if [ -n "$aborted" ]; then
		__tl_failed=$((__tl_failed + 1))
		__tl_line "FAIL $SUITE_NAME:${_shunit_test_} (aborted: the test exited the shell or was killed)"
		__tl_abort_reason="${_shunit_test_} exited the shell or was killed"
	elif [ "${__shunit_testSuccess}" -eq "${SHUNIT_TRUE}" ]; then
		__tl_passed=$((__tl_passed + 1))
		__tl_line "PASS $SUITE_NAME:${_shunit_test_}"
	else
		__tl_failed=$((__tl_failed + 1))
		__tl_line "FAIL $SUITE_NAME:${_shunit_test_}"
	fi
	# What each test costs, for the budget of make check (tests/README.md).
	__tl_line "TIME $SUITE_NAME:${_shunit_test_} $((SECONDS - ${__tl_t0:-$SECONDS})) s"
	return 0
}

oneTimeTearDown() {
	: __tl_hook_marker
	[ "$__tl_otd_done" = 1 ] && return 0
	__tl_otd_done=1
	local rc=0 cleanup=
	__tl_from_cleanup && cleanup=1
	if declare -F suite_oneTimeTearDown >/dev/null; then
		suite_oneTimeTearDown
		rc=$?
		if [ "$rc" -ne 0 ]; then
			__tl_failed=$((__tl_failed + 1))
			__tl_line "FAIL $SUITE_NAME:suite_oneTimeTearDown"
		fi
	fi
	if [ -n "$cleanup" ] || ! __tl_hooks_ok; then
		__tl_line "ABORTED $SUITE_NAME: ${__tl_abort_reason:-the suite exited early or was killed}"
	else
		__tl_line "SUITE $SUITE_NAME: $__tl_passed passed, $__tl_failed failed"
	fi
	rm -f "${TMPDIR:-/tmp}/testlib-stdout.$$" "${TMPDIR:-/tmp}/testlib-stderr.$$"
	return "$rc"
}

# ---------------------------------------------------------------- assertions

# assert_exit EXPECTED_CODE CMD [ARG...]
# Runs CMD (a command or shell function) with stdout to $STDOUT and stderr to
# $STDERR; fails unless it exits with EXPECTED_CODE.  Sets LAST_EXIT.
# Returns 0 if the exit code matched, 1 otherwise.
assert_exit() {
	local expected=$1
	shift
	"$@" >"$STDOUT" 2>"$STDERR"
	LAST_EXIT=$?
	if [ "$LAST_EXIT" -ne "$expected" ]; then
		fail "exit status $LAST_EXIT, expected $expected: $*
--- stderr:
$(head -c 4000 "$STDERR")
--- stdout (first 20 lines):
$(head -n 20 "$STDOUT")
---"
		return 1
	fi
	return 0
}

# assert_one_line_stderr: stderr of the last assert_exit is exactly one
# non-blank, newline-terminated line.
assert_one_line_stderr() {
	local lines
	lines=$(wc -l <"$STDERR")
	if [ "$lines" -ne 1 ] || [ "$(tail -c 1 "$STDERR" | od -An -c | tr -d ' ')" != '\n' ] ||
		! grep -q '[^[:space:]]' "$STDERR"; then
		fail "expected exactly one non-empty line on stderr, got $lines newline(s):
--- stderr:
$(head -c 4000 "$STDERR")
---"
		return 1
	fi
	return 0
}

# assert_contains FILE ERE  /  assert_not_contains FILE ERE
# (extended regular expression, grep -E, matched per line)
assert_contains() {
	if ! grep -Eq -- "$2" "$1" 2>/dev/null; then
		fail "$1 does not contain /$2/:
--- $1:
$(head -c 4000 "$1" 2>&1)
---"
		return 1
	fi
	return 0
}

assert_not_contains() {
	if [ ! -r "$1" ]; then
		fail "$1 is not readable"
		return 1
	fi
	if grep -Eq -- "$2" "$1"; then
		fail "$1 contains /$2/:
$(grep -En -- "$2" "$1" | head -n 20)"
		return 1
	fi
	return 0
}

# install_udev_rules: the project's udev rules, as `make install` would put
# them in place, but calling this tree's ephvol; udev reloads them and
# re-runs them on the block devices present.
install_udev_rules() {
	local f
	mkdir -p /run/udev/rules.d || return 1
	for f in "$TOP"/udev/*.rules.in; do
		sed "s|@SBINDIR@/ephvol|/usr/bin/env LD_LIBRARY_PATH=$BUILD $BUILD/ephvol|g" "$f" \
			>"/run/udev/rules.d/$(basename "${f%.in}")" || return 1
	done
	# udevd may drop the control connection while it is busy with the events of the
	# suite before ("Failed to wait for daemon to reply: Broken pipe", seen once in
	# make check, holders_test after harness_test): ask again.
	local try
	for try in 1 2 3 4 5; do
		udevadm control --reload && break
		[ "$try" -lt 5 ] || return 1
		sleep 1
	done
	# Apply them to the disks already there, as a boot with them installed would.
	udevadm trigger --action=change --subsystem-match=block && udevadm settle
}

# ephvol_bg ARGS... &: this tree's ephvol in the background as the very process $!
# names (the subshell of `&` becomes it), so that signals sent to $! reach ephvol.
# Only with &: it replaces the shell it runs in.
ephvol_bg() {
	exec env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" "$@"
}

# wait_for FILE [TENTHS]: until FILE exists (default 10 s); a failed assertion if not.
wait_for() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	fail "$1 did not appear"
	return 1
}

# json_get FILE PYTHON-EXPR: prints EXPR evaluated with `d` bound to the JSON
# parsed from FILE (fails the caller's assertion if FILE is not valid JSON).
json_get() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# kernel_at_least MAJOR MINOR: the running kernel is MAJOR.MINOR or later. A
# suite decides by the version, not by the feature it tests: a feature that
# vanished from a kernel that has it must fail, not be skipped.
kernel_at_least() {
	local a b
	IFS=. read -r a b _ <<<"$(uname -r)"
	b=${b%%[!0-9]*}
	[ "$a" -gt "$1" ] || { [ "$a" -eq "$1" ] && [ "$b" -ge "$2" ]; }
}

# ------------------------------------------------------------------ zram data

# zram_sample BYTES FILE: the first BYTES of `ephvol bench`'s synthetic sample,
# made by tests/tools/bench-sample (always of the main build: the sanitizer
# build has no tools).
zram_sample() {
	"$TOP/build/tests/tools/bench-sample" "$1" >"$2" || fail "cannot make the bench sample"
}

# zram_train_dict SAMPLE DICT: a zstd dictionary trained on SAMPLE's pages.
zram_train_dict() {
	local d
	d=$(mktemp -d) || return 1
	split -b 4096 -d -a 6 "$1" "$d/p." &&
		zstd -q -f --train "$d"/p.* -o "$2" --maxdict=65536
	local rc=$?
	rm -rf "$d"
	[ "$rc" = 0 ] || fail "zstd --train failed"
	return "$rc"
}

# zram_compressed NAME SAMPLE: writes SAMPLE to zram volume NAME (role raw) with
# direct I/O and prints compr_data_size from its mm_stat.
zram_compressed() {
	local dev
	dev=$(ephvol status --noheadings --raw -o device "$1") || return 1
	dd if="$2" of="$dev" bs=1M oflag=direct status=none || return 1
	awk '{ print $2 }' "/sys/block/${dev#/dev/}/mm_stat"
}

# bench_auto_follows_rule FILE: `bench --json` FILE's comp_auto_* is what the
# contract's rule takes from its own figures (speeds are rounded in the JSON: a
# 1% margin either way). Prints why not, and fails, when it is not.
bench_auto_follows_rule() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = [c for c in d['compressors'] if c['error'] is None]
r = d['recommendation']
if not m:
    sys.exit(0 if r['comp_auto_algorithm'] is None else 'a pick without figures')
cmax = max(c['compress_mibs'] for c in m)
dmax = max(c['decompress_mibs'] for c in m)
def ok(c, f):
    return c['decompress_mibs'] * 2 >= dmax * f and c['compress_mibs'] * 4 >= cmax * f
pick = [c for c in m if c['algorithm'] == r['comp_auto_algorithm'] and c['level'] == r['comp_auto_level']]
if len(pick) != 1:
    sys.exit('comp_auto is not one measured row: %r' % (r,))
if any(ok(c, 1.0) for c in m):
    if not ok(pick[0], 0.99):
        sys.exit('the pick is too slow: %r' % (pick[0],))
    better = [c for c in m if ok(c, 1.01) and c['compr_bytes'] < pick[0]['compr_bytes']]
    if better:
        sys.exit('%r stores less and is fast enough' % (better[0],))
    sys.exit(0)
# None fast enough both ways: of those fast enough to compress, the fastest to
# decompress.
def compresses(c, f):
    return c['compress_mibs'] * 4 >= cmax * f
if not compresses(pick[0], 0.99):
    sys.exit('the pick compresses too slowly: %r' % (pick[0],))
faster = [c for c in m if compresses(c, 1.01) and c['decompress_mibs'] > pick[0]['decompress_mibs'] * 1.01]
if faster:
    sys.exit('%r decompresses faster and compresses fast enough' % (faster[0],))
PY
}

# ---------------------------------------------------------- Prometheus metrics

# prom_sample FILE SERIES: the value of the sample SERIES (name and labels exactly as
# written) in FILE; nothing if there is none.
prom_sample() {
	awk -v s="$2" 'index($0, s " ") == 1 { print substr($0, length(s) + 2) }' "$1"
}

# assert_prom_number FILE SERIES NUMBER: its value, as a number (node_exporter writes
# 33554432 as 3.3554432e+07).
assert_prom_number() {
	local v
	v=$(prom_sample "$1" "$2")
	awk -v v="$v" -v n="$3" 'BEGIN { exit !(v != "" && v + 0 == n + 0) }' ||
		fail "$2: expected $3, got '$v'"
}

# assert_promtool_clean FILE: `promtool check metrics` takes FILE with no finding.
assert_promtool_clean() {
	local out
	out=$(promtool check metrics <"$1" 2>&1)
	assertEquals "promtool check metrics: $out" 0 "$?"
	assertEquals 'promtool lint findings' '' "$out"
}

# ---------------------------------------------------------------- system state

# Print, sorted, the system state that ephvol may change.  Reading it has no
# side effects (no module is loaded by it).
__tl_state() {
	{
		awk 'NR > 1 { print "swap", $1, $2, $3, "prio=" $5 }' /proc/swaps 2>/dev/null
		# mountinfo: mount point, fs type, source
		awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
		       print "mount", $5, $(i + 1), $(i + 2) }' /proc/self/mountinfo
		if [ -e /sys/class/misc/device-mapper ] && command -v dmsetup >/dev/null; then
			dmsetup ls 2>&1 | awk '$0 != "No devices found" { print "dm", $1 }'
		fi
		local z
		for z in /sys/block/zram*; do
			[ -e "$z" ] || continue
			echo "zram ${z##*/} initstate=$(cat "$z/initstate" 2>/dev/null)" \
				"disksize=$(cat "$z/disksize" 2>/dev/null)"
		done
		if command -v losetup >/dev/null; then
			losetup -a 2>/dev/null | sed 's/^/loop /'
		fi
		local d
		for d in /dev/ephvol /dev/disk/by-ephvol /run/ephvol; do
			[ -e "$d" ] || continue
			# Lock files are left on purpose (see src/cli/sys-lock.c) and directories
			# are only containers (removing them would race with a create): neither
			# is volume state.
			find "$d" -mindepth 1 -path /run/ephvol/lock -prune -o ! -type d -printf 'path %p %y %l\n' 2>/dev/null
		done
		# logon keys (dm-crypt volume keys live there when in the keyring)
		awk '$8 == "logon" { $1 = $2 = $3 = $4 = ""; print "key", $0 }' /proc/keys 2>/dev/null
	} | LC_ALL=C sort
}

# state_snapshot FILE: record the current state into FILE.
state_snapshot() {
	__tl_state >"$1"
}

# assert_state_unchanged FILE: fail (printing the diff) unless the current
# state equals the one recorded by state_snapshot FILE.
assert_state_unchanged() {
	local now diff
	now=$(mktemp)
	__tl_state >"$now"
	if ! diff=$(diff -u --label before --label now "$1" "$now"); then
		rm -f "$now"
		fail "system state changed:
$diff"
		return 1
	fi
	rm -f "$now"
	return 0
}

# Whether this kernel lets user space use its ciphers at all (an AF_ALG socket).
have_af_alg() {
	python3 -c 'import socket; socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)' 2>/dev/null
}

# ---------------------------------------------------------------- requirements
# These FAIL the current test (a test that cannot run is a failure) and return
# 1, so write `require_root || return`.  In suite_oneTimeSetUp, `require_root`
# as its last command (or `|| return 1`) aborts the whole suite.

__tl_require_fail() {
	echo "testlib: $SUITE_NAME: $*" >&2
	fail "$*"
	return 1
}

require_root() {
	[ "$(id -u)" -eq 0 ] && return 0
	__tl_require_fail "requires root (running as uid $(id -u))"
}

# Running inside the test VM of tests/vm/run (whose scratch disks /dev/vd* it
# may overwrite; on a host /dev/vda can be the system disk).  Every guest suite
# should start with it: suite_oneTimeSetUp() { require_vm && require_root; }
require_vm() {
	grep -qw 'ephvol.testvm=1' /proc/cmdline 2>/dev/null && return 0
	__tl_require_fail "must run inside the test VM (tests/vm/run SUITE), not on this host"
}

# Device-mapper usable: the driver is loaded, or /dev/mapper/control (a static
# node, as systemd creates from `kmod static-nodes`) autoloads it on open.
require_dm() {
	if [ ! -e /sys/class/misc/device-mapper ] && [ -e /dev/mapper/control ] &&
		command -v dmsetup >/dev/null; then
		dmsetup version >/dev/null 2>&1
	fi
	[ -e /sys/class/misc/device-mapper ] && return 0
	__tl_require_fail "requires device-mapper, which this kernel ($(uname -r)) does not" \
		"provide; run this suite in the VM: tests/vm/run SUITE"
}
