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
