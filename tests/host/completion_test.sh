#!/bin/bash
# completion_test.sh - the bash completion (completion/ephvol.bash) on the host:
# verbs, each verb's options (checked against its --help), option values with a
# fixed set, live volume names from `ephvol status`, the kernel's zram
# compressors, the section names of a configuration, and run's user names,
# directories and COMMAND.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

# bash-completion and the script under test, sourced at the top level (inside a
# function their declarations would be local to it).
# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion
# shellcheck source=completion/ephvol.bash
. "$TOP/completion/ephvol.bash"

VOL=ctest$$

# The options the function asked for with compopt (outside of a real completion
# the builtin refuses to run).
COMPOPTS=
compopt() {
	local IFS=' '
	COMPOPTS+=" $*"
}

suite_oneTimeSetUp() {
	require_root || return 1
	# The completion runs `ephvol` from PATH: this tree's build, with its library.
	mkdir -p "$SHUNIT_TMPDIR/bin" || return 1
	cat >"$SHUNIT_TMPDIR/bin/ephvol" <<-EOF || return 1
		#!/bin/sh
		LD_LIBRARY_PATH="$BUILD\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$BUILD/ephvol" "\$@"
	EOF
	chmod +x "$SHUNIT_TMPDIR/bin/ephvol" || return 1
	PATH=$SHUNIT_TMPDIR/bin:$PATH
	[ "$(type -P ephvol)" = "$SHUNIT_TMPDIR/bin/ephvol" ] || return 1
	unset _EPHVOL_COMP_ROOT
}

suite_setUp() {
	state_snapshot "$SHUNIT_TMPDIR/before"
}

suite_tearDown() {
	if ephvol status "$VOL" >/dev/null 2>&1; then
		ephvol destroy "$VOL" >/dev/null || fail "cannot destroy $VOL"
	fi
	unset _EPHVOL_COMP_ROOT
	assert_state_unchanged "$SHUNIT_TMPDIR/before"
}

# complete_line LINE: what pressing TAB at the end of LINE offers, sorted, one a line,
# in $REPLY (and the compopt options asked for in $COMPOPTS). LINE is split into
# COMP_WORDS as bash splits it: at blanks, and around the characters of
# COMP_WORDBREAKS (= and : among them), which become words of their own.
complete_line() {
	local line=$1 tok rest word
	local -a toks
	COMP_WORDS=()
	read -ra toks <<<"$line"
	for tok in "${toks[@]}"; do
		rest=$tok
		while [ -n "$rest" ]; do
			if [[ $rest =~ ^([=:]+)(.*)$ || $rest =~ ^([^=:]+)(.*)$ ]]; then
				word=${BASH_REMATCH[1]}
				rest=${BASH_REMATCH[2]}
				COMP_WORDS+=("$word")
			fi
		done
	done
	[[ $line == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	COMPOPTS=
	_ephvol ephvol "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	REPLY=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | sed '/^$/d')
}

# assert_completes LINE EXPECTED...: exactly these candidates, in any order.
assert_completes() {
	local line=$1 expected
	shift
	complete_line "$line"
	expected=$(printf '%s\n' "$@" | LC_ALL=C sort | sed '/^$/d')
	assertEquals "completion of '$line'" "$expected" "$REPLY"
}

# assert_offers LINE WORD... / assert_not_offers LINE WORD...: among the candidates, or not.
assert_offers() {
	local line=$1 w
	shift
	complete_line "$line"
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$REPLY" ||
			fail "completion of '$line' lacks '$w'; got: $(echo "$REPLY" | tr '\n' ' ')"
	done
}

assert_not_offers() {
	local line=$1 w
	shift
	complete_line "$line"
	for w in "$@"; do
		! grep -qxF -- "$w" <<<"$REPLY" ||
			fail "completion of '$line' offers '$w'"
	done
}

# What a verb's --help says about its options: the lines of its usage, and the
# first column of its option lines ("  -o, --output COLS    columns ...").
help_synopsis() {
	ephvol "$1" --help | sed -n -E '/^Usage:|^ +ephvol /p
		/^ +(-[A-Za-z], )?--[a-z]/ { s/^ +//; s/  .*//; p }'
}

# The long options it names, those it shows with a value ("--mount DIR"; not
# "--zram [SIZE]", whose SIZE is optional), and the short options.
help_options() {
	help_synopsis "$1" | grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u
}

help_value_options() {
	help_synopsis "$1" | grep -oE -- '--[a-z][a-z-]* [A-Z][A-Z_:]*' | cut -d' ' -f1 |
		LC_ALL=C sort -u
}

help_short_options() {
	ephvol "$1" --help | grep -oE '^ +-[A-Za-z],' | tr -d ' ,' | LC_ALL=C sort -u
}

testVerbsAndGlobalOptions() {
	local verbs opts
	# The commands and options that `ephvol --help` lists (main.c).
	verbs=$(ephvol --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\) .*/\1/p')
	opts=$(ephvol --help | sed -n '/^Options:/,/^$/p' | grep -oE -- '^ +-[A-Za-z], --[a-z-]+' | tr -d ,)
	assertEquals 'commands in ephvol --help' 11 "$(wc -w <<<"$verbs")"
	assertEquals 'options in ephvol --help' 8 "$(wc -w <<<"$opts")"
	# shellcheck disable=SC2086 # word lists
	assert_completes 'ephvol ' $verbs
	assert_completes 'ephvol ' create destroy run gc status up down writeback claim probe bench
	assert_completes 'ephvol c' create claim
	assert_completes 'ephvol r' run
	assert_completes 'ephvol -q g' gc
	# shellcheck disable=SC2086
	assert_completes 'ephvol -q -v ' $verbs
	# shellcheck disable=SC2086
	assert_completes 'ephvol -' $opts
	assert_completes 'ephvol -' -q --quiet -v --verbose -h --help -V --version
	assert_completes 'ephvol --v' --verbose --version
}

testCreateOptions() {
	assert_completes 'ephvol create scratch -' \
		--swap --mount --raw --zram --device --file --size --cipher --key-size \
		--sector-size --integrity --workqueues --priority --fs --mode --owner --mount-options \
		--comp-algorithm --recomp-algorithm --comp-level --comp-dict --mem-limit \
		--writeback --writeback-limit --writeback-idle-age --force --no-activate --json \
		-h --help
	assert_completes 'ephvol create scratch --mo' --mount --mount-options --mode
	# One role and one backend: once given, the others are not offered.
	assert_not_offers 'ephvol create scratch --swap --zram 25% --' \
		--swap --mount --raw --zram --device --file
	assert_offers 'ephvol create scratch --swap --zram 25% --' --priority --comp-algorithm
	# With the NAME given and nothing typed, only options can come.
	assert_offers 'ephvol create scratch ' --swap --mount
	assert_completes 'ephvol create '
	# After -- nothing is an option.
	assert_completes 'ephvol create -- -'
}

testRunOptions() {
	local -a users
	assert_completes 'ephvol run -' \
		--zram --device --file --size --cipher --key-size --sector-size --integrity \
		--workqueues --fs --mode --mount-options --comp-algorithm --recomp-algorithm --comp-level \
		--comp-dict --mem-limit --writeback --writeback-limit --writeback-idle-age --force \
		--at --user --name \
		--require-safe-swap \
		-q -v -h --help
	# Not create's role and activation options: its volume is always a tmp file system.
	assert_not_offers 'ephvol run -' --swap --mount --raw --no-activate --json --priority --owner
	# Before --, nothing but options can come.
	assert_offers 'ephvol run ' --at --user --name --zram
	assert_offers 'ephvol run --user root ' --at --require-safe-swap
	# One backend; --at again, the others once.
	assert_not_offers 'ephvol run --zram 8G --' --zram --device --file
	assert_offers 'ephvol run --zram 8G --' --at --user --comp-algorithm
	assert_offers 'ephvol run --at /a --at /b --' --at
	assert_not_offers 'ephvol run --user root --name j --' --user --name
	# The values: user names (as compgen -u), directories, nothing for a NAME.
	mapfile -t users < <(compgen -u -- ro)
	assertContains 'compgen -u knows root' " ${users[*]} " ' root '
	assert_completes 'ephvol run --user ro' "${users[@]}"
	assert_completes 'ephvol run --user=ro' "${users[@]}"
	assert_completes 'ephvol run --name '
	mkdir -p "$SHUNIT_TMPDIR/runpaths/work" && : >"$SHUNIT_TMPDIR/runpaths/job" &&
		chmod +x "$SHUNIT_TMPDIR/runpaths/job"
	assert_completes "ephvol run --at $SHUNIT_TMPDIR/runpaths/" "$SHUNIT_TMPDIR/runpaths/work"
	assert_completes "ephvol run --at=$SHUNIT_TMPDIR/runpaths/w" "$SHUNIT_TMPDIR/runpaths/work"
}

# After --: COMMAND (a command, as compgen -c finds them), then its arguments (files).
testRunCommand() {
	local -a cmds
	mkdir -p "$SHUNIT_TMPDIR/runpaths/work" && : >"$SHUNIT_TMPDIR/runpaths/job" &&
		chmod +x "$SHUNIT_TMPDIR/runpaths/job"
	assert_offers 'ephvol run -- bas' bash
	assert_offers 'ephvol run --user root --at /tmp -- bas' bash
	assert_offers 'ephvol run --zram 8G -- bas' bash
	mapfile -t cmds < <(compgen -c -- bas)
	assert_completes 'ephvol run -- bas' "${cmds[@]}"
	assert_offers "ephvol run -- $SHUNIT_TMPDIR/runpaths/j" "$SHUNIT_TMPDIR/runpaths/job"
	# No option of ephvol's after --, for the command nor for its arguments.
	assert_not_offers 'ephvol run -- -' --at --user -h
	assert_not_offers 'ephvol run -- bash -' --at --user -h
	# The command's arguments are files, not commands.
	assert_completes "ephvol run -- bash $SHUNIT_TMPDIR/runpaths/j" "$SHUNIT_TMPDIR/runpaths/job"
	assert_completes "ephvol run --user root -- bash -c x $SHUNIT_TMPDIR/runpaths/" \
		"$SHUNIT_TMPDIR/runpaths/job" "$SHUNIT_TMPDIR/runpaths/work"
	assert_not_offers "ephvol run -- bash bas" bash
	# A -- that is the value of an option is not the end of the options.
	assert_offers 'ephvol run --name -- -' --at --user
}

testGcOptions() {
	assert_completes 'ephvol gc -' -q --quiet -v -h --help
	assert_completes 'ephvol gc --' --quiet --help
	# No argument but options.
	assert_completes 'ephvol gc ' -q --quiet -v -h --help
	assert_completes 'ephvol gc -q ' --quiet -v -h --help
}

# Every verb's options are those its --help names, and those it shows with a
# value take one in the completion. claim's help names neither --help nor the
# short options its parser has (getopt string "hL:f"); run and gc offer the
# global -q and -v, which their help may leave out.
testOptionsMatchHelp() {
	local verb opt offered before
	local -a extra_long extra_short
	for verb in create destroy status up down writeback claim bench run gc; do
		case $verb in
			create) before='ephvol create scratch' ;;
			claim) before='ephvol claim /dev/sdz1' ;;
			*) before="ephvol $verb" ;;
		esac
		extra_long=() extra_short=()
		[ "$verb" = claim ] && extra_long=(--help) extra_short=(-L -f -h)
		# The global -q and -v, offered among their own options too.
		[[ $verb == @(run|gc) ]] && extra_short=(-q -v)
		complete_line "$before -"
		offered=$(grep -- '^--' <<<"$REPLY")
		assertEquals "long options of $verb" \
			"$( (help_options "$verb" && printf '%s\n' "${extra_long[@]}") | sed '/^$/d' | LC_ALL=C sort -u)" \
			"$offered"
		assertEquals "short options of $verb" \
			"$( (help_short_options "$verb" && printf '%s\n' "${extra_short[@]}") | sed '/^$/d' | LC_ALL=C sort -u)" \
			"$(grep -- '^-[^-]' <<<"$REPLY")"
		for opt in $offered; do
			complete_line "$before $opt -"
			if help_value_options "$verb" | grep -qxF -- "$opt"; then
				assertEquals "$verb $opt takes a value: no options after it" '' \
					"$(grep -- '^-' <<<"$REPLY")"
			else
				assertTrue "$verb $opt takes no value: options after it" \
					"grep -q -- '^-' <<<\"\$REPLY\""
			fi
		done
	done
	# The value options the help shows, for the record (a change here is a
	# change of the command line).
	assertEquals 'create value options' \
		'--cipher --comp-algorithm --comp-dict --comp-level --device --file --fs --integrity --key-size --mem-limit --mode --mount --mount-options --owner --priority --recomp-algorithm --sector-size --size --writeback --writeback-idle-age --writeback-limit' \
		"$(help_value_options create | xargs)"
	assertEquals 'run value options' \
		'--at --cipher --comp-algorithm --comp-dict --comp-level --device --file --fs --integrity --key-size --mem-limit --mode --mount-options --name --recomp-algorithm --sector-size --size --user --writeback --writeback-idle-age --writeback-limit' \
		"$(help_value_options run | xargs)"
	assert_completes 'ephvol status -' -a --audit -J --json -o --output -n --noheadings \
		-r --raw -b --bytes --format --write -h --help
	assert_completes 'ephvol status --format ' table json
	assert_completes 'ephvol status --audit --format ' table json prometheus
	assert_completes 'ephvol bench -' -c --cipher -s --key-size --sample --io --seconds --force \
		--integrity -J --json -h --help
	assert_completes 'ephvol claim /dev/sdz1 -' -L --label -f --force -h --help
	assert_completes 'ephvol writeback v -' --idle --huge --huge-idle --all -h --help
	assert_completes 'ephvol destroy -' --all --lazy --discard -h --help
	assert_completes 'ephvol up -' --root --no-activate -h --help
	assert_completes 'ephvol down -' --root -h --help
	assert_completes 'ephvol probe -' -h --help
	assert_completes 'ephvol gc -' -q --quiet -v -h --help
}

testNoOptionWhereValueExpected() {
	local opt
	for opt in --priority --mode --owner --mount-options --key-size --size --mem-limit \
		--writeback-limit --fs --cipher --sector-size --comp-algorithm --integrity; do
		assert_completes "ephvol create scratch --swap $opt -"
		assert_completes "ephvol create scratch --swap $opt=-"
	done
	assert_completes 'ephvol status -o -'
	assert_completes 'ephvol status -no -'
	assert_completes 'ephvol bench -s -'
	assert_completes 'ephvol bench --io -'
	assert_completes 'ephvol bench --io /dev/sdz1 --seconds -'
	assert_completes 'ephvol bench -Jc -'
	assert_completes 'ephvol claim /dev/sdz1 --label -'
	assert_completes 'ephvol claim /dev/sdz1 -L -'
	for opt in --at --user --name --mode --fs --cipher --size --mem-limit; do
		assert_completes "ephvol run $opt -"
		assert_completes "ephvol run $opt=-"
	done
	# A value that looks like an option is a value: the word after it is free again.
	assert_offers 'ephvol create scratch --mode --swap -' --raw
	assert_offers 'ephvol bench -s 256 -' --json
}

testFixedValues() {
	assert_completes 'ephvol create scratch --mount /s --fs ' ext4 ext2 xfs btrfs
	assert_completes 'ephvol create scratch --mount /s --fs e' ext4 ext2
	assert_completes 'ephvol create scratch --mount /s --fs=x' xfs
	assert_completes 'ephvol create scratch --raw --device /dev/sdz1 --cipher ' \
		auto aes-xts-plain64 xchacha12,aes-adiantum-plain64
	assert_completes 'ephvol create scratch --raw --device /dev/sdz1 --cipher x' \
		xchacha12,aes-adiantum-plain64
	assert_completes 'ephvol create scratch --raw --device /dev/sdz1 --sector-size ' \
		512 1024 2048 4096
	assert_completes 'ephvol create scratch --raw --device /dev/sdz1 --integrity ' aead
	# With --integrity, the AEAD ciphers.
	assert_completes 'ephvol create scratch --raw --device /dev/sdz1 --integrity aead --cipher ' \
		auto aegis128-random aes-gcm-random chacha20-poly1305-random aes-xts-hmac-sha256-random
	assert_completes 'ephvol run --device /dev/sdz1 --integrity aead --cipher aeg' aegis128-random
	assert_completes 'ephvol bench --cipher ' \
		auto aes-xts-plain64 xchacha12,aes-adiantum-plain64 aes-cbc-essiv:sha256
	# bench --integrity aead measures the AEAD ciphers themselves: no auto.
	assert_completes 'ephvol bench --io /dev/sdz1 --integrity ' aead
	assert_completes 'ephvol bench --io /dev/sdz1 --integrity aead -c ' \
		aegis128-random aes-gcm-random chacha20-poly1305-random aes-xts-hmac-sha256-random
	assert_completes 'ephvol run --fs ' ext4 ext2 xfs btrfs
	assert_completes 'ephvol run --device /dev/sdz1 --cipher x' xchacha12,aes-adiantum-plain64
	assert_completes 'ephvol run --device /dev/sdz1 --sector-size ' 512 1024 2048 4096
	# bench --cipher may be given again; create's options once.
	assert_offers 'ephvol bench -c auto -' -c --cipher --json
	assert_offers 'ephvol bench --cipher auto -' -c --cipher --json
	assert_not_offers 'ephvol bench -c auto --json --' --json
	assert_not_offers 'ephvol create scratch --swap --fs ext4 --' --fs
	# : is a word break: only what follows it is replaced.
	assert_completes 'ephvol bench -c aes-cbc-essiv:s' sha256
	assert_completes 'ephvol bench -caes-x' -caes-xts-plain64
	# writeback's modes are options of their own, one of them at most.
	assert_completes 'ephvol writeback v --h' --huge --huge-idle --help
	assert_completes 'ephvol writeback v --huge -' -h --help
}

testOutputColumns() {
	local all='NAME BACKEND ROLE DEVICE BACKING SIZE CIPHER KEY_BITS SECTOR_SIZE
		KEY_LOCATION CIPHER_DRIVER CRYPT_FLAGS INTEGRITY MOUNTPOINT SWAP_PRIORITY COMP_ALGORITHM
		ORIG_DATA COMPR_DATA RATIO MEM_USED MEM_LIMIT WRITEBACK WRITEBACK_BACKING
		WRITEBACK_BYTES WRITEBACK_WRITTEN WRITEBACK_IDLE_AGE PROTECTION STATE OWNER_PID
		COMMAND' audit='KIND PATH TYPE DEVICE VOLUME CIPHER PROTECTION REASON' col
	# The columns are those status --help lists.
	assertEquals 'status columns in --help' "$(xargs <<<"$all")" \
		"$(ephvol status --help | sed -n '/^Columns:/,/^Audit/p' | sed '$d;s/^Columns://' | xargs)"
	assertEquals 'audit columns in --help' "$audit" \
		"$(ephvol status --help | sed -n 's/^Audit columns: //p')"
	# shellcheck disable=SC2086 # word lists
	assert_completes 'ephvol status -o ' $all
	assert_completes 'ephvol status --output M' MOUNTPOINT MEM_USED MEM_LIMIT
	# After a comma: the part after the last one, without the columns already listed.
	complete_line 'ephvol status -o NAME,SIZE,'
	assertEquals 'columns after NAME,SIZE,' \
		"$(for col in $all; do [[ $col == @(NAME|SIZE) ]] || echo "NAME,SIZE,$col"; done | LC_ALL=C sort)" \
		"$REPLY"
	assertContains 'no space after a column' "$COMPOPTS" '-o nospace'
	assert_completes 'ephvol status -o NAME,SIZE,PROT' NAME,SIZE,PROTECTION
	assert_completes 'ephvol status -o NAME,WRITEBACK_B' NAME,WRITEBACK_BACKING NAME,WRITEBACK_BYTES
	assert_completes 'ephvol status -o NAME,WRITEBACK_' NAME,WRITEBACK_BACKING NAME,WRITEBACK_BYTES \
		NAME,WRITEBACK_WRITTEN NAME,WRITEBACK_IDLE_AGE
	assert_completes 'ephvol status --output=name,ro' name,role
	assert_completes 'ephvol status -oNAME,DEV' -oNAME,DEVICE
	assert_completes 'ephvol status -o NAME,NA'
	# With --audit, before or after -o: the audit's columns.
	# shellcheck disable=SC2086
	assert_completes 'ephvol status --audit -o ' $audit
	assert_completes 'ephvol status -a -o KIND,RE' KIND,REASON
	assert_completes 'ephvol status -ao PATH,V' PATH,VOLUME
	COMP_WORDS=(ephvol status -o 'KIND,RE' --audit)
	COMP_CWORD=3
	COMP_LINE='ephvol status -o KIND,RE --audit'
	COMP_POINT=24
	COMPREPLY=()
	_ephvol ephvol KIND,RE -o
	assertEquals '--audit after -o' KIND,REASON "${COMPREPLY[*]}"
	assert_completes 'ephvol status -o KIND,RE'
}

testLiveVolumeNames() {
	local -a names
	local path
	assert_exit 0 ephvol create "$VOL" --raw --zram 16M || return
	mapfile -t names < <(ephvol status --noheadings --raw --output NAME)
	assertContains "status lists $VOL" " ${names[*]} " " $VOL "
	assert_completes 'ephvol destroy ' "${names[@]}"
	assert_completes 'ephvol status ' "${names[@]}"
	assert_completes 'ephvol writeback ' "${names[@]}"
	assert_offers 'ephvol down ' "$VOL"
	assert_offers "ephvol destroy ${VOL:0:3}" "$VOL"
	assert_offers "ephvol destroy --lazy ${VOL:0:3}" "$VOL"
	# Given once, not offered again; not with --all; not for status --audit.
	assert_not_offers "ephvol destroy $VOL " "$VOL"
	assert_not_offers 'ephvol destroy --all ' "$VOL"
	assert_not_offers 'ephvol status --audit ' "$VOL"
	# A new name for create is not completed from the existing ones.
	assert_not_offers 'ephvol create ' "$VOL"
	# When status fails, its error is not shown, and there are no names.
	mkdir -p "$SHUNIT_TMPDIR/failing" &&
		printf '#!/bin/sh\necho "ephvol: broken" >&2\nexit 1\n' >"$SHUNIT_TMPDIR/failing/ephvol" &&
		chmod +x "$SHUNIT_TMPDIR/failing/ephvol"
	path=$PATH
	PATH=$SHUNIT_TMPDIR/failing:$PATH # (an assignment, which forgets the hashed ephvol)
	complete_line 'ephvol destroy ' 2>"$SHUNIT_TMPDIR/err"
	PATH=$path
	assertEquals 'names when status fails' '' "$REPLY"
	assertEquals 'stderr when status fails' '' "$(cat "$SHUNIT_TMPDIR/err")"

	assert_exit 0 ephvol destroy "$VOL"
	assert_not_offers 'ephvol destroy ' "$VOL"
}

# The compressors are the kernel's own list for zram, without the brackets that
# mark the current one; without a zram device, none (none invented).
testCompAlgorithms() {
	local dev expected
	assert_exit 0 ephvol create "$VOL" --raw --zram 16M || return
	dev=$(ephvol status --noheadings --raw --output DEVICE "$VOL")
	dev=${dev#/dev/}
	expected=$(tr -d '[]' <"/sys/block/$dev/comp_algorithm" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort)
	assertNotEquals 'the kernel lists compressors' '' "$expected"
	assertContains 'the kernel marks the current one' "$(cat "/sys/block/$dev/comp_algorithm")" '['
	# shellcheck disable=SC2086
	assert_completes 'ephvol create z --swap --comp-algorithm ' $expected
	# shellcheck disable=SC2086
	assert_completes 'ephvol create z --swap --recomp-algorithm=' $expected
	# shellcheck disable=SC2086
	assert_completes 'ephvol run --comp-algorithm ' $expected
	# shellcheck disable=SC2046
	assert_completes 'ephvol create z --swap --comp-algorithm lz' $(grep '^lz' <<<"$expected")
	assert_exit 0 ephvol destroy "$VOL"

	mkdir -p "$SHUNIT_TMPDIR/nozram/sys/block/loop0"
	_EPHVOL_COMP_ROOT=$SHUNIT_TMPDIR/nozram
	assert_completes 'ephvol create z --swap --comp-algorithm '
	mkdir -p "$SHUNIT_TMPDIR/nozram/sys/block/zram7"
	echo 'lzo [zstd] 842' >"$SHUNIT_TMPDIR/nozram/sys/block/zram7/comp_algorithm"
	assert_completes 'ephvol create z --swap --comp-algorithm ' lzo zstd 842
}

# The section names of all the files conf-load.c reads, below --root DIR; a drop-in
# replaced by one of the same name in a later directory, or masked, gives none.
testConfigSections() {
	local r=$SHUNIT_TMPDIR/root
	mkdir -p "$r/etc/ephvol.conf.d" "$r/usr/lib/ephvol.conf.d" "$r/run/ephvol.conf.d" "$r/data"
	printf '[swap]\nrole = swap\n\n  [tmp]  \nrole = tmp\nmount = /tmp\n# [commented]\n; [semicolon]\n' \
		>"$r/etc/ephvol.conf"
	printf '[vendor]\r\nrole = raw\r\n' >"$r/usr/lib/ephvol.conf.d/10-vendor.conf"
	printf '[masked]\nrole = raw\n' >"$r/usr/lib/ephvol.conf.d/20-masked.conf"
	ln -s /dev/null "$r/etc/ephvol.conf.d/20-masked.conf"
	printf '[replaced]\nrole = raw\n' >"$r/etc/ephvol.conf.d/30-over.conf"
	printf '[replacement]\nrole = raw\n' >"$r/run/ephvol.conf.d/30-over.conf"
	printf '[linked]\nrole = raw\n' >"$r/data/linked"
	ln -s /data/linked "$r/run/ephvol.conf.d/40-linked.conf"
	printf '[dotfile]\nrole = raw\n' >"$r/etc/ephvol.conf.d/.dot.conf"
	printf '[notconf]\nrole = raw\n' >"$r/etc/ephvol.conf.d/50-x.conf.bak"
	printf '\xef\xbb\xbf[bom]\nrole = raw\n' >"$r/run/ephvol.conf.d/60-bom.conf"

	local sections='swap tmp vendor replacement linked bom'
	# shellcheck disable=SC2086
	assert_completes "ephvol up --root $r " $sections
	# shellcheck disable=SC2086
	assert_completes "ephvol up --root=$r " $sections
	local home=$HOME
	HOME=$SHUNIT_TMPDIR
	# shellcheck disable=SC2088,SC2086 # the tilde is the completion's to expand
	assert_completes 'ephvol up --root ~/root ' $sections
	HOME=$home
	# Also for a user whose globs match dot files.
	shopt -s dotglob
	# shellcheck disable=SC2086
	assert_completes "ephvol up --root=$r " $sections
	shopt -u dotglob
	# down: the configured names and the live volumes (any on this host).
	# shellcheck disable=SC2086
	assert_offers "ephvol down --root $r " $sections
	assert_not_offers "ephvol down --root $r " masked replaced dotfile notconf
	assert_completes "ephvol up --root $r --no-activate swap t" tmp
	assert_not_offers "ephvol up --root $r swap " swap
	# Not a section name: the word after --root.
	assert_offers "ephvol up --root $SHUNIT_TMPDIR/ro" "$r"

	# The same sections as ephvol's own reading of the files (conf-load.c), through
	# the generator, which writes a unit for each.
	mkdir -p "$r/proc" "$SHUNIT_TMPDIR/units" && echo quiet >"$r/proc/cmdline"
	EPHVOL_GENERATOR_ROOT=$r LD_LIBRARY_PATH=$BUILD "$BUILD/ephvol-generator" \
		"$SHUNIT_TMPDIR/units" "$SHUNIT_TMPDIR/units" "$SHUNIT_TMPDIR/units"
	assertEquals 'the sections the generator finds' \
		"$(echo "$sections" | tr ' ' '\n' | LC_ALL=C sort)" \
		"$(find "$SHUNIT_TMPDIR/units" -maxdepth 1 -name 'ephvol-setup@*.service' -printf '%f\n' |
			sed 's/^ephvol-setup@\(.*\)\.service$/\1/' | LC_ALL=C sort)"

	# The running system's paths, put below a root for the test.
	_EPHVOL_COMP_ROOT=$r
	# shellcheck disable=SC2086
	assert_completes 'ephvol up ' $sections
	_EPHVOL_COMP_ROOT=$SHUNIT_TMPDIR/empty
	assert_completes 'ephvol up '
}

# --device: block devices and the LABEL=, PARTUUID=, PARTLABEL= names; --mount
# directories; claim and probe one DEVICE.
testDevicesAndPaths() {
	local r=$SHUNIT_TMPDIR/devroot
	assert_offers 'ephvol create s --raw --device ' LABEL= PARTUUID= PARTLABEL=
	assert_completes 'ephvol create s --raw --device PARTL' PARTLABEL=
	assertContains 'no space after PARTLABEL=' "$COMPOPTS" '-o nospace'

	mkdir -p "$r/dev/disk/by-partlabel" "$r/dev/disk/by-ephvol" "$r/dev/disk/by-partuuid"
	ln -s ../../sdz1 "$r/dev/disk/by-partlabel/scratch"
	ln -s ../../sdz2 "$r/dev/disk/by-partlabel/swap"
	ln -s ../../sdz1 "$r/dev/disk/by-ephvol/fast"
	ln -s ../../sdz3 "$r/dev/disk/by-partuuid/0a1b2c3d-01"
	_EPHVOL_COMP_ROOT=$r
	# = is a word break: only what follows the last one is replaced.
	assert_completes 'ephvol create s --raw --device PARTLABEL=' scratch swap
	assert_completes 'ephvol create s --raw --device PARTLABEL=sc' scratch
	assert_completes 'ephvol create s --raw --device=PARTLABEL=sw' swap
	assert_completes 'ephvol create s --raw --device LABEL=' fast
	assert_completes 'ephvol create s --raw --device PARTUUID=0' 0a1b2c3d-01
	assert_completes 'ephvol create s --swap --zram --writeback PARTLABEL=s' scratch swap
	assert_completes 'ephvol run --device PARTLABEL=' scratch swap
	assert_completes 'ephvol claim LABEL=' fast
	unset _EPHVOL_COMP_ROOT

	# Block devices by path (this host has loop devices), not other files.
	assert_offers 'ephvol create s --raw --device /dev/loo' /dev/loop0
	assert_not_offers 'ephvol create s --raw --device /dev/nu' /dev/null
	assert_offers 'ephvol claim /dev/loo' /dev/loop0
	assert_offers 'ephvol probe /dev/loo' /dev/loop0
	assert_not_offers 'ephvol probe ' LABEL=
	assert_completes 'ephvol probe /dev/loop0 '

	mkdir -p "$SHUNIT_TMPDIR/paths/mnt" && : >"$SHUNIT_TMPDIR/paths/img"
	assert_completes "ephvol create s --mount $SHUNIT_TMPDIR/paths/" "$SHUNIT_TMPDIR/paths/mnt"
	assert_completes "ephvol create s --raw --file $SHUNIT_TMPDIR/paths/" \
		"$SHUNIT_TMPDIR/paths/img" "$SHUNIT_TMPDIR/paths/mnt"
	assert_completes "ephvol create s --raw --writeback $SHUNIT_TMPDIR/paths/i" \
		"$SHUNIT_TMPDIR/paths/img"
	assert_completes "ephvol bench --sample $SHUNIT_TMPDIR/paths/i" "$SHUNIT_TMPDIR/paths/img"
}

# shellcheck source=/dev/null
. shunit2
