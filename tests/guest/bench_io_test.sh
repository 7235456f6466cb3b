#!/bin/bash
# bench_io_test.sh - `ephvol bench --io` on a scratch disk of the guest (real
# dm-crypt): every configuration measured (each default candidate with dm-crypt's
# workqueues bypassed and kept, then cryptsetup's plain defaults), every figure
# above 0, the verdict lines, JSON with the documented members; with --integrity
# aead, create's default against an authenticated volume and the cost of its
# integrity; nothing left afterwards (no mapping, no volume), also when SIGTERM
# comes midway; a volume named bench-io already there is refused as create
# refuses it.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

DISK=/dev/vda

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	require_dm || return 1
	install_udev_rules
}

suite_setUp() { state_snapshot "$SHUNIT_TMPDIR/before"; }
suite_tearDown() { assert_state_unchanged "$SHUNIT_TMPDIR/before"; }

assert_nothing_left() {
	assertEquals 'no bench-io mapping' '' "$(dmsetup ls 2>/dev/null | grep ephvol-bench-io)"
	assert_exit 0 ephvol status --json
	assertEquals 'no volume' 0 "$(jq '.volumes | length' "$STDOUT")"
}

# The rows, in order: each candidate bypass then workqueues, then cryptsetup's plain
# defaults (aes-cbc-essiv:sha256, 256 bits, 512-byte sectors, workqueues kept).
EXPECTED_ROWS='aes-xts-plain64/512/4096/bypass
aes-xts-plain64/512/4096/workqueues
xchacha12,aes-adiantum-plain64/256/4096/bypass
xchacha12,aes-adiantum-plain64/256/4096/workqueues
aes-cbc-essiv:sha256/256/512/workqueues'

testTable() {
	assert_exit 0 ephvol bench --io "$DISK" --seconds 1 || return
	cat "$STDOUT"
	assert_contains "$STDOUT" '^CIPHER +KEY +SECTOR +QUEUES +INTEGRITY +CONFIG +READ_4K_IOPS +READ_4K_LAT_US +WRITE_4K_IOPS +WRITE_4K_LAT_US +SEQ_READ_MIBS +SEQ_WRITE_MIBS$'
	assert_contains "$STDOUT" '^aes-xts-plain64 +512 +4096 +bypass '
	assert_contains "$STDOUT" '^aes-xts-plain64 +512 +4096 +workqueues .*--workqueues'
	assert_contains "$STDOUT" '^xchacha12,aes-adiantum-plain64 +256 +4096 +bypass '
	assert_contains "$STDOUT" '^xchacha12,aes-adiantum-plain64 +256 +4096 +workqueues '
	assert_contains "$STDOUT" '^aes-cbc-essiv:sha256 +256 +512 +workqueues +- +cryptsetup plain defaults( +[0-9.]+){6}$'
	# The row create makes here by default: one, with bypassed queues.
	assertEquals 'one ephvol default row' 1 "$(grep -cE ' bypass +- +ephvol default ' "$STDOUT")"
	# Six figures on each of the five rows, none of them 0.
	assertEquals 'rows with six figures' 5 "$(grep -cE '( +[0-9]+(\.[0-9])?){6}$' "$STDOUT")"
	assertEquals 'figures of 0' 0 "$(grep -E '( +[0-9]+(\.[0-9])?){6}$' "$STDOUT" |
		grep -oE '( +[0-9]+(\.[0-9])?){6}$' | tr -s ' ' '\n' | grep -cxE '0(\.0)?')"
	# One verdict a cipher.
	assert_contains "$STDOUT" '^aes-xts-plain64 \(512-bit key\): (bypass|workqueues) won 4 KiB latency by [0-9.]+x; (bypass|workqueues) won sequential throughput by [0-9.]+x\.$'
	assert_contains "$STDOUT" '^xchacha12,aes-adiantum-plain64 \(256-bit key\): (bypass|workqueues) won 4 KiB latency'
	assert_nothing_left
}

# One candidate given (the rows of the default ones are testTable's): its two rows
# and cryptsetup's, in half the time.
testJson() {
	local doc
	assert_exit 0 ephvol bench --io "$DISK" --seconds 1 --cipher aes-xts-plain64:512 --json || return
	python3 -m json.tool "$STDOUT" >/dev/null || fail 'not valid JSON'
	assertEquals 'members' 'device,seconds,io,verdicts,integrity_costs' "$(jq -r 'keys_unsorted | join(",")' "$STDOUT")"
	assertEquals 'device and seconds' "$DISK 1" "$(jq -r '"\(.device) \(.seconds)"' "$STDOUT")"
	assertEquals 'row members' \
		'cipher,key_bits,sector_size,queues,integrity,config,read_4k_iops,read_4k_lat_us,write_4k_iops,write_4k_lat_us,seq_read_mibs,seq_write_mibs' \
		"$(jq -r '[.io[] | keys_unsorted | join(",")] | unique | join(" ")' "$STDOUT")"
	assertEquals 'rows' "$(sed -n '1,2p;$p' <<<"$EXPECTED_ROWS")" \
		"$(jq -r '.io[] | "\(.cipher)/\(.key_bits)/\(.sector_size)/\(.queues)"' "$STDOUT")"
	assertEquals 'every figure > 0' true "$(jq '[.io[] | .read_4k_iops, .read_4k_lat_us,
		.write_4k_iops, .write_4k_lat_us, .seq_read_mibs, .seq_write_mibs] | all(. > 0)' "$STDOUT")"
	assertEquals 'configs' 'cryptsetup plain defaults' "$(jq -r '.io[2].config' "$STDOUT")"
	assertEquals 'verdicts' 'aes-xts-plain64/512' \
		"$(jq -r '[.verdicts[] | "\(.cipher)/\(.key_bits)"] | join(" ")' "$STDOUT")"
	assertEquals 'verdict members' true "$(jq '[.verdicts[] | (.latency_winner == "bypass" or
		.latency_winner == "workqueues") and .latency_factor >= 1 and
		(.throughput_winner == "bypass" or .throughput_winner == "workqueues") and
		.throughput_factor >= 1] | all' "$STDOUT")"
	assertEquals 'no integrity' 'null null null' "$(jq -r '[.io[].integrity] | map(tostring) | join(" ")' "$STDOUT")"
	assertEquals 'no integrity costs' 0 "$(jq '.integrity_costs | length' "$STDOUT")"
	cp "$STDOUT" "$SHUNIT_TMPDIR/bench-io.json"
	assert_nothing_left
}

# --integrity aead, one cipher: create's default without integrity, then the cipher
# with it (an authenticated volume, its integrity mapping too, made and removed), and
# what the integrity costs.
testIntegrity() {
	local doc
	assert_exit 0 ephvol bench --io "$DISK" --seconds 1 --integrity aead --cipher aegis128-random --json || return
	assertEquals 'rows' 'aes-xts-plain64/512/4096/bypass/null/ephvol default
aegis128-random/128/4096/bypass/aead:aegis128-random/--integrity aead' \
		"$(jq -r '.io[] | "\(.cipher)/\(.key_bits)/\(.sector_size)/\(.queues)/\(.integrity)/\(.config)"' "$STDOUT")"
	assertEquals 'every figure > 0' true "$(jq '[.io[] | .read_4k_iops, .read_4k_lat_us,
		.write_4k_iops, .write_4k_lat_us, .seq_read_mibs, .seq_write_mibs] | all(. > 0)' "$STDOUT")"
	assertEquals 'no queue verdicts' 0 "$(jq '.verdicts | length' "$STDOUT")"
	assertEquals 'one cost' 'aegis128-random/aes-xts-plain64' \
		"$(jq -r '[.integrity_costs[] | "\(.cipher)/\(.baseline)"] | join(" ")' "$STDOUT")"
	# Each factor is the two rows' figures divided, to two decimals.
	assertEquals 'factors' true "$(jq '.io[0] as $b | .io[1] as $a | .integrity_costs[0] |
		def near(x; y): ((x - y) | fabs) <= 0.006;
		near(.seq_read_factor; $a.seq_read_mibs / $b.seq_read_mibs) and
		near(.seq_write_factor; $a.seq_write_mibs / $b.seq_write_mibs) and
		near(.read_4k_lat_factor; $a.read_4k_lat_us / $b.read_4k_lat_us) and
		near(.write_4k_lat_factor; $a.write_4k_lat_us / $b.write_4k_lat_us)' "$STDOUT")"
	# The contract's table of the members is the list that this run and testJson's
	# (queue verdicts, no costs) show between them.
	[ -f "$SHUNIT_TMPDIR/bench-io.json" ] || fail "no output of testJson to compare"
	doc=$(awk '/^### bench --io --json$/ { on = 1; next } on && /^#/ { exit }
		on && /^\| `/ { split($0, c, "`"); print c[2] }' "$TOP/docs/contract.md" | LC_ALL=C sort | paste -sd' ')
	assertEquals 'documented members' "$doc" "$(jq -r '[paths | select(.[-1] | type == "string") |
		map(if type == "number" then "[]" else . end) | join(".") | gsub("\\.\\[\\]"; "[]")] |
		unique | .[]' "$STDOUT" "$SHUNIT_TMPDIR/bench-io.json" | LC_ALL=C sort -u | paste -sd' ')"
	assert_nothing_left
}

testSigtermLeavesNothing() {
	local pid rc
	ephvol_bg bench --io "$DISK" --seconds 2 >"$STDOUT" 2>"$STDERR" &
	pid=$!
	wait_for /dev/mapper/ephvol-bench-io 300 || { kill "$pid"; wait "$pid"; return; }
	sleep 1
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	assertEquals 'died of SIGTERM' 143 "$rc"
	assertEquals 'no table' '' "$(cat "$STDOUT")"
	assert_nothing_left
}

testExistingVolumeRefused() {
	assert_exit 0 ephvol create bench-io --raw --device /dev/vdb || return
	assert_exit 1 ephvol bench --io "$DISK" --seconds 1
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Volume bench-io already exists\.$'
	assert_exit 0 ephvol destroy bench-io
}

# shellcheck source=/dev/null
. shunit2
