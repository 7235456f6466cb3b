# shellcheck shell=bash
# crash.sh - kill `create` or `destroy` as each of its steps begins, on the real
# binary (the test-hook build, build-test/ephvol: EPHVOL_TEST_KILL_AT=N sends it
# SIGKILL as step N begins, see src/cli/step.h), and check after every kill that
#   status  answers within 5 s and shows the volume (or nothing, if nothing was
#           made yet), with its state;
#   destroy NAME, once, leaves the system as it was before the create;
#   up      (after the same kill again) builds the configured volume, active.
# Each kill prints one machine-readable row, the crash table of the issue:
#   CRASH <scenario> <verb> <N> <step> status=<state|absent> destroy=<ok|FAIL> up=<ok|FAIL>
# Sourced by suites (after testlib.sh); uses their assertions.

CRASH_BUILD=$TOP/build-test

# crash_run N LOG ARGS...: the test-hook ephvol, killed as step N begins; sets
# CRASH_RC. LOG gets one "N name" line per step begun.
crash_run() {
	local n=$1 log=$2
	shift 2
	# (bash reports "Killed" on its own stderr: not in the test's output)
	{ env LD_LIBRARY_PATH="$CRASH_BUILD" EPHVOL_TEST_KILL_AT="$n" EPHVOL_TEST_STEP_LOG="$log" \
		"$CRASH_BUILD/ephvol" "$@" >"$SHUNIT_TMPDIR/crash.out" 2>&1; } 2>/dev/null
	CRASH_RC=$?
}

# crash_state NAME: the volume's state as status shows it, or "absent"; fails the
# test unless status answers (exit 0) within 5 s.
crash_state() {
	local out=$SHUNIT_TMPDIR/crash-status rc
	timeout 5 env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" status --raw --noheadings -o name,state \
		>"$out" 2>"$out.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "status after the kill: exit $rc (124: it hung) $(cat "$out.err")"
		echo hung
		return 1
	fi
	awk -v n="$1" 'BEGIN { s = "absent" } $1 == n { s = $2 } END { print s }' "$out"
}

# crash_destroy_clean NAME BEFORE: one destroy leaves the state of BEFORE.
crash_destroy_clean() {
	ephvol destroy "$1" >"$SHUNIT_TMPDIR/crash-destroy.out" 2>&1
	local rc=$?
	# Nothing made yet (killed before the intent record): there is nothing to name.
	if [ "$rc" -ne 0 ] && ! { [ "$rc" = 1 ] && grep -q "No volume named $1" "$SHUNIT_TMPDIR/crash-destroy.out"; }; then
		fail "destroy $1: exit $rc: $(cat "$SHUNIT_TMPDIR/crash-destroy.out")"
		return 1
	fi
	assert_state_unchanged "$2"
}

# crash_up_active NAME CONFROOT BEFORE: up builds it, active; then destroyed again.
crash_up_active() {
	local state
	if ! ephvol up --root "$2" "$1" >"$SHUNIT_TMPDIR/crash-up.out" 2>&1; then
		fail "up $1: $(cat "$SHUNIT_TMPDIR/crash-up.out")"
		ephvol destroy "$1" >/dev/null 2>&1
		return 1
	fi
	state=$(crash_state "$1")
	assertEquals "state of $1 after up" active "$state" || return 1
	ephvol destroy "$1" >/dev/null 2>&1 || fail "destroy $1 after up"
	assert_state_unchanged "$3"
}

# crash_sweep SCENARIO VERB NAME CONFROOT CREATE_ARGS...: VERB is create or destroy.
# Kills VERB at step 1, 2, ... until it runs to its end.
crash_sweep() {
	local scenario=$1 verb=$2 name=$3 conf=$4 before=$SHUNIT_TMPDIR/crash-before n step state d u
	local t0=$SECONDS
	shift 4
	state_snapshot "$before"
	assertTrue 'test-hook build present (make test-hook-build)' "[ -x $CRASH_BUILD/ephvol ]" || return 1
	for n in $(seq 1 60); do
		local log=$SHUNIT_TMPDIR/crash-steps
		rm -f "$log"
		if [ "$verb" = destroy ]; then
			ephvol create "$name" "$@" >/dev/null || { fail "create $name"; return 1; }
			crash_run "$n" "$log" destroy "$name"
		else
			crash_run "$n" "$log" create "$name" "$@"
		fi
		if [ "$CRASH_RC" = 0 ]; then
			[ "$verb" = destroy ] || ephvol destroy "$name" >/dev/null
			assert_state_unchanged "$before"
			echo "CRASH $scenario $verb: $((n - 1)) steps, each killed ($((SECONDS - t0)) s)"
			return 0
		fi
		if [ "$CRASH_RC" != 137 ]; then
			fail "$verb $name, to be killed at step $n, exited $CRASH_RC: $(cat "$SHUNIT_TMPDIR/crash.out")"
			return 1
		fi
		step=$(awk -v n="$n" '$1 == n { print $2 }' "$log")
		state=$(crash_state "$name")
		d=ok u=ok
		crash_destroy_clean "$name" "$before" || d=FAIL
		# The same kill again, then up.
		if [ "$verb" = destroy ]; then
			ephvol create "$name" "$@" >/dev/null || { fail "create $name"; return 1; }
			crash_run "$n" "$log" destroy "$name"
		else
			crash_run "$n" "$log" create "$name" "$@"
		fi
		crash_up_active "$name" "$conf" "$before" || u=FAIL
		echo "CRASH $scenario $verb $n ${step:-?} status=$state destroy=$d up=$u"
		[ "$d$u" = okok ] || return 1
	done
	fail "$verb $name still killed after 60 steps"
}
