# shellcheck shell=bash
# memprobe.sh - guest_memory_count: how many copies of some bytes all of the
# guest's RAM holds right now. The host searches the guest's memory, the file
# QEMU backs it with (tests/vm/memory-probe, started by tests/vm/run); the question
# travels on /dev/ttyS2. Patterns are given as hex with every byte inverted, so
# that the question itself puts no copy in guest memory.

MEMPROBE_TTY=/dev/ttyS2

# file_hex FILE [OFFSET LENGTH]: the bytes of FILE (or a slice) in hex. The test
# hook writes the key with every byte inverted, so this is already what
# guest_memory_count wants.
file_hex() {
	od -An -v -tx1 -j "${2:-0}" ${3:+-N "$3"} "$1" | tr -d ' \n'
}

# guest_memory_count HEX...: prints "N... MIB" (copies of each pattern, whose
# bytes are given inverted, and the MiB of RAM searched); returns 1 on failure.
guest_memory_count() {
	local line
	[ -c "$MEMPROBE_TTY" ] || { echo "no $MEMPROBE_TTY (tests/vm/run starts the memory probe)" >&2; return 1; }
	stty -F "$MEMPROBE_TTY" raw -echo 115200 || return 1
	exec 8<>"$MEMPROBE_TTY"
	printf 'SEARCH %s\n' "$*" >&8
	IFS= read -r -t 300 line <&8
	exec 8>&-
	line=${line%$'\r'}
	case $line in
	"COUNTS "*) echo "${line#COUNTS }" ;;
	*) echo "memory probe: ${line:-no answer}" >&2; return 1 ;;
	esac
}
