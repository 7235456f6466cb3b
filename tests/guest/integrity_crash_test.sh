#!/bin/bash
# integrity_crash_test.sh - an authenticated volume (--integrity aead) in the guest
# kernel, create and destroy killed with SIGKILL as each step of its integrity
# mapping begins (tests/lib/crash.sh; crash_test.sh kills every step of plain
# volumes): status answers within 5 s and shows the volume incomplete (create) or
# suspended (destroy, also with only its integrity mapping left), and one destroy
# leaves the system as it was, the integrity superblock cleared too. ephvol's own user-space work, as
# crash_test.sh: on Linux 6.1 only (tests/run-checks).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/lib/crash.sh
. "$TOP/tests/lib/crash.sh"

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# create and destroy killed (SIGKILL) as each step of the integrity mapping begins
# (crash_test.sh kills every step of plain volumes): status answers, and one
# destroy leaves nothing, not even the integrity superblock, so the next create
# takes the disk without --force.
testKilledAtIntegritySteps() {
	local log=$SHUNIT_TMPDIR/steps verb step n state args=(--raw --device /dev/vda --integrity aead)
	assertTrue 'test-hook build present (make test-hook-build)' "[ -x $CRASH_BUILD/ephvol ]" || return
	# The steps of each, from a run that is not killed.
	crash_run 999 "$log.create" create ik1 "${args[@]}"
	crash_run 999 "$log.destroy" destroy ik1
	for verb in create destroy; do
		for step in integrity-format integrity-activate dm-activate dm-remove integrity-clear \
			integrity-remove; do
			n=$(awk -v s="$step" '$2 == s { print $1; exit }' "$log.$verb")
			[ -n "$n" ] || continue # a step of the other verb
			if [ "$verb" = create ]; then
				crash_run "$n" "$log" create ik1 "${args[@]}"
			else
				ephvol create ik1 "${args[@]}" >/dev/null || { fail "create ik1"; return; }
				crash_run "$n" "$log" destroy ik1
			fi
			assertEquals "$verb killed at $step" 137 "$CRASH_RC"
			state=$(crash_state ik1)
			echo "CRASH integrity $verb $n $step status=$state"
			# What is left shows, with what destroy has to finish: a create, or a
			# destroy past its key wipe (also with only the integrity mapping left).
			assertEquals "state after $verb killed at $step" \
				"$([ "$verb" = create ] && echo incomplete || echo suspended)" "$state"
			crash_destroy_clean ik1 "$SHUNIT_TMPDIR/before" || return
			assertEquals "no integrity superblock left after $verb killed at $step" '' \
				"$(blkid -p -o value -s TYPE /dev/vda)"
		done
	done
	assertTrue 'the create steps were found' "grep -q integrity-format $log.create"
	assertTrue 'the destroy steps were found' "grep -q integrity-remove $log.destroy"
}

. shunit2
