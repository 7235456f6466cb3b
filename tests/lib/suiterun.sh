# shellcheck shell=bash
# suiterun.sh - run shunit2 suites (written with tests/lib/testlib.sh) and add
# up their results.  Sourced by tests/vm/run-host-suites, tests/vm/guest-init
# and tests/vm/run.
#
# Results file format (one record per line, written by suiterun_one):
#     BEGIN <suite path>
#     PASS <name>:<test> | FAIL <name>:<test> ... | SUITE <name>: ... | ABORTED <name>: ...
#     END rc=<exit status> <suite path>

# _suiterun_emit RESULTS LINE: append LINE to RESULTS (and to $SUITERUN_MIRROR).
_suiterun_emit() {
	printf '%s\n' "$2" >>"$1"
	if [ -n "${SUITERUN_MIRROR:-}" ]; then
		printf '%s\n' "$2" >>"$SUITERUN_MIRROR" || true
	fi
}

# suiterun_one SUITE RESULTS [FILE]
# Runs `bash SUITE` (stdin /dev/null, cwd = the repo top $SUITERUN_TOP if set),
# streams its output (stderr merged) to stdout and appends the machine-readable
# lines to RESULTS.  Returns the suite's exit status.  FILE, if given, is the
# file to run (the same suite seen at another path); SUITE names it in RESULTS.
suiterun_one() {
	local suite=$1 results=$2 file=${3:-$1} line rc t0=$SECONDS
	_suiterun_emit "$results" "BEGIN $suite"
	printf '=== suite %s\n' "$suite"
	(
		cd "${SUITERUN_TOP:-.}" || exit 1
		SHUNIT_COLOR=none exec bash "$file"
	) </dev/null 2>&1 | while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line"
		case $line in
		"PASS "* | "FAIL "* | "SUITE "* | "ABORTED "*) _suiterun_emit "$results" "$line" ;;
		esac
	done
	rc=${PIPESTATUS[0]}
	# For the budget of make check: which suites are the slow ones.
	printf '=== suite %s took %d s\n' "$suite" $((SECONDS - t0))
	_suiterun_emit "$results" "END rc=$rc $suite"
	return "$rc"
}

# suiterun_summarize RESULTS SUITE...
# Counts the PASS/FAIL lines of every SUITE in RESULTS into SUITERUN_PASSED and
# SUITERUN_FAILED (repeating the FAIL lines), and checks every SUITE ran to completion: one that did not
# gets a "FAIL <name>:SUITE (<path>: <why>)" line and counts as one failure.
# Returns 0 iff nothing failed.  (Print the final line with suiterun_final.)
SUITERUN_PASSED=0
SUITERUN_FAILED=0
suiterun_summarize() {
	local results=$1
	shift
	local passed=0 failed=0 suite name line
	local begun ended rc complete sfailed stests aborted
	for suite in "$@"; do
		name=$(basename "$suite")
		name=${name%.sh}
		begun=0 ended=0 rc='' complete=0 sfailed=0 stests=0 aborted=
		local in=0
		while IFS= read -r line; do
			line=${line%$'\r'}
			if [ "$line" = "BEGIN $suite" ]; then
				in=1 begun=1
				continue
			fi
			[ "$in" = 1 ] || continue
			case $line in
			"BEGIN "*) in=0 ;;
			"END rc="*" $suite")
				rc=${line#END rc=}
				rc=${rc%% *}
				ended=1 in=0
				;;
			"PASS $name:"*)
				passed=$((passed + 1)) stests=$((stests + 1))
				;;
			"FAIL $name:"*)
				printf '%s\n' "$line"
				failed=$((failed + 1)) sfailed=$((sfailed + 1)) stests=$((stests + 1))
				;;
			"SUITE $name: "*) complete=1 ;;
			"ABORTED $name: "*) aborted=${line#"ABORTED $name: "} ;;
			esac
		done <"$results"
		local why=
		if [ "$begun" = 0 ]; then
			why="did not run"
		elif [ "$ended" = 0 ]; then
			why="did not finish (stopped while it was running)"
		elif [ "$complete" = 0 ] && [ -n "$aborted" ]; then
			why="aborted: $aborted"
		elif [ "$complete" = 0 ]; then
			why="did not complete (exit status $rc, no SUITE line: it exited early, crashed, or overrides a testlib hook)"
		elif [ "$stests" = 0 ]; then
			why="ran no tests"
		elif [ "$rc" != 0 ] && [ "$sfailed" = 0 ]; then
			why="exited with status $rc although no test failed"
		fi
		if [ -n "$why" ]; then
			failed=$((failed + 1))
			printf 'FAIL %s:SUITE (%s: %s)\n' "$name" "$suite" "$why"
		fi
	done
	SUITERUN_PASSED=$passed
	SUITERUN_FAILED=$failed
	[ "$failed" = 0 ]
}

# suiterun_final: print the final line "N passed, N failed".
suiterun_final() {
	printf '%d passed, %d failed\n' "$SUITERUN_PASSED" "$SUITERUN_FAILED"
}
