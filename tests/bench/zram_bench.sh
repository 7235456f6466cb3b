#!/bin/bash
# zram_bench.sh - (make bench, on the host) a 1 GiB zram swap and tmp made by
# ephvol against the same job by hand (zramctl, mkswap or mkfs.ext4 with its
# defaults, swapon or mount), alternately, same run; the per-step breakdown of
# ephvol's timeline; peak RSS of ephvol create against zramctl's.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-10}
MNT=/run/ephvol-bench

suite_oneTimeSetUp() {
	require_root || return 1
	mkdir -p "$MNT"
	echo "BENCH $(printf '%-52s %12s %12s' '' ephvol 'by hand')"
}

suite_oneTimeTearDown() {
	rmdir "$MNT"
	return 0
}

# by_hand ROLE: prints create and destroy times (us).
by_hand() {
	local t0 t1 t1b t2 dev
	t0=${EPOCHREALTIME/./}
	# A device of its own (hot_add), like ephvol: --find would take a spare one
	# that is not ours, and --reset would then remove it.
	dev=/dev/zram$(cat /sys/class/zram-control/hot_add) &&
		zramctl --size 1G --algorithm lz4 "$dev" || return 1
	if [ "$1" = swap ]; then
		# Freed pages discarded, so zram gives their RAM back: what ephvol does.
		mkswap -q "$dev" && swapon -p 100 --discard=pages "$dev" || return 1
	else
		mkfs.ext4 -q "$dev" && mount -o nosuid,nodev,discard "$dev" "$MNT" &&
			chmod 1777 "$MNT" || return 1
	fi
	t1=${EPOCHREALTIME/./}
	bench_quiesce
	t1b=${EPOCHREALTIME/./}
	if [ "$1" = swap ]; then swapoff "$dev"; else umount "$MNT"; fi
	zramctl --reset "$dev" || return 1
	t2=${EPOCHREALTIME/./}
	echo $((t1 - t0)) $((t2 - t1b))
}

# ephvol_role ROLE: the same job as by_hand, done by ephvol.
ephvol_role() {
	if [ "$1" = swap ]; then ephvol_cycle --swap --zram 1G; else ephvol_cycle --mount "$MNT" --zram 1G; fi
}

testSwap() {
	GOAL_CREATE="P2 0.5" GOAL_DESTROY="PD-zram-swap 1.0" \
		compare_runs "1 GiB zram swap" "$RUNS" ephvol_role by_hand swap
}

testTmp() {
	GOAL_CREATE="P3-zram 0.5" GOAL_DESTROY="PD-zram-tmp 1.0" \
		compare_runs "1 GiB zram tmp" "$RUNS" ephvol_role by_hand tmp
}

# Peak RSS of the process that makes the device: ephvol create (which also
# formats and activates) against zramctl alone.
ephvol_rss() {
	peak_rss_kib ephvol create bench --swap --zram 1G && ephvol -q destroy bench
}

zramctl_rss() {
	local dev
	dev=/dev/zram$(cat /sys/class/zram-control/hot_add) || return 1
	peak_rss_kib zramctl --size 1G --algorithm lz4 "$dev" && zramctl --reset "$dev"
}

testPeakRss() { compare_rss P6-zram "zram swap create vs zramctl" ephvol_rss zramctl_rss; }

# shellcheck source=/dev/null
. shunit2
