#!/bin/bash
# kernel_features_test.sh - what zram and dm-crypt offer in newer kernels, run
# on both guest kernels (tests/vm/run -K 6.1 and -K 6.12): on 6.12 each
# feature works and shows by its effect; on 6.1 each is refused with exit 2 and
# one line, and nothing changes (suite_tearDown), or, for dm-crypt's
# high_priority, left out of the table.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

DISK=/dev/vda

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules || return 1
	zram_sample 8M "$SHUNIT_TMPDIR/sample"
	# Earlier suites in this boot leave their own data on the disk.
	wipefs -q -a "$DISK"
	dd if=/dev/zero of="$DISK" bs=1M count=2 oflag=direct status=none
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

# --comp-algorithm auto measures what this kernel's zram offers (on 6.12 also
# zstd, lz4hc and deflate at their levels) and takes one of them.
testCompAlgorithmAuto() {
	local dev alg
	assert_exit 0 ephvol -v create kf2 --swap --zram 32M --comp-algorithm auto || return
	assert_contains "$STDERR" 'Timeline: comp-auto'
	dev=$(ephvol status --noheadings --raw -o device kf2)
	alg=$(sed 's/.*\[\(.*\)\].*/\1/' "/sys/block/${dev#/dev/}/comp_algorithm")
	echo "auto took $alg on $(uname -r); $(grep -o 'auto: .*' "$STDERR")"
	assertContains 'a compressor of this kernel' " $(tr -d '[]' <"/sys/block/${dev#/dev/}/comp_algorithm") " " $alg "
	assert_exit 0 ephvol destroy kf2
}

# crypt_flags NAME: the dm-crypt flags status shows for volume NAME.
crypt_flags() {
	assert_exit 0 ephvol status --json "$1" || return
	json_get "$STDOUT" 'd["volumes"][0]["crypt_flags"]'
}

# The workqueues are bypassed by default (docs/speed.md); kept with
# --workqueues, at high priority where dm-crypt has high_priority (1.26, Linux
# 6.10). Status shows the flags the table has.
testCryptFlags() {
	local want
	assert_exit 0 ephvol create kf1 --raw --device "$DISK" || return
	assertEquals 'default' no_read_workqueue,no_write_workqueue "$(crypt_flags kf1)"
	assert_exit 0 ephvol destroy kf1
	assert_exit 0 ephvol create kf1 --raw --device "$DISK" --workqueues || return
	if kernel_at_least 6 10; then want=high_priority; else want=none; fi
	assertEquals '--workqueues' "$want" "$(crypt_flags kf1)"
	assertEquals 'the table has it' "${want#none}" \
		"$(dmsetup table ephvol-kf1 | grep -o 'high_priority')"
	assert_exit 0 ephvol destroy kf1
}

# shellcheck source=/dev/null
. shunit2
