#!/bin/bash
# boot_bench.sh - what a boot spends on encrypted swap and /tmp: the volumes of
# tests/bench/boot-ephvol.conf made by ephvol's generator, next to the same disk
# volumes declared in /etc/crypttab + /etc/fstab (tests/bench/crypttab-inject),
# booted the same way (tests/vm/run -S -c 2, two 256M disks), alternating, ROUNDS
# times each, with a third boot that has no volumes at all: the floor of any
# setup. Prints `systemd-analyze blame` medians per unit, side by side, and the
# goal P7: when swap.target and local-fs.target were reached.
# Usage: tests/bench/boot_bench.sh [ROUNDS]   (default 10)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$top" || exit 2
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
rounds=${1:-10}
build=${EPHVOL_BUILD:-$top/build}
work=$(mktemp -d "$top/build/bootbench.XXXXXX") || exit 2
trap 'rm -rf "$work/inject-"*' EXIT

# BOOT_SETUPS picks some of the three, to try one out (its table then has gaps).
setups=${BOOT_SETUPS:-ephvol crypttab none}
for setup in $setups; do
	inj=$work/inject-$setup
	mkdir -p "$inj"
	make -s B="$build" install DESTDIR="$inj" PREFIX=/usr/local >/dev/null || exit 1
	case $setup in
	ephvol) install -D -m 0644 tests/bench/boot-ephvol.conf "$inj/etc/ephvol.conf" ;;
	crypttab) cp -a tests/bench/crypttab-inject/. "$inj/" ;;
	# ephvol installed, with nothing to set up: boot_blame_test.sh checks there is none.
	none) install -D -m 0644 /dev/null "$inj/etc/ephvol-bench-no-volumes" ;;
	esac
done

for ((i = 1; i <= rounds; i++)); do
	for setup in $setups; do
		echo "=== round $i: $setup"
		tests/vm/run -S -c 2 -i "$work/inject-$setup" -d 2 -s 256M -t 600 \
			tests/bench/boot_blame_test.sh >"$work/$setup-$i.out" 2>&1 ||
			{ tail -n 20 "$work/$setup-$i.out"; echo "boot_bench: the $setup boot failed" >&2; exit 1; }
		grep -E '^(BLAME|BOOT|CHAIN|TARGET) ' build/vm/console.log >"$work/$setup-$i.txt"
		grep -E '^(BLAME|BOOT|TARGET) ' "$work/$setup-$i.txt"
	done
done

# The median of the numbers on stdin, one per line (the lower one of an even count,
# so always a value some boot had); "-" for none.
boot_values_median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}

# Median of the "BLAME ms unit" values of one unit over the rounds.
boot_median() { # SETUP KEY
	cat "$work/$1"-*.txt 2>/dev/null | awk -v k="$2" '($1 == "BOOT" && k == "BOOT") || (($1 == "BLAME" || $1 == "TARGET") && $3 == k) { print $2 }' |
		boot_values_median
}

echo
echo "systemd-analyze blame, median of $rounds boots each (ms; TCG, so compare side by side only)"
printf '%-36s %8s   %-36s %8s\n' 'ephvol unit' ms 'crypttab unit' ms
row() { printf '%-36s %8s   %-36s %8s\n' "$1" "$(boot_median ephvol "$1")" "$2" "$(boot_median crypttab "$2")"; }
row ephvol-setup@dswap.service systemd-cryptsetup@cswap.service
row dev-ephvol-dswap.swap dev-mapper-cswap.swap
row ephvol-setup@tmp.service systemd-cryptsetup@ctmp.service
row tmp.mount tmp.mount
row BOOT BOOT
echo "(BOOT: userspace part of systemd-analyze time)"
echo
echo "reached after systemd started (systemd-analyze critical-chain), median of $rounds boots each"
row swap.target swap.target
row local-fs.target local-fs.target
row disk-vda disk-vda
row disk-vdb disk-vdb
echo "(disk-vdX: when the scratch disk's device unit appeared; vda holds the swap, vdb /tmp)"
# Median over the boots of SETUP of TARGET's time minus DISK's appearance, in the same boot.
boot_after_disk() { # SETUP TARGET DISK
	for f in "$work/$1"-*.txt; do
		[ -e "$f" ] || continue
		awk -v t="$2" -v d="$3" '$1 == "TARGET" { v[$3] = $2 } END { if ((t in v) && (d in v)) print v[t] - v[d] }' "$f"
	done | boot_values_median
}
echo
echo "from the scratch disk's appearance to the target, in the same boot, median of $rounds boots each"
printf '%-36s %8s   %-36s %8s\n' "swap.target - disk-vda" "$(boot_after_disk ephvol swap.target disk-vda)" \
	"swap.target - disk-vda" "$(boot_after_disk crypttab swap.target disk-vda)"
printf '%-36s %8s   %-36s %8s\n' "local-fs.target - disk-vdb" "$(boot_after_disk ephvol local-fs.target disk-vdb)" \
	"local-fs.target - disk-vdb" "$(boot_after_disk crypttab local-fs.target disk-vdb)"
echo
echo "the boot with no volumes, median of $rounds boots"
for t in swap.target local-fs.target disk-vda disk-vdb; do
	printf '%-36s %8s\n' "$t" "$(boot_median none $t)"
done
for t in swap.target local-fs.target; do
	goal P7 "boot: $t reached, vs crypttab" "$(boot_median ephvol $t)" "$(boot_median crypttab $t)" 0.8 ms
done
# The floor of any setup: its disk appears (in the boot with no volumes, where nothing
# waits for it) and the volume is ready at that instant. Against the same crypttab boots.
if [ "$(boot_median none disk-vda)" != - ]; then
	goal P7-floor "boot: the swap disk appears, vs crypttab swap.target" \
		"$(boot_median none disk-vda)" "$(boot_median crypttab swap.target)" 0.8 ms
	goal P7-floor "boot: the /tmp disk appears, vs crypttab local-fs.target" \
		"$(boot_median none disk-vdb)" "$(boot_median crypttab local-fs.target)" 0.8 ms
fi
echo "critical chains and raw lines: $work"
