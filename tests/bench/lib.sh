# shellcheck shell=bash
# Helpers for the benchmarks: time commands and report medians, side by side.
# Benchmarks assert only that each step works; the numbers are for people,
# always measured in the same run, the two sides alternately.
#
# Times are read from bash's own clock ($EPOCHREALTIME, microseconds): a
# `date` process per reading would add milliseconds of fork and exec to every
# interval, and more than that on small ones (a zram swap is ready in ~10 ms).

# Read as ${EPOCHREALTIME/./}: microseconds since the epoch, with neither a
# process nor a subshell.

# median N...: the median of the arguments (integers).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# bench_line LABEL A_US B_US: one comparison, in ms, with the ratio A/B.
bench_line() {
	awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN { printf "BENCH %-52s %9.1f ms %9.1f ms   ratio %.2f\n", l, a / 1000, b / 1000, (b > 0 ? a / b : 0) }'
}

# goal ID LABEL A B LIMIT [UNIT]: one line of the goals table (tests/bench/goals
# prints them all at the end of make bench): ratio A/B against the goal
# "ratio <= LIMIT". A and B in microseconds, or in UNIT (e.g. KiB).
goal() {
	awk -v id="$1" -v l="$2" -v a="$3" -v b="$4" -v lim="$5" -v u="${6:-us}" 'BEGIN {
		r = b > 0 ? a / b : 0
		if (u == "us") { a /= 1000; b /= 1000; u = "ms" }
		printf "GOAL %s|%s|%.1f %s|%.1f %s|%.2f|<= %s|%s\n", id, l, a, u, b, u, r, lim, (r <= lim ? "met" : "NOT met")
	}'
}

# Per-step breakdown. ephvol_cycle runs ephvol with -v, whose timeline logs
# "Timeline: PHASE MS ms" for each phase and "Timeline: total MS ms"; the phases
# of each run are kept in $BENCH_STEPS/VERB, as "PHASE US" lines, with "exec"
# for what the process cost outside its timeline (loading, exit, the wait).
BENCH_STEPS=${BENCH_STEPS:-}

steps_reset() {
	[ -n "$BENCH_STEPS" ] || BENCH_STEPS=$(mktemp -d "${SHUNIT_TMPDIR:-/tmp}/steps.XXXXXX")
	rm -f "$BENCH_STEPS"/create "$BENCH_STEPS"/destroy
}

# steps_collect VERB WALL_US < STDERR_OF_EPHVOL_V
steps_collect() {
	awk -v wall="$2" '
		$2 == "Timeline:" { us = int($4 * 1000 + 0.5)
			if ($3 == "total") total = us; else print $3, us }
		END { if (total) print "exec", wall - total }' >>"$BENCH_STEPS/$1"
}

# steps_print LABEL VERB: the median of each phase, in the order they ran.
steps_print() {
	[ -s "$BENCH_STEPS/$2" ] || return 0
	awk -v l="$1 $2" '
		!($1 in n) { order[++k] = $1 }
		{ v[$1, ++n[$1]] = $2 }
		END {
			line = ""
			for (i = 1; i <= k; i++) {
				s = order[i]; m = n[s]
				for (a = 1; a <= m; a++) x[a] = v[s, a]
				# insertion sort: a handful of values
				for (a = 2; a <= m; a++) { t = x[a]; for (b = a - 1; b >= 1 && x[b] > t; b--) x[b + 1] = x[b]; x[b + 1] = t }
				med = (m % 2) ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
				line = line sprintf(" %s %.1f", s, med / 1000)
			}
			printf "STEPS %s (median ms):%s\n", l, line
		}' "$BENCH_STEPS/$2"
}

# Each timed step starts with udev idle: what udev still does for the step before (the
# rules for a new mapping, the probe after a swapoff or a close) would otherwise be
# charged to whichever side runs next, and the sides alternate.
bench_quiesce() {
	udevadm settle --timeout=10 >/dev/null 2>&1 || true
}

# compare_runs LABEL RUNS FN_A FN_B ARG...: runs FN_A ARG... and FN_B ARG...
# alternately RUNS times (each prints "CREATE_US DESTROY_US") and reports the
# medians side by side, then ephvol's per-step breakdown. With GOAL_CREATE
# and/or GOAL_DESTROY set to "ID LIMIT", also the goal lines.
compare_runs() {
	local label=$1 runs=$2 fa=$3 fb=$4 i a b ac=() ad=() bc=() bd=() mc md
	shift 4
	steps_reset
	for i in $(seq "$runs"); do
		bench_quiesce
		a=$("$fa" "$@") || { fail "$fa $* (run $i) failed"; return 1; }
		bench_quiesce
		b=$("$fb" "$@") || { fail "$fb $* (run $i) failed"; return 1; }
		ac+=("${a% *}") ad+=("${a#* }") bc+=("${b% *}") bd+=("${b#* }")
	done
	bench_line "$label: create -> ready (median of $runs)" "$(median "${ac[@]}")" "$(median "${bc[@]}")"
	bench_line "$label: destroy (median of $runs)" "$(median "${ad[@]}")" "$(median "${bd[@]}")"
	steps_print "$label" create
	steps_print "$label" destroy
	mc=$(median "${ac[@]}") md=$(median "${ad[@]}")
	# shellcheck disable=SC2086
	[ -z "${GOAL_CREATE:-}" ] || goal ${GOAL_CREATE% *} "$label: create -> ready" "$mc" "$(median "${bc[@]}")" "${GOAL_CREATE#* }"
	# shellcheck disable=SC2086
	[ -z "${GOAL_DESTROY:-}" ] || goal ${GOAL_DESTROY% *} "$label: destroy" "$md" "$(median "${bd[@]}")" "${GOAL_DESTROY#* }"
}

# ephvol_cycle ARG...: `ephvol -v create bench ARG...` then, udev idle, destroy; prints
# both times (us) and keeps the timeline of each (steps_collect).
ephvol_cycle() {
	local t0 t1 t1b t2 err
	err=$(mktemp -d "${SHUNIT_TMPDIR:-/tmp}/cycle.XXXXXX")
	t0=${EPOCHREALTIME/./}
	ephvol -v create bench "$@" >/dev/null 2>"$err/create" || { cat "$err/create" >&2; return 1; }
	t1=${EPOCHREALTIME/./}
	bench_quiesce
	t1b=${EPOCHREALTIME/./}
	ephvol -v destroy bench >/dev/null 2>"$err/destroy" || { cat "$err/destroy" >&2; return 1; }
	t2=${EPOCHREALTIME/./}
	# Only now: the awk of steps_collect is no part of either interval.
	steps_collect create $((t1 - t0)) <"$err/create"
	steps_collect destroy $((t2 - t1b)) <"$err/destroy"
	rm -rf "$err"
	echo $((t1 - t0)) $((t2 - t1b))
}

# peak_rss_kib CMD...: runs CMD (stdout and stderr dropped) and prints its peak
# resident set, children included, in KiB (GNU time's %M). CMD "ephvol" is the
# binary under test, as the shell function of testlib.sh runs it.
peak_rss_kib() {
	local out
	out=$(mktemp "${SHUNIT_TMPDIR:-/tmp}/rss.XXXXXX")
	[ "$1" != ephvol ] || set -- env "LD_LIBRARY_PATH=$BUILD" "$BUILD/ephvol" "${@:2}"
	/usr/bin/time -f %M -o "$out" "$@" >/dev/null 2>&1 || { rm -f "$out"; return 1; }
	tail -n 1 "$out"
	rm -f "$out"
}

# compare_rss ID LABEL FN_A FN_B: FN_A and FN_B each print the peak RSS (KiB) of
# one run, and undo it; 5 of each, alternately; their medians and the goal
# "ratio <= 1".
compare_rss() {
	local i a b as=() bs=()
	for i in 1 2 3 4 5; do
		a=$("$3") || { fail "$3 (run $i) failed"; return 1; }
		b=$("$4") || { fail "$4 (run $i) failed"; return 1; }
		as+=("$a") bs+=("$b")
	done
	echo "BENCH $(printf '%-52s %9d KiB %9d KiB' "peak RSS: $2" "$(median "${as[@]}")" "$(median "${bs[@]}")")"
	goal "$1" "peak RSS, $2" "$(median "${as[@]}")" "$(median "${bs[@]}")" 1.0 KiB
}
