#!/bin/bash
# bench_test.sh - `ephvol bench` on the host kernel: the cipher part where the kernel
# lacks AF_ALG (one clear line, ciphers unavailable, the rest still runs), zram
# compressors measured on the host's zram, JSON, exit statuses, and no zram device
# left behind (also when interrupted); `bench --io`'s refusals, which come before
# any dm-crypt mapping: a missing device, a regular file, a device with a file
# system (refused as create refuses it, nothing left: no volume, no record).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_root || return 1
	[ -e /sys/class/zram-control ] || [ -e /sys/module/zram ] || {
		echo "bench_test: the host kernel has no zram" >&2
		return 1
	}
}

suite_setUp() { state_snapshot "$SHUNIT_TMPDIR/before"; }
suite_tearDown() { assert_state_unchanged "$SHUNIT_TMPDIR/before"; }

# The compressors a zram device offers here, one per line.
kernel_compressors() {
	local z
	z=$(cat /sys/class/zram-control/hot_add) || return 1
	tr -d '[]' <"/sys/block/zram$z/comp_algorithm" | tr ' ' '\n' | sed '/^$/d'
	echo "$z" >/sys/class/zram-control/hot_remove
}

zram_devices() {
	local z
	for z in /sys/block/zram*; do
		[ -e "$z" ] && echo "${z##*/}"
	done | sort
}

testTextReport() {
	assert_exit 0 ephvol bench || return
	assert_contains "$STDOUT" '^CPU features: '
	assert_contains "$STDOUT" '^CIPHER +KEY +DRIVER +ENCRYPT +DECRYPT +NOTE'
	assert_contains "$STDOUT" '^aes-xts-plain64 +256 '
	assert_contains "$STDOUT" '^aes-xts-plain64 +512 '
	assert_contains "$STDOUT" '^xchacha12,aes-adiantum-plain64 +256 '
	assert_contains "$STDOUT" '^aes-cbc-essiv:sha256 +256 .*reference'
	assert_contains "$STDOUT" '^zram compressors, on a synthetic 32M sample \(25% zero pages'
	assert_contains "$STDOUT" '^ALGORITHM +LEVEL +COMPRESS +DECOMPRESS +RATIO'
	assert_contains "$STDOUT" '^lz4 +default +[0-9.]+ MiB/s'
	assert_contains "$STDOUT" '^Features: [-+]LIBCRYPTSETUP'
	assert_contains "$STDOUT" '^Recommended: (aes-xts-plain64 with a 512|xchacha12,aes-adiantum-plain64 with a 256)-bit key'
	assert_contains "$STDOUT" '^--comp-algorithm auto would take [a-z0-9-]+( at level [0-9]+)? here\.$'
	if have_af_alg; then
		assert_not_contains "$STDERR" 'AF_ALG'
	else
		# One clear line, naming the kernel option; every cipher row says so.
		assert_one_line_stderr
		assert_contains "$STDERR" '^ephvol: This kernel has no crypto API for user space \(AF_ALG, CONFIG_CRYPTO_USER_API_SKCIPHER\): ciphers cannot be measured\.$'
		assertEquals 'rows naming AF_ALG' 4 "$(grep -c 'unavailable: no AF_ALG skcipher' "$STDOUT")"
	fi
}

testJson() {
	local alg n
	assert_exit 0 ephvol bench --json || return
	jq -e . "$STDOUT" >/dev/null || fail 'not valid JSON'
	assertEquals 'members' 'cpu,features,ciphers,sample,compressors,compressors_skipped,recommendation' \
		"$(jq -r 'keys_unsorted | join(",")' "$STDOUT")"
	assertEquals 'ciphers' 4 "$(jq '.ciphers | length' "$STDOUT")"
	assertEquals 'reference' 'aes-cbc-essiv:sha256' "$(jq -r '.ciphers[] | select(.reference) | .cipher' "$STDOUT")"
	# Each cipher: measured, or an error with null numbers.
	assertEquals 'cipher rows consistent' 0 "$(jq '[.ciphers[] | select((.error == null) != (.encrypt_mibs != null and .decrypt_mibs != null))] | length' "$STDOUT")"
	if ! have_af_alg; then
		assertEquals 'ciphers unavailable' 4 "$(jq '[.ciphers[] | select(.error != null and .encrypt_mibs == null)] | length' "$STDOUT")"
	fi
	# Every compressor this kernel offers, measured, with the ratio from mm_stat.
	# (at their default levels; the others where zram takes levels, below)
	assertEquals 'compressors' "$(kernel_compressors | paste -sd,)" \
		"$(jq -r '[.compressors[] | select(.level == null) | .algorithm] | join(",")' "$STDOUT")"
	n=$(jq '.compressors | length' "$STDOUT")
	assertTrue 'some compressor' "[ '$n' -ge 1 ]"
	for alg in $(jq -r '.compressors[].algorithm' "$STDOUT"); do
		assertEquals "$alg measured" true "$(jq --arg a "$alg" '.compressors[] | select(.algorithm == $a) |
			.error == null and .compress_mibs > 0 and .decompress_mibs > 0 and .ratio > 1 and
			.orig_bytes == 33554432 and .compr_bytes > 0 and .compr_bytes < .orig_bytes' "$STDOUT")"
	done
	assertEquals 'sample' 'synthetic 33554432' "$(jq -r '.sample | "\(.source) \(.bytes)"' "$STDOUT")"
	assertEquals 'features: as --version says' "$(ephvol --version | sed -n 2p)" \
		"$(jq -r '.features' "$STDOUT")"
	assertEquals 'nothing skipped' null "$(jq '.compressors_skipped' "$STDOUT")"
	assert_contains "$STDOUT" '"cpu": \{"effective": \['
	assertTrue 'recommendation' "jq -e '.recommendation | (.cipher == \"aes-xts-plain64\" and .key_bits == 512) or (.cipher == \"xchacha12,aes-adiantum-plain64\" and .key_bits == 256)' '$STDOUT'"
	# --comp-algorithm auto: the rule of the contract over these figures.
	assertTrue 'auto follows its rule' "bench_auto_follows_rule '$STDOUT'"
	assertNotEquals 'auto picked' null "$(jq -r '.recommendation.comp_auto_algorithm' "$STDOUT")"
	# The kernel's own choice: lz4 where offered.
	if kernel_compressors | grep -qx lz4; then
		assertEquals 'comp_algorithm' lz4 "$(jq -r '.recommendation.comp_algorithm' "$STDOUT")"
	fi
	# The effective features are what cpuinfo lists, and (x86) what CPUID reports.
	assertTrue 'effective within cpuinfo' "jq -e '.cpu.effective - .cpu.cpuinfo == []' '$STDOUT'"
}

testSampleFile() {
	seq 1 200000 >"$SHUNIT_TMPDIR/sample"
	assert_exit 0 ephvol bench --json --cipher aes-xts-plain64 --sample "$SHUNIT_TMPDIR/sample" || return
	assertEquals 'source' "$SHUNIT_TMPDIR/sample" "$(jq -r '.sample.source' "$STDOUT")"
	# Whole pages of it: 1288895 bytes -> 314 pages.
	assertEquals 'bytes' 1286144 "$(jq -r '.sample.bytes' "$STDOUT")"
	assertEquals 'one cipher, 512 bits' 'aes-xts-plain64 512' "$(jq -r '.ciphers | map("\(.cipher) \(.key_bits)") | join(",")' "$STDOUT")"
	assertTrue 'numbers compress well' "jq -e '[.compressors[] | select(.ratio > 2)] | length > 0' '$STDOUT'"
}

testUsageErrors() {
	assert_exit 2 ephvol bench --cipher aes-xts
	assert_one_line_stderr
	assert_contains "$STDERR" "Invalid cipher 'aes-xts'"
	assert_exit 2 ephvol bench --cipher 'aes-xts-nosuchiv'
	assert_one_line_stderr
	assert_exit 2 ephvol bench --key-size 512
	assert_one_line_stderr
	assert_exit 2 ephvol bench --cipher aes-xts-plain64 --key-size 100x
	assert_one_line_stderr
	assert_exit 2 ephvol bench --sample "$SHUNIT_TMPDIR/missing"
	assert_one_line_stderr
	assert_contains "$STDERR" 'missing'
	assert_exit 2 ephvol bench --bogus
	assert_one_line_stderr
	assert_exit 0 ephvol bench --help
	assert_contains "$STDOUT" '^Usage: ephvol bench '
}

# A cipher the kernel does not know is a row with an error, not a usage error.
testUnknownCipherIsARow() {
	assert_exit 0 ephvol bench --json --cipher nosuch-xts-plain64 || return
	assertEquals 'error' true "$(jq '.ciphers[0].error != null and .ciphers[0].encrypt_mibs == null' "$STDOUT")"
}

# Without root: no zram device, and the report says why.
testNotRoot() {
	local rc
	setpriv --reuid=65534 --regid=65534 --clear-groups env LD_LIBRARY_PATH="$BUILD" \
		"$BUILD/ephvol" bench >"$STDOUT" 2>"$STDERR"
	rc=$?
	assert_contains "$STDOUT" '^zram compressors: not measured: this needs root'
	if have_af_alg; then
		assertEquals 'exit (ciphers measured)' 0 "$rc"
	else
		# Nothing at all could be measured.
		assertEquals 'exit (nothing measured)' 1 "$rc"
		assert_contains "$STDERR" 'Nothing could be measured'
	fi
}

# Interrupted while a compressor is measured: the device still goes away.
testInterruptRemovesDevice() {
	local pid rc before new=
	before=$(zram_devices)
	# The binary itself, so that $! is its PID (a background job ignores SIGINT).
	LD_LIBRARY_PATH=$BUILD "$BUILD/ephvol" bench >"$STDOUT" 2>"$STDERR" &
	pid=$!
	for _ in $(seq 200); do
		new=$(comm -13 <(echo "$before") <(zram_devices) | head -n1)
		[ -n "$new" ] && break
		sleep 0.02
	done
	assertNotNull 'a temporary zram device appeared' "$new"
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	assertEquals 'died of SIGTERM' 143 "$rc"
	assertFalse "$new removed" "[ -e /sys/block/$new ]"
}

# ---- bench --io: what happens before a mapping is needed (the host has no dm)

testIoMissingDevice() {
	assert_exit 1 ephvol bench --io /dev/ephvol-test-missing
	assert_one_line_stderr
	assert_contains "$STDERR" '^ephvol: Device /dev/ephvol-test-missing: No such file or directory$'
}

testIoRegularFileRefused() {
	truncate -s 64M "$SHUNIT_TMPDIR/plain"
	assert_exit 2 ephvol bench --io "$SHUNIT_TMPDIR/plain" --seconds 1
	assert_one_line_stderr
	assert_contains "$STDERR" "^ephvol: Device $SHUNIT_TMPDIR/plain is not a block device\.\$"
	assert_exit 2 ephvol bench --io
	assert_one_line_stderr
	assert_exit 2 ephvol bench --io /dev/null --seconds 0
	assert_one_line_stderr
	assert_exit 2 ephvol bench --seconds 1
	assert_one_line_stderr
}

# A loop device over a file with ext4 on it: refused exactly as create refuses it
# (exit 3, the same line), the ext4 still there, and neither volume nor record.
testIoFileSystemRefused() {
	local loop
	truncate -s 64M "$SHUNIT_TMPDIR/fs.img"
	mkfs.ext4 -q -F "$SHUNIT_TMPDIR/fs.img" || { fail 'mkfs.ext4'; return; }
	loop=$(losetup --find --show "$SHUNIT_TMPDIR/fs.img") || { fail 'losetup'; return; }
	assert_exit 3 ephvol create bench-io --raw --device "$loop"
	cp "$STDERR" "$SHUNIT_TMPDIR/create.err"
	assert_exit 3 ephvol bench --io "$loop" --seconds 1
	assert_one_line_stderr
	assertEquals 'the line of create' "$(cat "$SHUNIT_TMPDIR/create.err")" "$(cat "$STDERR")"
	assert_contains "$STDERR" "ext4"
	assertEquals 'ext4 still there' ext4 "$(blkid -p -o value -s TYPE "$loop")"
	assert_exit 0 ephvol status --json
	assertEquals 'no volume' 0 "$(jq '.volumes | length' "$STDOUT")"
	assertFalse 'no intent record' "[ -e /run/ephvol/intent/bench-io ]"
	# --force goes through to create: past the refusal, to the mapping the host cannot make.
	ephvol bench --io "$loop" --seconds 1 --force >"$STDOUT" 2>"$STDERR"
	assertNotEquals 'not refused with --force' 3 "$?"
	assert_not_contains "$STDERR" 'Refusing'
	assertFalse 'no intent record' "[ -e /run/ephvol/intent/bench-io ]"
	losetup -d "$loop"
}

# shellcheck source=/dev/null
. shunit2
