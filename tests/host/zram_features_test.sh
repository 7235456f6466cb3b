#!/bin/bash
# zram_features_test.sh - the zram backend on the host kernel: every
# compressor the kernel lists, sizes given as expressions, mem_limit, status
# numbers that match the kernel's mm_stat, discard, and clear refusals of
# what this kernel's zram cannot do (exit 2, nothing changed).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

MNT=/run/ephvol-test-zf-mnt

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

suite_oneTimeTearDown() {
	rmdir "$MNT" 2>/dev/null
	return 0
}

# vol_dev NAME: the volume's device, from status.
vol_dev() {
	ephvol status --noheadings --raw -o device "$1"
}

# zram_attr_on_this_kernel ATTR: does this kernel's zram have ATTR?  Asked of a
# device we add and remove ourselves, so no device of the host's is touched.
zram_attr_on_this_kernel() {
	local idx rc
	[ -e /sys/class/zram-control ] || modprobe zram num_devices=0 || return 2
	idx=$(cat /sys/class/zram-control/hot_add) || return 2
	[ -e "/sys/block/zram$idx/$1" ]
	rc=$?
	echo "$idx" >/sys/class/zram-control/hot_remove
	return "$rc"
}

testEveryCompressorForSwapAndTmp() {
	local algs alg dev n=0
	assert_exit 0 ephvol create zc0 --raw --zram 16M || return
	dev=$(vol_dev zc0)
	algs=$(tr -d '[]' <"/sys/block/${dev#/dev/}/comp_algorithm")
	assert_exit 0 ephvol destroy zc0
	assertNotEquals 'the kernel lists compressors' '' "$algs"
	for alg in $algs; do
		n=$((n + 1))
		assert_exit 0 ephvol create zc1 --swap --zram 16M --comp-algorithm "$alg" || continue
		dev=$(vol_dev zc1)
		assertEquals "$alg: kernel's active algorithm" "$alg" \
			"$(sed 's/.*\[\(.*\)\].*/\1/' "/sys/block/${dev#/dev/}/comp_algorithm")"
		assert_exit 0 ephvol status --json zc1
		assertEquals "$alg: status" "$alg" "$(json_get "$STDOUT" 'd["volumes"][0]["comp_algorithm"]')"
		assertEquals "$alg: active swap" 1 "$(awk -v d="$dev" '$1 == d' /proc/swaps | wc -l)"
		assert_exit 0 ephvol destroy zc1

		assert_exit 0 ephvol create zc2 --mount "$MNT" --zram 16M --comp-algorithm "$alg" || continue
		dev=$(vol_dev zc2)
		assertEquals "$alg: tmp status" "$alg" \
			"$(ephvol status --noheadings --raw -o comp_algorithm zc2)"
		# Freed blocks go back to RAM at once.
		assert_contains <(findmnt -no OPTIONS "$MNT") '(^|,)discard(,|$)'
		echo "$alg" >"$MNT/data" && sync
		assertEquals "$alg: data written" "$alg" "$(cat "$MNT/data")"
		assert_exit 0 ephvol destroy zc2
	done
	echo "compressors tested for swap and tmp: $algs ($n)"
}

testStatusMatchesMmStat() {
	local dev mm v field i
	assert_exit 0 ephvol create zm1 --raw --zram 64M --mem-limit 48M || return
	dev=$(vol_dev zm1)
	# Incompressible, compressible and zero pages.
	head -c 4M /dev/urandom | dd of="$dev" bs=1M oflag=direct status=none
	yes 'ephvol zram status test line' | head -c 8M |
		dd of="$dev" bs=1M seek=4 oflag=direct status=none
	dd if=/dev/zero of="$dev" bs=1M seek=12 count=4 oflag=direct status=none
	assert_exit 0 ephvol status --json zm1
	read -r -a mm <"/sys/block/${dev#/dev/}/mm_stat"
	assertNotEquals 'data stored' 0 "${mm[0]}"
	i=0
	for field in orig_data compr_data mem_used mem_limit; do
		v=$(json_get "$STDOUT" "d['volumes'][0]['$field']")
		assertEquals "$field = mm_stat field $((i + 1))" "${mm[$i]}" "$v"
		i=$((i + 1))
	done
	assertEquals 'mem_limit' $((48 * 1048576)) "${mm[3]}"
	assertEquals 'ratio' "$(python3 -c "print(round(${mm[0]} / ${mm[1]}, 2))")" \
		"$(json_get "$STDOUT" "d['volumes'][0]['ratio']")"
	assert_exit 0 ephvol destroy zm1
}

testSizeExpressions() {
	local ram dev expect
	ram=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 1024))
	assert_exit 0 ephvol create ze1 --raw --zram 'min(ram / 2, 48M)' || return
	dev=$(vol_dev ze1)
	assertEquals 'min(ram / 2, 48M)' $((48 * 1048576)) "$(cat "/sys/block/${dev#/dev/}/disksize")"
	assert_exit 0 ephvol destroy ze1
	# Rounded up to a whole page.
	expect=$(((ram / 1000 + 4095) / 4096 * 4096))
	assert_exit 0 ephvol create ze2 --raw --zram 'ram/1000' || return
	dev=$(vol_dev ze2)
	assertEquals 'ram/1000' "$expect" "$(cat "/sys/block/${dev#/dev/}/disksize")"
	assert_exit 0 ephvol destroy ze2
}

testUnknownAlgorithmsChangeNothing() {
	assert_exit 2 ephvol create zu1 --swap --zram 16M --comp-algorithm nosuchalg
	assert_one_line_stderr
	assert_contains "$STDERR" "does not offer compression algorithm 'nosuchalg'"
	assert_exit 2 ephvol create zu1 --swap --zram 16M --comp-algorithm 'lz4;x'
	assert_one_line_stderr
	assert_contains "$STDERR" "Invalid compression algorithm"
}

testRecompressionWhereTheKernelHasIt() {
	if zram_attr_on_this_kernel recomp_algorithm; then
		assert_exit 2 ephvol create zr1 --swap --zram 16M --recomp-algorithm nosuchalg
		assert_contains "$STDERR" "does not offer compression algorithm 'nosuchalg'"
	else
		assert_exit 2 ephvol create zr1 --swap --zram 16M --recomp-algorithm lz4
		assert_contains "$STDERR" 'no recomp_algorithm \(CONFIG_ZRAM_MULTI_COMP'
	fi
	assert_one_line_stderr
}

# --mem-limit as a share of RAM or an expression, resolved against this
# machine's RAM: the kernel's mem_limit (mm_stat, whole pages) and status show it.
testMemLimitShareOfRam() {
	local ram want dev
	ram=$(($(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo) * 1024))
	want=$(((ram / 10 + 4095) / 4096 * 4096))
	assert_exit 0 ephvol create zm1 --swap --zram 64M --mem-limit 10% || return
	dev=$(vol_dev zm1)
	assertEquals 'mm_stat mem_limit' "$want" "$(awk '{ print $4 }' "/sys/block/${dev#/dev/}/mm_stat")"
	assert_exit 0 ephvol status --json zm1
	assertEquals 'status mem_limit' "$want" "$(json_get "$STDOUT" 'd["volumes"][0]["mem_limit"]')"
	assertNotEquals 'status mem_used' None "$(json_get "$STDOUT" 'd["volumes"][0]["mem_used"]')"
	assert_exit 0 ephvol destroy zm1
	assert_exit 0 ephvol create zm1 --swap --zram 64M --mem-limit 'min(ram / 8, 3M)' || return
	dev=$(vol_dev zm1)
	assertEquals 'expression' $((3 << 20)) "$(awk '{ print $4 }' "/sys/block/${dev#/dev/}/mm_stat")"
	assert_exit 0 ephvol destroy zm1
	assert_exit 2 ephvol create zm1 --swap --zram 64M --mem-limit 10%%
	assert_one_line_stderr
	assert_contains "$STDERR" "Invalid --mem-limit '10%%'"
	# Beyond what zram takes as a limit on any machine.
	assert_exit 2 ephvol create zm1 --swap --zram 64M --mem-limit 'ram * 100000000000'
	assert_one_line_stderr
	assert_contains "$STDERR" "Invalid --mem-limit 'ram \\* 100000000000': expected 1 to 18446744073709486080 bytes"
}

# --comp-algorithm auto: measured on the volume's own device before it is set
# up, then one of the kernel's compressors; not with --comp-level.
testCompAlgorithmAuto() {
	local dev algs alg
	assert_exit 0 ephvol -v create za1 --raw --zram 16M --comp-algorithm auto || return
	assert_contains "$STDERR" 'Timeline: comp-auto [0-9.]+ ms'
	dev=$(vol_dev za1)
	algs=$(tr -d '[]' <"/sys/block/${dev#/dev/}/comp_algorithm")
	alg=$(sed 's/.*\[\(.*\)\].*/\1/' "/sys/block/${dev#/dev/}/comp_algorithm")
	assertContains "auto took one of the kernel's: $algs" " $algs " " $alg "
	assert_exit 0 ephvol status --noheadings --raw -o comp_algorithm za1
	assertEquals 'status' "$alg" "$(cat "$STDOUT")"
	assert_exit 0 ephvol destroy za1
	assert_exit 2 ephvol create za1 --raw --zram 16M --comp-algorithm auto --comp-level 3
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Volume za1: --comp-level: --comp-algorithm auto picks the level as well\.$'
}

# algorithm_params is write-only: a level or a dictionary shows in what zram
# stores. Here lz4, whose level is its acceleration (higher: less compression).
testCompLevelByEffect() {
	local fast slow
	if ! zram_attr_on_this_kernel algorithm_params; then
		assert_exit 2 ephvol create zl1 --raw --zram 16M --comp-algorithm lz4 --comp-level 1
		assert_one_line_stderr
		assert_contains "$STDERR" 'no algorithm_params \(Linux 6\.12 or later\)'
		return
	fi
	zram_sample 8M "$SHUNIT_TMPDIR/sample"
	assert_exit 0 ephvol create zl1 --raw --zram 16M --comp-algorithm lz4 --comp-level 1 || return
	slow=$(zram_compressed zl1 "$SHUNIT_TMPDIR/sample")
	assert_exit 0 ephvol destroy zl1
	assert_exit 0 ephvol create zl1 --raw --zram 16M --comp-algorithm lz4 --comp-level 1000 || return
	fast=$(zram_compressed zl1 "$SHUNIT_TMPDIR/sample")
	assert_exit 0 ephvol destroy zl1
	# Measured here: 4272781 against 6295552 bytes.
	assertTrue "acceleration 1000 compresses less: $fast against $slow bytes" \
		"[ $((fast * 10)) -gt $((slow * 12)) ]"
}

testCompDictByEffect() {
	local plain dict
	zram_sample 8M "$SHUNIT_TMPDIR/sample"
	if ! zram_attr_on_this_kernel algorithm_params; then
		echo dict >"$SHUNIT_TMPDIR/dict"
		assert_exit 2 ephvol create zd1 --raw --zram 16M --comp-dict "$SHUNIT_TMPDIR/dict"
		assert_one_line_stderr
		assert_contains "$STDERR" '--comp-dict: this kernel.s zram has no algorithm_params'
		return
	fi
	zram_train_dict "$SHUNIT_TMPDIR/sample" "$SHUNIT_TMPDIR/dict" || return
	assert_exit 0 ephvol create zd1 --raw --zram 16M --comp-algorithm lz4 || return
	plain=$(zram_compressed zd1 "$SHUNIT_TMPDIR/sample")
	assert_exit 0 ephvol destroy zd1
	assert_exit 0 ephvol create zd1 --raw --zram 16M --comp-algorithm lz4 \
		--comp-dict "$SHUNIT_TMPDIR/dict" || return
	dict=$(zram_compressed zd1 "$SHUNIT_TMPDIR/sample")
	assert_exit 0 ephvol destroy zd1
	assertTrue "the dictionary compresses more: $dict against $plain bytes" "[ $dict -lt $plain ]"
}

# What the kernel would take only to fail later, or not at all: exit 2 (3 for a
# planted link), one line, nothing changed (suite_tearDown).
testCompParamsRefusals() {
	local d=$SHUNIT_TMPDIR/cp
	mkdir -p "$d/dir" && : >"$d/empty" && mkfifo "$d/fifo" && echo x >"$d/dict"
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-level 0
	assert_contains "$STDERR" "Invalid compression level '0'"
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-level 65538
	assert_contains "$STDERR" "Invalid compression level '65538'"
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-dict relative
	assert_contains "$STDERR" "Compression dictionary 'relative' is not an absolute path"
	assert_exit 2 ephvol create zp1 --raw --file "$d/f" --size 16M --comp-level 3
	assert_contains "$STDERR" '--comp-level.* apply to --zram only'
	if ! zram_attr_on_this_kernel algorithm_params; then
		assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-dict "$d/dict"
		assert_contains "$STDERR" '--comp-dict: this kernel.s zram has no algorithm_params'
		return
	fi
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-algorithm lzo-rle --comp-level 3
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Volume zp1: --comp-level: lzo-rle takes no level\.$'
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-algorithm lzo-rle --comp-dict "$d/dict"
	assert_contains "$STDERR" 'lzo-rle takes no dictionary'
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-dict "$d/empty"
	assert_contains "$STDERR" "Dictionary $d/empty is empty or larger than 16 MiB"
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-dict "$d/dir"
	assert_contains "$STDERR" "Dictionary $d/dir is not a regular file"
	# A FIFO is refused before it is opened: the open would wait for a writer.
	assert_exit 2 env LD_LIBRARY_PATH="$BUILD" timeout 20 "$BUILD/ephvol" create zp1 --raw --zram 16M --comp-dict "$d/fifo"
	assert_contains "$STDERR" "Dictionary $d/fifo is not a regular file"
	assert_exit 2 ephvol create zp1 --raw --zram 16M --comp-dict "$d/missing"
	assert_contains "$STDERR" "Cannot open dictionary $d/missing: No such file"
	# A link a user planted in a directory of theirs.
	mkdir -m 0777 "$d/user" && ln -s "$d/dict" "$d/user/link" && chown -h nobody "$d/user/link"
	assert_exit 3 ephvol create zp1 --raw --zram 16M --comp-dict "$d/user/link"
	assert_one_line_stderr
	assert_contains "$STDERR" "Refusing to use dictionary $d/user/link: .* could have planted"
}

testWritebackNeedsKernelSupport() {
	local img=/run/ephvol-test-wb.img
	rm -f "$img"
	if zram_attr_on_this_kernel backing_dev; then
		# With writeback but (on this host) no device-mapper: a clean failure.
		assert_exit 1 ephvol create zw1 --swap --zram 16M --writeback "$img"
		assert_contains "$STDERR" 'ephvol-zw1:writeback'
	else
		assert_exit 2 ephvol create zw1 --swap --zram 16M --writeback "$img"
		assert_contains "$STDERR" 'no backing_dev \(CONFIG_ZRAM_WRITEBACK\)'
	fi
	assert_one_line_stderr
	assertFalse 'no writeback file left' "[ -e $img ]"
	# Writeback options without --writeback, or outside zram.
	assert_exit 2 ephvol create zw1 --swap --zram 16M --writeback-limit 1M
	assert_contains "$STDERR" '--writeback-limit and --writeback-idle-age need --writeback'
	assert_exit 2 ephvol create zw1 --swap --file "$img" --size 16M --writeback /dev/null
	assert_contains "$STDERR" 'apply to --zram only'
	assert_exit 2 ephvol create zw1 --swap --zram 16M --writeback relative.img
	assert_contains "$STDERR" "Writeback 'relative.img'"
}

testWritebackVerbRefusesPlainZram() {
	assert_exit 0 ephvol create zv1 --swap --zram 16M || return
	assert_exit 2 ephvol writeback zv1
	assert_one_line_stderr
	assert_contains "$STDERR" 'Volume zv1 has no encrypted writeback device'
	assert_exit 1 ephvol writeback zv-none
	assert_contains "$STDERR" 'No volume named zv-none'
	assert_exit 2 ephvol writeback zv1 --idle --huge
	assert_one_line_stderr
	assert_exit 0 ephvol destroy zv1
}

# Peers fail teardown when something (udev's probe, a monitoring tool) has the
# device open for a moment; ephvol retries the reset, and a holder that stays
# gets a clear failure with the volume left whole.
# hold_open DEVICE SECONDS: a background process has DEVICE open for SECONDS
# (its PID in $HOLDER); returns once it is open.
hold_open() {
	(
		exec 3<"$1"
		sleep "$2"
	) &
	HOLDER=$!
	sleep 0.1
}

testResetWaitsForABriefOpener() {
	local dev
	assert_exit 0 ephvol create zb1 --raw --zram 16M || return
	dev=$(vol_dev zb1)
	hold_open "$dev" 0.4
	assert_exit 0 ephvol destroy zb1
	wait "$HOLDER"

	assert_exit 0 ephvol create zb1 --raw --zram 16M || return
	dev=$(vol_dev zb1)
	hold_open "$dev" 3
	assert_exit 1 ephvol destroy zb1
	assert_one_line_stderr
	# Someone who holds it longer is named, and nothing is changed.
	assert_contains "$STDERR" "Refusing to destroy volume zb1: $dev is in use by PID [0-9]+ \\(sleep\\)"
	assertEquals 'the volume is still whole' "$dev" "$(vol_dev zb1)"
	wait "$HOLDER"
	assert_exit 0 ephvol destroy zb1
}

# shellcheck source=/dev/null
. shunit2
