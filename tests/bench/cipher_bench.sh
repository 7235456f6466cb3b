#!/bin/bash
# cipher_bench.sh - (make bench, in the guest) the cipher figures of `ephvol bench`
# against `cryptsetup benchmark -c SPEC -s BITS` for each default candidate, same
# boot, each candidate by both back to back. Both call libcryptsetup's
# crypt_benchmark() the same way, so the ranking should be the same and each figure
# close; this prints whether they are (a benchmark, not a pass/fail test: only a side
# that fails to run fails it). Rankings are compared per direction, figures of one
# tool within TIE percent of each other counting as a tie.
# EPHVOL_BENCH_RUNS (default 5) sets the number of runs.
# Under TCG absolute speeds mean little; compare the columns.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-5}
TOLERANCE=15 # percent
# Two figures of one tool closer than this are a tie: run-to-run noise under TCG on
# a shared host is a few percent, so their order says nothing.
TIE=5 # percent
CANDIDATES=("aes-xts-plain64 256" "aes-xts-plain64 512" "xchacha12,aes-adiantum-plain64 256"
	"aes-cbc-essiv:sha256 256")

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	command -v cryptsetup >/dev/null || {
		echo "cipher_bench: cryptsetup is not installed" >&2
		return 1
	}
}

# ephvol_one SPEC BITS: "SPEC BITS ENC DEC" from `ephvol bench --json --cipher SPEC
# --key-size BITS`, run as nobody: ciphers need no root, and without it the zram
# compressors are skipped, which would only make the run longer.
ephvol_one() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_LIBRARY_PATH="$BUILD" \
		"$BUILD/ephvol" bench --json --cipher "$1" --key-size "$2" \
		>"$SHUNIT_TMPDIR/one.json" 2>"$SHUNIT_TMPDIR/one.err" || {
		fail "ephvol bench --cipher $1 --key-size $2 failed: $(cat "$SHUNIT_TMPDIR/one.err")"
		return 1
	}
	jq -r '.ciphers[0] | "\(.cipher) \(.key_bits) \(.encrypt_mibs) \(.decrypt_mibs)"' \
		"$SHUNIT_TMPDIR/one.json" | grep -v ' null' || {
		fail "ephvol bench did not measure $1 $2: $(jq -c '.ciphers' "$SHUNIT_TMPDIR/one.json")"
		return 1
	}
}

# cryptsetup_one SPEC BITS: the same from `cryptsetup benchmark -c SPEC -s BITS`,
# whose last line is "  aes-xts   512b   1234.5 MiB/s   1234.5 MiB/s".
cryptsetup_one() {
	local out
	out=$(cryptsetup benchmark -c "$1" -s "$2" 2>&1) || {
		fail "cryptsetup benchmark -c $1 -s $2 failed: $out"
		return 1
	}
	echo "$out" | awk -v s="$1" -v b="$2" 'END { if ($4 == "MiB/s" && $6 == "MiB/s") print s, b, $3, $5; else exit 1 }' || {
		fail "cannot read cryptsetup's figures: $out"
		return 1
	}
}

# median FILE: "SPEC BITS ENC DEC" with the median of each figure over the runs, in
# candidate order (the median, since a busy host slows down single runs).
median_file() {
	local c spec bits
	for c in "${CANDIDATES[@]}"; do
		read -r spec bits <<<"$c"
		awk -v s="$spec" -v b="$bits" '$1 == s && $2 == b { print $3, $4 }' "$1" |
			awk -v s="$spec" -v b="$bits" '{ e[NR] = $1; d[NR] = $2 }
			function med(a, n,    i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
				return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
			END { printf "%s %s %.1f %.1f\n", s, b, med(e, NR), med(d, NR) }'
	done
}

# ranking FILE COLUMN: the candidates from fastest to slowest by that column of a
# median file (3: encryption, 4: decryption).
ranking() {
	awk -v c="$2" '{ printf "%.3f %s/%s\n", $c, $1, $2 }' "$1" | sort -rn | awk '{ print $2 }' | paste -sd' '
}

# discordant JOINED: the pairs of candidates that the two tools order oppositely in
# one direction, each tool separating them by more than TIE percent. JOINED has
# "SPEC/BITS e_enc e_dec c_enc c_dec" lines. Prints nothing when the rankings agree.
discordant() {
	awk -v tie="$TIE" '
	function cmp(x, y) { return x > y * (1 + tie / 100) ? 1 : (y > x * (1 + tie / 100) ? -1 : 0) }
	{ k[NR] = $1; for (j = 0; j < 2; j++) { e[NR, j] = $(2 + j); c[NR, j] = $(4 + j) } }
	END {
		for (j = 0; j < 2; j++) for (a = 1; a <= NR; a++) for (b = a + 1; b <= NR; b++)
			if (cmp(e[a, j], e[b, j]) * cmp(c[a, j], c[b, j]) < 0)
				printf " %s vs %s (%s)", k[a], k[b], j ? "dec" : "enc"
	}' "$1"
}

testCompareWithCryptsetup() {
	local i c spec bits
	: >"$SHUNIT_TMPDIR/ephvol"
	: >"$SHUNIT_TMPDIR/cryptsetup"
	# The full report once, as root: drivers and the recommendation.
	assert_exit 0 ephvol bench --json || return
	cp "$STDOUT" "$SHUNIT_TMPDIR/bench.json"
	# Then each candidate by both, back to back, the order swapped every run.
	for i in $(seq "$RUNS"); do
		for c in "${CANDIDATES[@]}"; do
			read -r spec bits <<<"$c"
			if [ $((i % 2)) = 1 ]; then
				ephvol_one "$spec" "$bits" >>"$SHUNIT_TMPDIR/ephvol" || return
				cryptsetup_one "$spec" "$bits" >>"$SHUNIT_TMPDIR/cryptsetup" || return
			else
				cryptsetup_one "$spec" "$bits" >>"$SHUNIT_TMPDIR/cryptsetup" || return
				ephvol_one "$spec" "$bits" >>"$SHUNIT_TMPDIR/ephvol" || return
			fi
		done
	done
	median_file "$SHUNIT_TMPDIR/ephvol" >"$SHUNIT_TMPDIR/ephvol.median"
	median_file "$SHUNIT_TMPDIR/cryptsetup" >"$SHUNIT_TMPDIR/cryptsetup.median"

	echo "BENCH cipher speeds, MiB/s, median of $RUNS runs, each candidate by both back to back (ephvol bench / cryptsetup benchmark)"
	printf 'BENCH %-32s %4s  %-19s %-19s %s\n' CIPHER KEY 'ephvol enc / dec' 'cryptsetup enc / dec' 'ratio enc / dec'
	join -j1 <(awk '{ print $1 "/" $2, $3, $4 }' "$SHUNIT_TMPDIR/ephvol.median" | sort) \
		<(awk '{ print $1 "/" $2, $3, $4 }' "$SHUNIT_TMPDIR/cryptsetup.median" | sort) >"$SHUNIT_TMPDIR/joined"
	awk -v tol="$TOLERANCE" '
		function off(a, b) { return b > 0 ? (a / b - 1) * 100 : 999 }
		{
			split($1, k, "/")
			printf "BENCH %-32s %4s  %8.1f / %8.1f %8.1f / %8.1f  %5.2f / %5.2f\n", k[1], k[2], $2, $3, $4, $5, ($4 > 0 ? $2 / $4 : 0), ($5 > 0 ? $3 / $5 : 0)
			for (j = 0; j < 2; j++) { o = off($(2 + j), $(4 + j)); if (o < 0) o = -o; if (o > tol) bad = bad " " k[1] "/" k[2] (j ? ":dec" : ":enc") sprintf("(%+.0f%%)", off($(2 + j), $(4 + j))) }
		}
		END { print (bad == "" ? "BENCH every figure within ±" tol "%: yes" : "BENCH every figure within ±" tol "%: no," bad) }' "$SHUNIT_TMPDIR/joined"
	local d
	echo "BENCH ranking by encryption, fastest first: ephvol: $(ranking "$SHUNIT_TMPDIR/ephvol.median" 3)"
	echo "BENCH ranking by encryption, fastest first: cryptsetup: $(ranking "$SHUNIT_TMPDIR/cryptsetup.median" 3)"
	echo "BENCH ranking by decryption, fastest first: ephvol: $(ranking "$SHUNIT_TMPDIR/ephvol.median" 4)"
	echo "BENCH ranking by decryption, fastest first: cryptsetup: $(ranking "$SHUNIT_TMPDIR/cryptsetup.median" 4)"
	d=$(discordant "$SHUNIT_TMPDIR/joined")
	if [ -z "$d" ]; then
		echo "BENCH ranking the same (figures within ${TIE}% of each other tie): yes"
	else
		echo "BENCH ranking the same (figures within ${TIE}% of each other tie): no, ordered oppositely:$d"
	fi
	echo "BENCH ephvol's recommendation here: $(jq -r '.recommendation | "\(.cipher) \(.key_bits)"' "$SHUNIT_TMPDIR/bench.json");" \
		"drivers: $(jq -r '[.ciphers[] | "\(.cipher)=\(.driver)"] | join(", ")' "$SHUNIT_TMPDIR/bench.json")"
}

# shellcheck source=/dev/null
. shunit2
