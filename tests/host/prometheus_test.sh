#!/bin/bash
# prometheus_test.sh - `ephvol status --audit --format prometheus` on the host kernel
# (zram, loop; no device-mapper): the metrics pass `promtool check metrics` and say
# what `status` and /proc say; node_exporter's textfile collector serves them;
# `--write` replaces the file whole (a reader never sees half of it) and follows no
# link a user could have planted; the rules file passes `promtool test rules`.
# The guest's audit_test and the boot's audit_scrape_test do the same with dm-crypt.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

PORT=19109 # node_exporter's, on 127.0.0.1 only

suite_oneTimeSetUp() {
	require_root || return 1
	local c
	for c in promtool prometheus-node-exporter curl jq; do
		command -v "$c" >/dev/null || fail "needs $c (make test-deps)" || return 1
	done
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
	WORK=$(mktemp -d /var/tmp/ephvol-prometheus-test.XXXXXX)
}

suite_tearDown() {
	[ -n "${EXPORTER_PID:-}" ] && kill "$EXPORTER_PID" 2>/dev/null && wait "$EXPORTER_PID" 2>/dev/null
	EXPORTER_PID=
	ephvol destroy pm1 >/dev/null 2>&1
	rm -rf "$WORK"
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

assert_sample() { # FILE SERIES VALUE: its value, exactly as written
	assertEquals "$2" "$3" "$(prom_sample "$1" "$2")"
}

testZramVolumeMetrics() {
	local f=$SHUNIT_TMPDIR/m.prom dev before after ts version
	assert_exit 0 ephvol create pm1 --swap --zram 32M --mem-limit 16M || return
	dev=$(ephvol status --noheadings --raw -o device pm1)
	before=$(date +%s)
	assert_exit 0 ephvol status --audit --format prometheus || return
	after=$(date +%s)
	cp "$STDOUT" "$f"
	assert_promtool_clean "$f"

	assert_sample "$f" ephvol_audit_swap_areas "$(awk 'NR > 1' /proc/swaps | wc -l)"
	assert_sample "$f" "ephvol_audit_protected{kind=\"swap\",path=\"$dev\",device=\"$dev\",volume=\"pm1\",protection=\"ram-only\"}" 1
	assert_sample "$f" 'ephvol_volume_info{name="pm1",backend="zram",role="swap",cipher="",key_location="none"}' 1
	assert_sample "$f" 'ephvol_volume_state{name="pm1",state="active"}' 1
	assert_sample "$f" 'ephvol_volume_state{name="pm1",state="incomplete"}' 0
	assert_sample "$f" 'ephvol_volume_protected{name="pm1",protection="ram-only"}' 1
	assert_sample "$f" 'ephvol_volume_size_bytes{name="pm1"}' 33554432
	assert_sample "$f" 'ephvol_zram_mem_limit_bytes{name="pm1"}' 16777216
	assertNotEquals 'orig data' '' "$(prom_sample "$f" 'ephvol_zram_orig_data_bytes{name="pm1"}')"
	assertNotEquals 'mem used' '' "$(prom_sample "$f" 'ephvol_zram_mem_used_bytes{name="pm1"}')"
	# zram in RAM only: no key anywhere, and the kernel says so (root reads the tables)
	assert_sample "$f" 'ephvol_volume_keys_live{name="pm1"}' 0
	assert_sample "$f" ephvol_keys_live 0
	assert_not_contains "$f" '^ephvol_zram_writeback'
	ts=$(prom_sample "$f" ephvol_audit_last_run_timestamp_seconds)
	if ! awk -v t="$ts" -v a="$before" -v b="$after" 'BEGIN { exit !(t >= a && t < b + 1) }'; then
		fail "timestamp $ts not between $before and $after"
	fi
	version=$(ephvol --version | awk 'NR == 1 { print $2 }')
	assert_sample "$f" "ephvol_build_info{version=\"$version\"}" 1
	# every family, with its type, in docs/contract.md's table, and the other way
	# round for those a zram volume without writeback has
	local name type
	while read -r _ _ name type; do
		assert_contains "$TOP/docs/contract.md" "^\\| \`$name\` \\| $type \\|"
	done < <(grep '^# TYPE' "$f")
	# shellcheck disable=SC2016 # backquotes of the Markdown
	while read -r name; do
		assert_contains "$f" "^# TYPE $name "
	done < <(grep -oE '^\| `ephvol_[a-z_]+` \| (gauge|counter) \|' "$TOP/docs/contract.md" |
		cut -d' ' -f2 | tr -d '`' | grep -v writeback)
	# each family once, its HELP and TYPE before its first sample
	assertEquals 'TYPE lines of one family' 1 "$(grep -c '^# TYPE ephvol_volume_state ' "$f")"
	assertEquals 'families out of order' '' "$(awk '/^# TYPE/ { t[$3] = NR }
		!/^#/ { n = $1; sub(/[{ ].*/, "", n); if (!(n in t)) print n }' "$f" | sort -u)"
}

scrape() { # FILE: /metrics, once node_exporter answers (within 10 s)
	local i
	for i in $(seq 100); do
		curl -sf -o "$1" "http://127.0.0.1:$PORT/metrics" && return 0
		sleep 0.1
	done
	return 1
}

testNodeExporterServesIt() {
	local dev scraped=$SHUNIT_TMPDIR/scraped
	assert_exit 0 ephvol create pm1 --swap --zram 32M || return
	dev=$(ephvol status --noheadings --raw -o device pm1)
	assert_exit 0 ephvol status --audit --format prometheus --write "$WORK/ephvol.prom" || return
	prometheus-node-exporter --web.listen-address="127.0.0.1:$PORT" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$WORK" >"$SHUNIT_TMPDIR/exporter.log" 2>&1 &
	EXPORTER_PID=$!
	scrape "$scraped" ||
		fail "node_exporter did not answer: $(cat "$SHUNIT_TMPDIR/exporter.log")" || return
	# node_exporter parsed the file, and serves it with its labels sorted
	assert_sample "$scraped" 'node_textfile_scrape_error' 0
	assert_sample "$scraped" "ephvol_audit_protected{device=\"$dev\",kind=\"swap\",path=\"$dev\",protection=\"ram-only\",volume=\"pm1\"}" 1
	assert_prom_number "$scraped" 'ephvol_volume_size_bytes{name="pm1"}' 33554432
	assert_sample "$scraped" ephvol_keys_live 0
}

# The file appears whole or not at all: readers racing two writers never see half of
# it, and nothing of the writers' is left beside it.
testWriteReplacesWhole() {
	local f=$WORK/ephvol.prom i bad=0 ino1 ino2
	assert_exit 0 ephvol status --audit --format prometheus --write "$f" || return
	assertEquals 'mode' 644 "$(stat -c %a "$f")"
	assert_promtool_clean "$f"
	ino1=$(stat -c %i "$f")
	assert_exit 0 ephvol status --audit --format prometheus --write "$f"
	ino2=$(stat -c %i "$f")
	assertNotEquals 'replaced by rename, not rewritten in place' "$ino1" "$ino2"

	for i in 1 2; do
		(for _ in $(seq 40); do ephvol status --audit --format prometheus --write "$f" || exit 1; done) &
	done
	for i in $(seq 400); do
		tail -n 1 "$f" | grep -q '^ephvol_build_info{' || bad=$((bad + 1))
	done
	wait
	assertEquals 'reads of a partial file' 0 "$bad"
	assertEquals 'files beside it' 'ephvol.prom' "$(ls -A "$WORK")"
}

# --write as root into a directory others control: links they planted are replaced
# or refused, never followed.
testWriteFollowsNoPlantedLink() {
	local dir=$WORK/textfiles victim=$WORK/victim other=$WORK/other
	mkdir -p "$dir" "$other/sub"
	chown nobody "$dir" "$other"
	echo precious >"$victim"
	# a link where the file goes, and one where its temporary file goes
	ln -s "$victim" "$dir/ephvol.prom"
	ln -s "$victim" "$dir/.ephvol.prom.tmp"
	chown -h nobody "$dir/ephvol.prom" "$dir/.ephvol.prom.tmp"
	assert_exit 0 ephvol status --audit --format prometheus --write "$dir/ephvol.prom"
	assertEquals 'the victim' precious "$(cat "$victim")"
	assertTrue 'a file of its own' "[ -f '$dir/ephvol.prom' ] && [ ! -L '$dir/ephvol.prom' ]"
	assertFalse 'the temporary link is gone' "[ -L '$dir/.ephvol.prom.tmp' ]"

	# a directory on the way that a user's link leads elsewhere
	ln -s "$other/sub" "$other/link"
	chown -h nobody "$other/link"
	assert_exit 3 ephvol status --audit --format prometheus --write "$other/link/ephvol.prom"
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol: Refusing to write $other/link/ephvol.prom: $other/link is a symbolic link"
	assertFalse 'nothing written through it' "[ -e '$other/sub/ephvol.prom' ]"
}

testWriteErrors() {
	assert_exit 1 ephvol status --audit --format prometheus --write "$WORK/missing/ephvol.prom"
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol: Cannot write $WORK/missing/ephvol.prom: No such file or directory$"
	assert_exit 2 ephvol status --audit --format prometheus --write ephvol.prom
	assert_one_line_stderr
	assert_exit 2 ephvol status --audit --write "$WORK/ephvol.prom"
	assert_one_line_stderr
	assert_contains "$STDERR" 'for --format prometheus'
	assertEquals 'nothing written' '' "$(ls -A "$WORK")"
}

testFormatOptions() {
	assert_exit 2 ephvol status --format prometheus
	assert_one_line_stderr
	assert_contains "$STDERR" 'status --audit --format prometheus'
	assert_exit 2 ephvol status --audit --format yaml
	assert_one_line_stderr
	assert_contains "$STDERR" "Unknown format 'yaml'"
	assert_exit 2 ephvol status --audit --format prometheus --json
	assert_one_line_stderr
	assert_exit 2 ephvol status --audit --format table --json
	assert_one_line_stderr
	assert_exit 2 ephvol status --audit --format prometheus -o path
	assert_one_line_stderr
	assert_exit 2 ephvol status --audit --format prometheus --raw
	assert_one_line_stderr
	# json and table are the options' own
	assert_exit 0 ephvol status --audit --json || return
	cp "$STDOUT" "$SHUNIT_TMPDIR/json"
	assert_exit 0 ephvol status --audit --format json
	assertEquals '--format json is --json' "$(cat "$SHUNIT_TMPDIR/json")" "$(cat "$STDOUT")"
	assert_exit 0 ephvol status --format table || return
	cp "$STDOUT" "$SHUNIT_TMPDIR/table"
	assert_exit 0 ephvol status
	assertEquals '--format table is the default' "$(cat "$SHUNIT_TMPDIR/table")" "$(cat "$STDOUT")"
}

# The alerting rules: valid, and each alert fires where it should (their own suite).
testRules() {
	local out
	out=$(promtool check rules "$TOP/docs/prometheus/ephvol.rules.yml" 2>&1)
	assertEquals "promtool check rules: $out" 0 "$?"
	assert_contains <(echo "$out") 'SUCCESS: 6 rules found'
	out=$(cd "$TOP/tests/prometheus" && promtool test rules ephvol.rules.test.yml 2>&1)
	assertEquals "promtool test rules: $out" 0 "$?"
}

# shellcheck source=/dev/null
. shunit2
