#!/bin/bash
# disk_bench.sh - (make bench, in the guest) ephvol's disk volumes against the
# same job done by hand with cryptsetup, on a 1 GiB virtio disk, same boot.
# Under TCG absolute times mean little; compare the columns.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-10}
MNT=/mnt/bench

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	mkdir -p "$MNT"
	modprobe dm_crypt
	# As installed: its rule takes the inotify watch off ephvol's mappings, so that no
	# probe after swapoff has to be waited for before the key is wiped.
	install_udev_rules || return 1
	dd if=/dev/urandom of=/run/bench.key bs=64 count=1 status=none
	echo "BENCH $(printf '%-52s %12s %12s' '' ephvol 'by hand')"
}

# by_hand ROLE: cryptsetup plain + format (mkswap, mkfs.ext4 with its defaults)
# + activate; prints create and destroy times (us).
by_hand() {
	local t0 t1 t1b t2
	t0=${EPOCHREALTIME/./}
	cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --sector-size 4096 \
		--key-file /run/bench.key /dev/vda hand || return 1
	if [ "$1" = swap ]; then
		mkswap -q /dev/mapper/hand && swapon /dev/mapper/hand || return 1
	else
		mkfs.ext4 -q /dev/mapper/hand && mount -o nosuid,nodev /dev/mapper/hand "$MNT" &&
			chmod 1777 "$MNT" || return 1
	fi
	t1=${EPOCHREALTIME/./}
	bench_quiesce
	t1b=${EPOCHREALTIME/./}
	if [ "$1" = swap ]; then swapoff /dev/mapper/hand; else umount "$MNT"; fi
	cryptsetup close hand || return 1
	t2=${EPOCHREALTIME/./}
	echo $((t1 - t0)) $((t2 - t1b))
}

# ephvol_role ROLE: the same job as by_hand, done by ephvol.
ephvol_role() {
	if [ "$1" = swap ]; then ephvol_cycle --swap --device /dev/vda; else ephvol_cycle --mount "$MNT" --device /dev/vda; fi
}

testSwapCreateDestroy() {
	GOAL_CREATE="P1 0.5" GOAL_DESTROY="PD-disk-swap 1.0" \
		compare_runs "1 GiB disk swap" "$RUNS" ephvol_role by_hand swap
}

testTmpCreateDestroy() {
	GOAL_CREATE="P3-disk 0.5" GOAL_DESTROY="PD-disk-tmp 1.0" \
		compare_runs "1 GiB disk tmp" "$RUNS" ephvol_role by_hand tmp
}

# The floor of a disk create that waits for udev as cryptsetup does (libdevmapper's
# cookie: udev's rules for the new mapping run before the activation returns), in the
# same run: `cryptsetup open` alone, then `cryptsetup close` alone, against the by-hand
# swap. The create ratio is the best P1 such a create can reach; ephvol's own
# activation is its STEPS "dm-activate".
floor_open() {
	local t0 t1 t1b t2
	t0=${EPOCHREALTIME/./}
	cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --sector-size 4096 \
		--key-file /run/bench.key /dev/vda hand || return 1
	t1=${EPOCHREALTIME/./}
	bench_quiesce
	t1b=${EPOCHREALTIME/./}
	cryptsetup close hand || return 1
	t2=${EPOCHREALTIME/./}
	echo $((t1 - t0)) $((t2 - t1b))
}

# The floor of any create that waits for udev: dmsetup, which links libdevmapper alone
# (no crypto library to load or start), loading the same table with the key in it, then
# removing the mapping. ephvol's STEPS "dm-activate" plus "udev-wait" are its own.
floor_dmsetup() {
	local t0 t1 t1b t2 table
	table="0 $(blockdev --getsz /dev/vda) crypt aes-xts-plain64 $(od -An -tx1 /run/bench.key | tr -d ' \n') 0 /dev/vda 0 1 sector_size:4096"
	t0=${EPOCHREALTIME/./}
	dmsetup create hand --table "$table" || return 1
	t1=${EPOCHREALTIME/./}
	bench_quiesce
	t1b=${EPOCHREALTIME/./}
	dmsetup remove hand || return 1
	t2=${EPOCHREALTIME/./}
	echo $((t1 - t0)) $((t2 - t1b))
}

testFloor() {
	compare_runs "floor: cryptsetup open, close alone" "$RUNS" floor_open by_hand swap
	compare_runs "floor: dmsetup create, remove alone" "$RUNS" floor_dmsetup by_hand swap
}

# Peak RSS of the process that sets up the mapping: ephvol create (which also
# formats and activates) against cryptsetup open alone.
ephvol_rss() {
	peak_rss_kib ephvol create bench --swap --device /dev/vda && ephvol -q destroy bench
}

cryptsetup_rss() {
	peak_rss_kib cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 \
		--sector-size 4096 --key-file /run/bench.key /dev/vda hand && cryptsetup close hand
}

testPeakRss() { compare_rss P6-disk "disk swap create vs cryptsetup open" ephvol_rss cryptsetup_rss; }

# Sequential 4 MiB direct I/O through the mapping, dm-crypt queues bypassed
# (ephvol's default) against kept (--workqueues).
testWorkqueues() {
	local mode flags w r out
	for mode in bypass keep; do
		flags=()
		[ "$mode" = keep ] && flags=(--workqueues)
		assert_exit 0 ephvol create wq --raw --device /dev/vda "${flags[@]}" || return
		w=${EPOCHREALTIME/./}
		dd if=/dev/zero of=/dev/mapper/ephvol-wq bs=4M count=64 oflag=direct status=none
		r=${EPOCHREALTIME/./}
		dd if=/dev/mapper/ephvol-wq of=/dev/null bs=4M count=64 iflag=direct status=none
		out=${EPOCHREALTIME/./}
		eval "${mode}_w=$((r - w)) ${mode}_r=$((out - r))"
		assert_exit 0 ephvol destroy wq
	done
	echo "BENCH $(printf '%-52s %12s %12s' '' bypass keep)"
	# shellcheck disable=SC2154
	bench_line "write 256 MiB O_DIRECT, workqueues" "$bypass_w" "$keep_w"
	# shellcheck disable=SC2154
	bench_line "read 256 MiB O_DIRECT, workqueues" "$bypass_r" "$keep_r"
}

# shellcheck source=/dev/null
. shunit2
