#!/bin/bash
# kernel_features_test.sh - what zram and dm-crypt offer from Linux 6.12 on, run
# on both guest kernels (tests/vm/run -K 6.1 and -K 6.12): on 6.12 each
# feature works and shows by its effect; on 6.1 each is refused with exit 2 and
# one line, and nothing changes (suite_tearDown).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	zram_sample 8M "$SHUNIT_TMPDIR/sample"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# zstd_compressed ARGS...: a raw zstd zram volume made with ARGS, fed the
# sample: the bytes zram stores for it.
zstd_compressed() {
	local n
	assert_exit 0 ephvol create zk1 --raw --zram 16M --comp-algorithm zstd "$@" || return 1
	n=$(zram_compressed zk1 "$SHUNIT_TMPDIR/sample")
	assert_exit 0 ephvol destroy zk1 || return 1
	echo "$n"
}

refused_before_6_12() {
	assert_exit 2 ephvol create zk1 --raw --zram 16M "$@"
	assert_one_line_stderr
	assert_contains "$STDERR" 'this kernel.s zram has no algorithm_params \(Linux 6\.12 or later\)'
}

# algorithm_params is write-only: the level shows in what zram stores.
testZstdLevelsByEffect() {
	local low high
	if ! kernel_at_least 6 12; then
		refused_before_6_12 --comp-level 3
		return
	fi
	low=$(zstd_compressed --comp-level 1) || return
	high=$(zstd_compressed --comp-level 12) || return
	echo "zstd on the 8 MiB bench sample: level 1 $low bytes, level 12 $high bytes"
	assertTrue "level 12 compresses more than level 1: $high against $low bytes" \
		"[ $high -lt $low ]"
	assert_exit 2 ephvol create zk1 --raw --zram 16M --comp-algorithm zstd --comp-level 23
	assert_one_line_stderr
	assert_contains "$STDERR" '--comp-level 23: zstd takes levels 1 to 22\.$'
}

testZstdDictionaryByEffect() {
	local plain dict
	zram_train_dict "$SHUNIT_TMPDIR/sample" "$SHUNIT_TMPDIR/dict" || return
	if ! kernel_at_least 6 12; then
		refused_before_6_12 --comp-dict "$SHUNIT_TMPDIR/dict"
		return
	fi
	plain=$(zstd_compressed) || return
	dict=$(zstd_compressed --comp-dict "$SHUNIT_TMPDIR/dict") || return
	echo "zstd on the 8 MiB bench sample: $plain bytes, with a dictionary $dict bytes"
	assertTrue "the dictionary compresses more: $dict against $plain bytes" \
		"[ $dict -lt $plain ]"
}

# shellcheck source=/dev/null
. shunit2
