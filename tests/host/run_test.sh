#!/bin/bash
# run_test.sh - `ephvol run` and `ephvol gc` on the host kernel (zram): a job gets a
# scratch volume on /tmp that nobody else sees, its exit status, its signals, and
# nothing of it outlives it: not its processes, not its volume, even when ephvol is
# SIGKILLed (then gc reclaims the volume, by PID and start time).
# Jobs talk to the test through $D below /run: /tmp is theirs, and the work tree may
# be below /tmp too (a CI clone), so jobs run only the system's programs.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

D=/run/ephvol-test-run
SWAPFILE=/var/lib/ephvol-run-test.swap

suite_oneTimeSetUp() {
	require_root || return 1
	command -v jq >/dev/null || {
		echo "run_test: needs jq" >&2
		return 1
	}
}

suite_setUp() {
	rm -rf "$D"
	mkdir -p "$D"
	chmod 0777 "$D"
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	# Whatever a test left behind, even after a failed assertion.
	pkill -KILL -fx 'sleep 4242.4242' 2>/dev/null
	swapoff "$SWAPFILE" 2>/dev/null
	rm -f "$SWAPFILE"
	ephvol gc >/dev/null 2>&1
	ephvol destroy rt-plain >/dev/null 2>&1
	rm -f /run/ephvol/run/rt-plain
	rm -rf "$D"
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# The one run volume there is, as status --json shows it: FIELD.
run_field() {
	ephvol status --json | jq -r --arg f "$1" '.volumes[] | select(.name | startswith("run-")) | .[$f]'
}

testJobSeesItsOwnScratch() {
	local pid dev
	# shellcheck disable=SC2016 # the job's shell expands these
	ephvol_bg run -- sh -c '
		findmnt -n -o SOURCE,FSTYPE /tmp | tail -n 1 >"$1/tmp"
		findmnt -n -o SOURCE,FSTYPE /var/tmp | tail -n 1 >"$1/vartmp"
		echo "$TMPDIR" >"$1/tmpdir"
		echo secret >/tmp/ephvol-run-test-file && cat /tmp/ephvol-run-test-file >"$1/readback"
		touch "$1/ready"
		while [ ! -e "$1/go" ]; do sleep 0.05; done' sh "$D" >"$SHUNIT_TMPDIR/out" 2>&1 &
	pid=$!
	wait_for "$D/ready" || return
	dev=$(awk '{ print $1 }' "$D/tmp")
	assert_contains "$D/tmp" '^/dev/zram[0-9]+ ext4$'
	assertEquals '/var/tmp is the same volume' "$(cat "$D/tmp")" "$(cat "$D/vartmp")"
	assertEquals 'TMPDIR' /tmp "$(cat "$D/tmpdir")"
	assertEquals 'the job reads back what it wrote' secret "$(cat "$D/readback")"
	# Outside: no mount of it, none of its files, and status names its owner.
	assertFalse "the host sees no mount of $dev" "grep -q ' $dev ' /proc/self/mountinfo"
	assertFalse 'the host /tmp has no job file' '[ -e /tmp/ephvol-run-test-file ]'
	assertEquals 'owner pid' "$pid" "$(run_field owner_pid)"
	assertEquals 'state' active "$(run_field state)"
	assert_contains <(run_field command) '^sh -c .*findmnt'
	assertEquals 'device' "$dev" "$(run_field device)"
	ephvol status >"$SHUNIT_TMPDIR/status"
	assert_contains "$SHUNIT_TMPDIR/status" "^NAME .* OWNER_PID +COMMAND"
	touch "$D/go"
	wait "$pid"
	assertEquals 'exit status' 0 $?
	assertEquals 'ephvol printed nothing' '' "$(cat "$SHUNIT_TMPDIR/out")"
	assertEquals 'no run volume after' '' "$(run_field name)"
}

testExitStatusPassesThrough() {
	assert_exit 0 ephvol run --zram 64M -- true
	assert_exit 7 ephvol run --zram 64M -- sh -c 'exit 7'
	# shellcheck disable=SC2016
	assert_exit 143 ephvol run --zram 64M -- sh -c 'kill -TERM $$'
	assert_exit 127 ephvol run --zram 64M -- ephvol-run-test-no-such-command
	assert_one_line_stderr
	assert_exit 126 ephvol run --zram 64M -- /etc/passwd
	assert_one_line_stderr
}

testLeftoverProcessesEndWithTheJob() {
	# The job's main process exits at once; what it started in the background would
	# live on in another tool.
	assert_exit 0 ephvol run --zram 64M -- sh -c \
		'sleep 4242.4242 >/dev/null 2>&1 & echo started' || return
	assert_contains "$STDOUT" '^started$'
	assertFalse 'no process of the job is left' "pgrep -fx 'sleep 4242.4242'"
	assertEquals 'no run volume after' '' "$(run_field name)"
}

testSigtermReachesTheJobAndTeardownCompletes() {
	local pid
	# shellcheck disable=SC2016
	ephvol_bg run --zram 64M -- sh -c '
		trap "echo TERM >\"$1/got\"; exit 3" TERM
		touch "$1/ready"
		while :; do sleep 0.05; done' sh "$D" &
	pid=$!
	wait_for "$D/ready" || return
	kill -TERM "$pid"
	wait "$pid"
	assertEquals "the job's own exit status" 3 $?
	assertEquals 'the job got SIGTERM' TERM "$(cat "$D/got" 2>/dev/null)"
	assertEquals 'no run volume after' '' "$(run_field name)"
}

testSigkillLeavesAnOrphanThatGcReclaims() {
	local pid name i
	# shellcheck disable=SC2016
	ephvol_bg run --zram 64M -- sh -c 'touch "$1/ready"; exec sleep 4242.4242' \
		sh "$D" &
	pid=$!
	wait_for "$D/ready" || return
	name=$(run_field name)
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	# The job dies with ephvol, within a second.
	for ((i = 0; i < 10; i++)); do
		pgrep -fx 'sleep 4242.4242' >/dev/null || break
		sleep 0.1
	done
	assertFalse 'the job is gone within a second' "pgrep -fx 'sleep 4242.4242'"
	assertEquals 'the volume is orphaned' orphaned "$(run_field state)"
	assertTrue 'its record is there' "[ -f /run/ephvol/run/$name ]"
	assert_exit 0 ephvol gc || return
	assert_contains "$STDOUT" "^Reclaimed volume $name of PID $pid \\(sh -c .*\\)\\.$"
	assertEquals 'no run volume after' '' "$(run_field name)"
	assertFalse 'no record after' "[ -e /run/ephvol/run/$name ]"
	assert_exit 0 ephvol gc
	assertEquals 'gc again: nothing to do' '' "$(cat "$STDOUT")"
}

testTheNextRunReclaimsAnOrphan() {
	local pid
	# shellcheck disable=SC2016
	ephvol_bg run --zram 64M -- sh -c 'touch "$1/ready"; exec sleep 4242.4242' \
		sh "$D" &
	pid=$!
	wait_for "$D/ready" || return
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	assertEquals 'orphaned' orphaned "$(run_field state)"
	assert_exit 0 ephvol run --zram 64M -- true
	assertEquals 'no run volume after' '' "$(run_field name)"
}

# The owner is its PID and its start time: a live process with that PID but another
# start time (a PID used again) keeps nothing alive.
testOwnerIsPidAndStartTime() {
	local start
	assert_exit 0 ephvol create rt-plain --raw --zram 32M || return
	start=$(awk '{ sub(/.*\) /, ""); print $20 }' /proc/$$/stat)
	printf 'pid=%d\nstart-time=%d\ncommand=rt\n' $$ "$start" >/run/ephvol/run/rt-plain
	assert_exit 0 ephvol gc
	assertEquals 'owner alive: kept' active \
		"$(ephvol status --json rt-plain | jq -r '.volumes[0].state')"
	printf 'pid=%d\nstart-time=%d\ncommand=rt\n' $$ $((start + 1)) >/run/ephvol/run/rt-plain
	assertEquals 'same PID, another start: orphaned' orphaned \
		"$(ephvol status --json rt-plain | jq -r '.volumes[0].state')"
	assert_exit 0 ephvol gc
	assert_contains "$STDOUT" "^Reclaimed volume rt-plain of PID $$ \\(rt\\)\\.$"
	assert_exit 1 ephvol status rt-plain
}

testSixteenConcurrentRuns() {
	local i pids=() st
	for ((i = 0; i < 16; i++)); do
		# shellcheck disable=SC2016
		ephvol_bg run --zram 64M -- sh -c '
			echo "$2" >/tmp/id
			findmnt -n -o SOURCE /tmp | tail -n 1 >"$1/dev.$2"
			sleep 0.5
			[ "$(cat /tmp/id)" = "$2" ] || exit 99
			exit $((10 + $2))' sh "$D" "$i" &
		pids+=($!)
	done
	for ((i = 0; i < 16; i++)); do
		wait "${pids[i]}"
		st=$?
		assertEquals "exit status of run $i" $((10 + i)) "$st"
	done
	assertEquals '16 distinct volumes' 16 "$(cat "$D"/dev.* | sort -u | grep -c '^/dev/zram')"
	assertEquals 'no run volume after' '' "$(run_field name)"
}

testUserNobody() {
	# shellcheck disable=SC2016
	assert_exit 0 ephvol run --zram 64M --user nobody -- sh -c '
		id -u; id -g; echo "$HOME $USER"
		grep ^CapEff /proc/self/status
		echo data >/tmp/f && cat /tmp/f
		stat -c "%U %a" /tmp
		dev=$(findmnt -n -o SOURCE /tmp | tail -n 1)
		[ -b "$dev" ] || echo "not a block device: $dev"
		head -c 1 "$dev" >/dev/null 2>&1 && echo "device readable"
		true 2>/dev/null >>"$dev" && echo "device writable"
		touch /run/ephvol/x 2>/dev/null && echo "run dir writable"
		exit 0' || return
	assertEquals 'uid, gid, home and user, no capabilities, /tmp writable and owned' \
		"65534
$(id -g nobody)
/nonexistent nobody
CapEff:	0000000000000000
data
nobody 1777" "$(cat "$STDOUT")"
}

testNameOption() {
	# shellcheck disable=SC2016
	ephvol_bg run --zram 64M --name rt-named -- sh -c 'touch "$1/ready"; while [ ! -e "$1/go" ]; do sleep 0.05; done' sh "$D" &
	wait_for "$D/ready" || return
	assert_exit 1 ephvol run --zram 64M --name rt-named -- true
	assert_contains "$STDERR" '^ephvol: Volume rt-named already exists\.$'
	assert_one_line_stderr
	assertEquals 'named' rt-named "$(ephvol status --json rt-named | jq -r '.volumes[0].name')"
	# Its mounts are the job's: destroy finds them in the job's namespace and refuses.
	assert_exit 1 ephvol destroy rt-named
	assert_contains "$STDERR" 'rt-named.* is in use by PID'
	assert_one_line_stderr
	touch "$D/go"
	wait
	assert_exit 1 ephvol status rt-named
}

testBadInputChangesNothing() {
	assert_exit 2 ephvol run --swap -- true
	assert_one_line_stderr
	assert_exit 2 ephvol run --zram 64M
	assert_contains "$STDERR" 'Missing COMMAND'
	assert_exit 2 ephvol run --user ephvol-no-such-user -- true
	assert_contains "$STDERR" "^ephvol: Unknown user 'ephvol-no-such-user'\\.$"
	assert_exit 2 ephvol run --name 'bad/name' -- true
	assert_one_line_stderr
	assert_exit 1 ephvol run --at /ephvol-no-such-dir -- true
	assert_one_line_stderr
	assert_exit 2 ephvol run --at /etc/passwd -- true
	assert_one_line_stderr
	assert_exit 2 ephvol run --at /tmp/x -- true
	assert_contains "$STDERR" "^ephvol: Invalid --at /tmp/x: /tmp and /var/tmp are the volume already\\.$"
	assert_exit 2 ephvol run --zram 12X -- true
	assert_one_line_stderr
	assert_exit 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" run -- true
	assert_one_line_stderr
	assert_exit 2 ephvol gc extra
	assert_exit 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env LD_LIBRARY_PATH="$BUILD" "$BUILD/ephvol" gc
}

testPlaintextSwapIsWarnedOrRefused() {
	rm -f "$SWAPFILE"
	if ! { dd if=/dev/zero of="$SWAPFILE" bs=1M count=16 status=none && chmod 600 "$SWAPFILE" &&
		mkswap -q "$SWAPFILE" >/dev/null && swapon "$SWAPFILE"; }; then
		fail "cannot make a swap file at $SWAPFILE"
		return
	fi
	assert_exit 0 ephvol run --zram 64M -- true
	assert_contains "$STDERR" "swap $SWAPFILE is plaintext on disk"
	assert_one_line_stderr
	state_snapshot "$SHUNIT_TMPDIR/swapon"
	assert_exit 3 ephvol run --zram 64M --require-safe-swap -- true
	assert_contains "$STDERR" "^ephvol: Refusing to run: swap $SWAPFILE is plaintext on disk"
	assert_one_line_stderr
	assert_state_unchanged "$SHUNIT_TMPDIR/swapon"
}

# $D is writable by every user: a link there could have been planted, and --at does
# not follow it, whoever owns it (here root) and wherever it points.
testAtRefusesAPlantedLink() {
	ln -s /etc "$D/planted"
	assert_exit 3 ephvol run --zram 64M --at "$D/planted" -- true
	assert_contains "$STDERR" "$D/planted is a symbolic link that a user other than root could have planted"
	assert_one_line_stderr
}

testAtMountsOnTheWorkDirectory() {
	mkdir -p "$D/work" && echo host >"$D/work/host-file"
	# shellcheck disable=SC2016
	assert_exit 0 sh -c 'cd "$1/work" && LD_LIBRARY_PATH="$3" "$2" run --zram 64M --at . -- \
		sh -c "ls -A; findmnt -n -o TARGET,FSTYPE ."' sh "$D" "$BUILD/ephvol" "$BUILD" || return
	assert_contains "$STDOUT" "^$D/work ext4$"
	assert_not_contains "$STDOUT" host-file
	assertEquals 'the host directory is as it was' host-file "$(ls -A "$D/work")"
}

# shellcheck source=/dev/null
. shunit2
