#!/bin/bash
# run_bench.sh - (make bench, on the host) what `ephvol run -- true` costs: a fresh
# zram scratch volume (default size), the job in its own mount and PID namespaces,
# then the volume destroyed; next to what people use for a private /tmp by hand,
# `unshare --mount --pid --fork` with a tmpfs /tmp, same run, alternately.
# The tmpfs line is no equal: it neither encrypts nor keeps the job's data off swap;
# the ratio says what the volume and its teardown cost on top.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-20}

suite_oneTimeSetUp() {
	require_root || return 1
	echo "BENCH $(printf '%-52s %12s %12s' '' 'ephvol run' 'unshare')"
}

# Each prints its time in us.
ephvol_run_true() {
	local t0 t1
	t0=${EPOCHREALTIME/./}
	ephvol run -- true || return 1
	t1=${EPOCHREALTIME/./}
	echo $((t1 - t0))
}

unshare_tmpfs_true() {
	local t0 t1
	t0=${EPOCHREALTIME/./}
	unshare --mount --propagation private --pid --fork --mount-proc \
		sh -c 'mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp && exec true' || return 1
	t1=${EPOCHREALTIME/./}
	echo $((t1 - t0))
}

testRunTrue() {
	local i a b as=() bs=()
	for i in $(seq "$RUNS"); do
		a=$(ephvol_run_true) || { fail "ephvol run -- true (run $i) failed"; return; }
		b=$(unshare_tmpfs_true) || { fail "unshare (run $i) failed"; return; }
		as+=("$a") bs+=("$b")
	done
	bench_line "run -- true, zram scratch (median of $RUNS)" "$(median "${as[@]}")" \
		"$(median "${bs[@]}")"
	assertEquals 'no run volume left' '' "$(ephvol status --noheadings -o name | grep '^run-')"
}

# shellcheck source=/dev/null
. shunit2
