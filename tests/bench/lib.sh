# shellcheck shell=bash
# Helpers for the benchmarks: time commands in milliseconds and report medians.
# Benchmarks assert only that each step works; the numbers are for people,
# always measured side by side in the same run.

now_ns() { date +%s%N; }

# median N...: the median of the arguments (integers).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# bench_line LABEL A_MS B_MS: one comparison, with the ratio A/B.
bench_line() {
	awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN { printf "BENCH %-44s %8d ms %8d ms   ratio %.2f\n", l, a, b, (b > 0 ? a / b : 0) }'
}

# compare_runs LABEL RUNS FN_A FN_B ARG...: runs FN_A ARG... and FN_B ARG...
# alternately RUNS times (each prints "CREATE_MS DESTROY_MS") and reports the
# medians side by side.
compare_runs() {
	local label=$1 runs=$2 fa=$3 fb=$4 i a b ac=() ad=() bc=() bd=()
	shift 4
	for i in $(seq "$runs"); do
		a=$("$fa" "$@") || { fail "$fa $* (run $i) failed"; return 1; }
		b=$("$fb" "$@") || { fail "$fb $* (run $i) failed"; return 1; }
		ac+=("${a% *}") ad+=("${a#* }") bc+=("${b% *}") bd+=("${b#* }")
	done
	bench_line "$label: create -> ready (median of $runs)" "$(median "${ac[@]}")" "$(median "${bc[@]}")"
	bench_line "$label: destroy (median of $runs)" "$(median "${ad[@]}")" "$(median "${bd[@]}")"
}

# ephvol_cycle ARG...: `ephvol create bench ARG...` then destroy; prints both times.
ephvol_cycle() {
	local t0 t1 t2
	t0=$(now_ns)
	ephvol -q create bench "$@" || return 1
	t1=$(now_ns)
	ephvol -q destroy bench || return 1
	t2=$(now_ns)
	echo $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000))
}
