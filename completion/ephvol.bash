# shellcheck shell=bash
# bash completion for ephvol(8)                            -*- shell-script -*-
#
# Installed as /usr/share/bash-completion/completions/ephvol. The option lists
# mirror the option tables of src/cli (main.c, create-options.c, bench-options.c,
# cmd-*.c); tests/host/completion_test.sh checks them against `--help`.
#
# _EPHVOL_COMP_ROOT (tests only, unset in normal use) is put before the system
# paths read here: /sys/block, /dev/disk and the configuration directories.

# Per verb: options without a value, options that take one, and the short
# options that take one (as in the getopt string). Keep in step with src/cli.
_ephvol_verb_opts() {
	flags='' values='' shortvalues=''
	case $1 in
		create)
			flags='--swap --raw --zram --json --workqueues --force --no-activate -h --help'
			values='--mount --device --file --size --cipher --key-size --sector-size
				--integrity --priority --fs --mode --owner --mount-options --comp-algorithm
				--recomp-algorithm --comp-level --comp-dict --mem-limit --writeback
				--writeback-limit --writeback-idle-age'
			;;
		destroy) flags='--all --lazy --discard -h --help' ;;
		run)
			# create's, less the role and activation ones; -q and -v, the global
			# options, also among its own.
			flags='--zram --workqueues --force --require-safe-swap -q -v -h --help'
			values='--at --user --name --device --file --size --cipher --key-size
				--sector-size --integrity --fs --mode --mount-options --comp-algorithm
				--recomp-algorithm --comp-level --comp-dict --mem-limit --writeback
				--writeback-limit --writeback-idle-age'
			;;
		gc) flags='-q --quiet -v -h --help' ;;
		status)
			flags='-a --audit -J --json -n --noheadings -r --raw -b --bytes -h --help'
			values='-o --output --format --write'
			shortvalues=o
			;;
		writeback) flags='--idle --huge --huge-idle --all -h --help' ;;
		up)
			flags='--no-activate -h --help'
			values='--root'
			;;
		down)
			flags='-h --help'
			values='--root'
			;;
		claim)
			flags='-f --force -h --help'
			values='-L --label'
			shortvalues=L
			;;
		bench)
			flags='-J --json --force -h --help'
			values='-c --cipher -s --key-size --sample --io --seconds --integrity'
			shortvalues=cs
			;;
		probe) flags='-h --help' ;;
		*) ;;
	esac
}

# Options of which only one may be given (create's role and backend, writeback's mode):
# once one is on the line, the others are not offered.
_ephvol_exclusive() {
	case $1 in
		create) printf '%s\n' '--swap --mount --raw' '--zram --device --file' ;;
		run) printf '%s\n' '--zram --device --file' ;;
		writeback) printf '%s\n' '--idle --huge --huge-idle --all' ;;
		*) ;;
	esac
}

# command: the ephvol on PATH, not a shell function or alias of that name.
_ephvol_volumes() {
	command ephvol status --noheadings --raw --output NAME 2>/dev/null
}

# The section names of the configuration below root $1 ("" for /), read as
# src/shared/conf-load.c reads it: /usr/lib/ephvol.conf.d/*.conf, /etc/ephvol.conf,
# /etc/ephvol.conf.d/*.conf and /run/ephvol.conf.d/*.conf, a drop-in name in a
# later directory replacing the same name in an earlier one, a symlink to
# /dev/null masking it.
_ephvol_conf_sections() {
	local root=${1%/} d f name target
	local -A pick=()
	local -a files=()

	for d in /usr/lib/ephvol.conf.d /etc/ephvol.conf.d /run/ephvol.conf.d; do
		for f in "$root$d"/*.conf; do
			[[ -e $f || -L $f ]] || continue
			name=${f##*/}
			[[ $name == .* ]] && continue
			pick[$name]=$f
		done
	done
	files=("$root/etc/ephvol.conf" "${pick[@]}")
	for f in "${!files[@]}"; do
		if [[ -L ${files[f]} ]]; then
			target=$(readlink -- "${files[f]}")
			if [[ $target == /dev/null ]]; then
				unset 'files[f]'
			elif [[ $target == /* ]]; then
				files[f]=$root$target
			fi
		fi
	done
	for f in "${files[@]}"; do
		[[ -f $f && -r $f ]] || continue
		LC_ALL=C sed -n -e '1s/^\xEF\xBB\xBF//' \
			-e 's/^[[:space:]]*\[\([A-Za-z0-9_][A-Za-z0-9_.-]*\)\][[:space:]]*$/\1/p' -- "$f"
	done 2>/dev/null
}

# The compressors this kernel's zram offers: the comp_algorithm file of any zram
# device ("[lzo-rle] lzo lz4", the current one in brackets). Nothing without one.
_ephvol_comp_algorithms() {
	local f list
	for f in "${_EPHVOL_COMP_ROOT-}"/sys/block/zram*/comp_algorithm; do
		[[ -r $f ]] || continue
		list=$(<"$f") || continue
		printf '%s\n' "${list//[\[\]]/}"
		return
	done 2>/dev/null
}

# A comma-separated column list: complete the part after the last comma, leaving
# out the columns already listed. $1: the columns; $2: what to put before each.
_ephvol_column_list() {
	local all=$1 before=$2 head part col c
	local -a left=()
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		part=${cur##*,}
	else
		head='' part=$cur
	fi
	# Column names are matched case-insensitively; answer in the case typed.
	[[ $part == *[a-z]* ]] && all=${all,,}
	for col in $all; do
		for c in ${head//,/ }; do
			[[ ${c^^} == "${col^^}" ]] && continue 2
		done
		left+=("$col")
	done
	((${#left[@]})) || return
	local IFS=$'\n'
	mapfile -t COMPREPLY < <(compgen -P "$before$head" -W "${left[*]}" -- "$part")
	compopt -o nospace
}

# After NAME=, with = a word break, readline replaces only what follows the last =.
_ephvol_ltrim_equals() {
	[[ $cur == *=* && $COMP_WORDBREAKS == *=* ]] || return
	local prefix=${cur%"${cur##*=}"} i
	for i in "${!COMPREPLY[@]}"; do
		COMPREPLY[i]=${COMPREPLY[i]#"$prefix"}
	done
}

# --device and --writeback: LABEL= (an ephvol claim), PARTUUID=, PARTLABEL=, or a
# path; $1 is "file" (--writeback: a block device or a file), "device" (a block
# device or one of those names) or "path" (probe: a block device's path).
_ephvol_device_specs() {
	local kind=$1 dir f c
	local -a names=()

	case $kind:$cur in
		@(device|file):@(LABEL|PARTUUID|PARTLABEL)=*)
			case $cur in
				LABEL=*) dir=by-ephvol ;;
				PARTUUID=*) dir=by-partuuid ;;
				*) dir=by-partlabel ;;
			esac
			for f in "${_EPHVOL_COMP_ROOT-}/dev/disk/$dir"/*; do
				[[ -e $f || -L $f ]] && names+=("${cur%%=*}=${f##*/}")
			done
			((${#names[@]})) && mapfile -t COMPREPLY < <(compgen -W "${names[*]}" -- "$cur")
			_ephvol_ltrim_equals
			return
			;;
	esac

	[[ $kind == path ]] || mapfile -t COMPREPLY < <(compgen -W 'LABEL= PARTUUID= PARTLABEL=' -- "$cur")
	if [[ $kind == file ]]; then
		_filedir
	else
		# Block devices, and the directories that hold their other names.
		while IFS= read -r c; do
			if [[ -b $c ]]; then
				COMPREPLY+=("$c")
			elif [[ -d $c && ($c == /dev/disk || $c == /dev/disk/* || $c == /dev/mapper ||
				$c != /dev/*) ]]; then
				COMPREPLY+=("$c/")
			fi
		done < <(compgen -f -- "${cur:-/dev/}")
	fi
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=/] ]] && compopt -o nospace
}

# Complete the value of option $1 (of verb $2).
_ephvol_value() {
	local opt=$1 verb=$2 before=$3

	case $opt in
		--mount | --root | --at) _filedir -d ;;
		--user) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
		--file | --sample | --comp-dict | --write) _filedir ;;
		--writeback) _ephvol_device_specs file ;;
		--device | --io) _ephvol_device_specs device ;;
		--fs) mapfile -t COMPREPLY < <(compgen -W 'ext4 ext2 xfs btrfs' -- "$cur") ;;
		--integrity) mapfile -t COMPREPLY < <(compgen -W 'aead' -- "$cur") ;;
		--cipher | -c)
			local ciphers='auto aes-xts-plain64 xchacha12,aes-adiantum-plain64'
			[[ $verb == bench ]] && ciphers+=' aes-cbc-essiv:sha256'
			# With --integrity aead, the AEAD ciphers.
			if [[ " ${COMP_WORDS[*]} " == *" --integrity "* ]]; then
				ciphers='aegis128-random aes-gcm-random chacha20-poly1305-random aes-xts-hmac-sha256-random'
				[[ $verb == bench ]] || ciphers="auto $ciphers"
			fi
			mapfile -t COMPREPLY < <(compgen -P "$before" -W "$ciphers" -- "$cur")
			__ltrim_colon_completions "$before$cur"
			;;
		--sector-size) mapfile -t COMPREPLY < <(compgen -W '512 1024 2048 4096' -- "$cur") ;;
		--format)
			local formats='table json'
			((audit)) && formats+=' prometheus'
			mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
			;;
		--comp-algorithm | --recomp-algorithm)
			mapfile -t COMPREPLY < <(compgen -W "$(_ephvol_comp_algorithms)" -- "$cur")
			;;
		--output | -o)
			# src/cli/status-output.c and audit-output.c
			if ((audit)); then
				_ephvol_column_list 'KIND PATH TYPE DEVICE VOLUME CIPHER PROTECTION REASON' \
					"$before"
			else
				_ephvol_column_list 'NAME BACKEND ROLE DEVICE BACKING SIZE CIPHER KEY_BITS
					SECTOR_SIZE KEY_LOCATION CIPHER_DRIVER CRYPT_FLAGS INTEGRITY MOUNTPOINT SWAP_PRIORITY
					COMP_ALGORITHM ORIG_DATA COMPR_DATA RATIO MEM_USED MEM_LIMIT WRITEBACK
					WRITEBACK_BACKING WRITEBACK_BYTES WRITEBACK_WRITTEN WRITEBACK_IDLE_AGE
					PROTECTION STATE OWNER_PID COMMAND' "$before"
			fi
			;;
		# Sizes, numbers, modes, owners, labels: nothing to offer.
		*) ;;
	esac
}

_ephvol() {
	local cur prev words cword split
	_init_completion -s -n : || return

	local i verb='' verbi=0
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} != -* ]]; then
			verb=${words[i]}
			verbi=$i
			break
		fi
	done

	# The options and commands of src/cli/main.c.
	if [[ -z $verb ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W \
				'-q --quiet -v --verbose -h --help -V --version' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W \
				'create destroy run gc status up down writeback claim probe bench' -- "$cur")
		fi
		return
	fi

	local flags values shortvalues
	_ephvol_verb_opts "$verb"
	local allvalues=" ${values//[[:space:]]/ } "

	# Walk the words (all but the current one) as getopt does: what option, if
	# any, the current word is the value of; which options are there; the
	# positional arguments.
	local w expect='' dashdash=0 dashdashi=0 audit=0 j letter
	local -a used=() args=()
	for ((i = verbi + 1; i < ${#words[@]}; i++)); do
		((i == cword)) && continue
		w=${words[i]}
		if ((dashdash)); then
			args+=("$w")
			continue
		fi
		case $w in
			--) ((i < cword)) && dashdash=1 dashdashi=$i ;;
			--*=*) used+=("${w%%=*}") ;;
			--*)
				used+=("$w")
				[[ $w == --audit ]] && audit=1
				if [[ $allvalues == *" $w "* ]]; then
					((i + 1 == cword)) && expect=$w
					((i++))
				elif [[ $verb == @(create|run) && $w == --zram && ${words[i + 1]-} == @([0-9]*|*[\(\)%*/+\ ,]*) ]] &&
					((i + 1 != cword)); then
					((i++)) # its SIZE, as create's merge_optional_size() takes it
				fi
				;;
			-?*)
				for ((j = 1; j < ${#w}; j++)); do
					letter=${w:j:1}
					used+=("-$letter")
					[[ $verb == status && $letter == a ]] && audit=1
					if [[ -n $shortvalues && $letter == ["$shortvalues"] ]]; then
						if ((j == ${#w} - 1)); then
							((i + 1 == cword)) && expect=-$letter
							((i++))
						fi
						break
					fi
				done
				;;
			*) ((i < cword)) && args+=("$w") ;;
		esac
	done

	# run's COMMAND after --, then that command's arguments: files.
	if [[ $verb == run ]] && ((dashdash)); then
		if ((cword == dashdashi + 1)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		else
			_filedir
		fi
		return
	fi

	if [[ $split == true ]]; then
		expect=$prev
	elif [[ -z $expect && $dashdash == 0 && -n $shortvalues && $cur == -["$shortvalues"]?* ]]; then
		# -oNAME,SIZE: the value is glued to the option.
		local glued=${cur:0:2}
		cur=${cur:2}
		_ephvol_value "$glued" "$verb" "$glued"
		return
	fi
	if [[ -n $expect ]]; then
		_ephvol_value "$expect" "$verb" ""
		return
	fi

	# An option here?
	local offer_opts=0
	if ((!dashdash)) && [[ $cur == -* ]]; then
		offer_opts=1
	elif ((!dashdash)) && [[ -z $cur ]]; then
		case $verb in
			# No positional argument can come (any more): the options are what is left.
			create | claim) ((${#args[@]} >= 1)) && offer_opts=1 ;;
			# run's COMMAND comes after --.
			bench | run | gc) offer_opts=1 ;;
			*) ;;
		esac
	fi
	if ((offer_opts)); then
		local opt u group
		local -a opts=()
		local -A skip=()
		for u in "${used[@]}"; do
			# bench --cipher and run --at are repeatable.
			[[ $verb == bench && $u == @(-c|--cipher) || $verb == run && $u == --at ]] || skip[$u]=1
		done
		while read -r group; do
			for u in $group; do
				if [[ ${skip[$u]-} ]]; then
					for opt in $group; do skip[$opt]=1; done
					break
				fi
			done
		done < <(_ephvol_exclusive "$verb")
		for opt in $flags $values; do
			[[ ${skip[$opt]-} ]] || opts+=("$opt")
		done
		mapfile -t COMPREPLY < <(compgen -W "${opts[*]}" -- "$cur")
		return
	fi

	# Positional arguments.
	local -a cands=()
	case $verb in
		destroy)
			[[ " ${used[*]} " == *" --all "* ]] || mapfile -t cands < <(_ephvol_volumes)
			;;
		status)
			((audit)) || mapfile -t cands < <(_ephvol_volumes)
			;;
		writeback) mapfile -t cands < <(_ephvol_volumes) ;;
		up | down)
			# --root DIR on the line: the configuration below DIR.
			local root=${_EPHVOL_COMP_ROOT-}
			for ((i = verbi + 1; i < cword; i++)); do
				case ${words[i]} in
					--root) root=${words[i + 1]-} ;;
					--root=*) root=${words[i]#--root=} ;;
				esac
			done
			[[ $root == \~* ]] && __expand_tilde_by_ref root
			mapfile -t cands < <(_ephvol_conf_sections "$root")
			[[ $verb == down ]] && mapfile -t -O "${#cands[@]}" cands < <(_ephvol_volumes)
			;;
		claim)
			((${#args[@]} == 0)) && _ephvol_device_specs device
			return
			;;
		probe)
			((${#args[@]} == 0)) && _ephvol_device_specs path
			return
			;;
		*) ;;
	esac
	# Each name once, and not those already given.
	local -A seen=()
	local -a names=()
	for w in "${args[@]}"; do seen[$w]=1; done
	for w in "${cands[@]}"; do
		[[ -n $w && -z ${seen[$w]-} ]] || continue
		seen[$w]=1
		names+=("$w")
	done
	((${#names[@]})) || return
	local IFS=$'\n'
	mapfile -t COMPREPLY < <(compgen -W "${names[*]}" -- "$cur")
} &&
	complete -F _ephvol ephvol

# ex: filetype=sh
