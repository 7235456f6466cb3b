#!/bin/bash
# zram_bench.sh - (make bench, on the host) a 1 GiB zram swap and tmp made by
# ephvol against zramctl + mkswap/mkfs.ext4 + swapon/mount, same run.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-10}
MNT=/run/ephvol-bench

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
	echo "BENCH $(printf '%-44s %11s %11s' '' ephvol zramctl)"
}

suite_oneTimeTearDown() {
	rmdir "$MNT"
	return 0
}

by_hand() {
	local t0 t1 t2 dev
	t0=$(now_ns)
	# A device of its own (hot_add), like ephvol: --find would take a spare one
	# that is not ours, and --reset would then remove it.
	dev=/dev/zram$(cat /sys/class/zram-control/hot_add) &&
		zramctl --size 1G --algorithm lz4 "$dev" || return 1
	if [ "$1" = swap ]; then
		mkswap -q "$dev" && swapon -p 100 -d "$dev" || return 1
	else
		mkfs.ext4 -q -E nodiscard "$dev" && mount -o nosuid,nodev,discard "$dev" "$MNT" &&
			chmod 1777 "$MNT" || return 1
	fi
	t1=$(now_ns)
	if [ "$1" = swap ]; then swapoff "$dev"; else umount "$MNT"; fi
	zramctl --reset "$dev" || return 1
	t2=$(now_ns)
	echo $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000))
}

# ephvol_role ROLE: the same job as by_hand, done by ephvol.
ephvol_role() {
	if [ "$1" = swap ]; then ephvol_cycle --swap --zram 1G; else ephvol_cycle --mount "$MNT" --zram 1G; fi
}

testSwap() { compare_runs "1 GiB zram swap" "$RUNS" ephvol_role by_hand swap; }
testTmp() { compare_runs "1 GiB zram tmp" "$RUNS" ephvol_role by_hand tmp; }

# shellcheck source=/dev/null
. shunit2
