# shellcheck shell=bash
# checklist.sh - PASS/FAIL lines and a closing count for the stage scripts that
# are not shunit2 suites (tests/boot-units/run, tests/package/run, tests/freshroot/run).
#   CHECKLIST=NAME              prefix of every line, set before sourcing
#   pass ITEM / fail ITEM [WHY]  print "PASS NAME:ITEM" / "FAIL NAME:ITEM (WHY)"
#   check ITEM COMMAND...       pass if COMMAND succeeds, else fail
#   checklist_end               print "NAME: N passed, N failed"; status 0 if none failed
passed=0
failed=0
pass() {
	echo "PASS $CHECKLIST:$1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $CHECKLIST:$1${2:+ ($2)}"
	failed=$((failed + 1))
}
check() {
	local item=$1
	shift
	if "$@"; then pass "$item"; else fail "$item"; fi
}
checklist_end() {
	echo "$CHECKLIST: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
