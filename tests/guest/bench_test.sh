#!/bin/bash
# bench_test.sh - `ephvol bench` where the kernel has AF_ALG (Debian's): every default
# candidate measured, each with the driver /proc/crypto names for it, valid JSON;
# status names the crypto driver of a dm-crypt volume and of a zram writeback mapping.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# The first 4 MiB of the bench's own sample (the same mix of pages): the
# compressors' rows take an eighth of the time under emulation.
SAMPLE=

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	install_udev_rules
	SAMPLE=$SHUNIT_TMPDIR/sample
	zram_sample 4M "$SAMPLE"
}

suite_setUp() { state_snapshot "$SHUNIT_TMPDIR/before"; }
suite_tearDown() { assert_state_unchanged "$SHUNIT_TMPDIR/before"; }

# is_driver NAME: /proc/crypto lists an entry whose driver is NAME.
is_driver() {
	awk -F' *: ' -v d="$1" '$1 == "driver" && $2 == d { found = 1 } END { exit !found }' /proc/crypto
}

testEveryCandidateMeasured() {
	local i n spec driver
	assert_exit 0 ephvol bench --json --sample "$SAMPLE" || return
	jq -e . "$STDOUT" >/dev/null || fail 'not valid JSON'
	assert_not_contains "$STDERR" 'AF_ALG'
	assertEquals 'candidates' \
		'aes-xts-plain64/256,aes-xts-plain64/512,xchacha12,aes-adiantum-plain64/256,aes-cbc-essiv:sha256/256' \
		"$(jq -r '[.ciphers[] | "\(.cipher)/\(.key_bits)"] | join(",")' "$STDOUT")"
	n=$(jq '.ciphers | length' "$STDOUT")
	for i in $(seq 0 $((n - 1))); do
		spec=$(jq -r ".ciphers[$i].cipher" "$STDOUT")
		assertEquals "$spec measured" true \
			"$(jq ".ciphers[$i] | .error == null and .encrypt_mibs > 0 and .decrypt_mibs > 0" "$STDOUT")"
		driver=$(jq -r ".ciphers[$i].driver" "$STDOUT")
		assertNotEquals "$spec driver" null "$driver"
		assertTrue "$spec driver $driver is in /proc/crypto" "is_driver '$driver'"
	done
	# dm-crypt's ESSIV is the essiv template around cbc(aes).
	assert_contains "$STDOUT" '"driver": "essiv\('
	assertTrue 'compressors measured' "jq -e '[.compressors[] | select(.error == null and .compress_mibs > 0)] | length > 0' '$STDOUT'"
	assertTrue 'recommendation' "jq -e '.recommendation.cipher != null' '$STDOUT'"
	assertTrue 'auto follows its rule' "bench_auto_follows_rule '$STDOUT'"
	# zram takes levels from 6.12 on (algorithm_params): zstd at 1 and 8 too.
	if kernel_at_least 6 12; then
		assertEquals 'zstd levels' 'null,1,8' \
			"$(jq -r '[.compressors[] | select(.algorithm == "zstd") | .level] | map(tostring) | join(",")' "$STDOUT")"
		assertTrue 'zstd levels measured' \
			"jq -e '[.compressors[] | select(.algorithm == \"zstd\" and .error == null)] | length == 3' '$STDOUT'"
	else
		assertEquals 'no levels' 0 "$(jq '[.compressors[] | select(.level != null)] | length' "$STDOUT")"
	fi
}

testTextAndKeySize() {
	assert_exit 0 ephvol bench --sample "$SAMPLE" --cipher aes-xts-plain64 --cipher xchacha12,aes-adiantum-plain64 --key-size 256 || return
	assert_contains "$STDOUT" '^aes-xts-plain64 +256 +[^ ]+ +[0-9.]+ MiB/s +[0-9.]+ MiB/s'
	assert_contains "$STDOUT" '^xchacha12,aes-adiantum-plain64 +256 +adiantum\(.*MiB/s'
	# For the log: the compressors and levels measured on this kernel.
	sed -n '/^zram compressors/,/^$/p; /^--comp-algorithm auto/p' "$STDOUT"
	# What this kernel has of the newer options, as --version says it.
	if kernel_at_least 6 12; then
		assert_contains "$STDOUT" '^Features: .* \+ALGORITHM_PARAMS \+ZRAM_IDLE_AGE \+DM_CRYPT_HIGH_PRIORITY$'
	else
		assert_contains "$STDOUT" '^Features: .* -ALGORITHM_PARAMS \+ZRAM_IDLE_AGE -DM_CRYPT_HIGH_PRIORITY$'
	fi
	assertEquals 'as --version says' "$(ephvol --version | sed -n 2p)" "$(sed -n 's/^Features: //p' "$STDOUT")"
	# A key size the kernel refuses is that row's error, not a usage error.
	assert_exit 0 ephvol bench --json --sample "$SAMPLE" --cipher xchacha12,aes-adiantum-plain64 --key-size 512 --cipher aes-xts-plain64 || return
	assert_contains "$STDOUT" '"error": "the kernel refuses a 512-bit key for it"'
}

testStatusCipherDriver() {
	local d
	require_dm || return
	assert_exit 0 ephvol create cd1 --raw --device /dev/vda || return
	assert_exit 0 ephvol status --json cd1
	d=$(jq -r '.volumes[0].cipher_driver' "$STDOUT")
	assertNotEquals 'cipher_driver' null "$d"
	assertTrue "$d is in /proc/crypto" "is_driver '$d'"
	# The same driver the library names for the volume's cipher.
	assertEquals 'xts(aes)' "$d" "$(awk -F' *: ' '
		$1 == "name" { n = $2 } $1 == "driver" { dr = $2 } $1 == "priority" { p = $2 }
		$1 == "internal" { i = $2 } $1 == "selftest" { s = $2 }
		$1 == "type" && n == "xts(aes)" && ($2 == "skcipher" || $2 == "lskcipher") && i == "no" &&
			s == "passed" && (best == "" || p > bp) { best = dr; bp = p }
		END { print best }' /proc/crypto)"
	assert_exit 0 ephvol status -o NAME,CIPHER_DRIVER cd1
	assert_contains "$STDOUT" "^cd1 +$d\$"
	assert_exit 0 ephvol destroy cd1
}

testZramWritebackCipherDriver() {
	local d
	require_dm || return
	assert_exit 0 ephvol create cd2 --raw --zram 16M --writeback /dev/vdb || return
	assert_exit 0 ephvol status --json cd2
	d=$(jq -r '.volumes[0].cipher_driver' "$STDOUT")
	assertNotEquals 'cipher_driver' null "$d"
	assertTrue "$d is in /proc/crypto" "is_driver '$d'"
	assert_exit 0 ephvol destroy cd2
}

# shellcheck source=/dev/null
. shunit2
