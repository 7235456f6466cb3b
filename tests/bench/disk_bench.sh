#!/bin/bash
# disk_bench.sh - (make bench, in the guest) ephvol's disk volumes against the
# same job done by hand with cryptsetup, on a 1 GiB virtio disk, same boot.
# Under TCG absolute times mean little; compare the columns.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${EPHVOL_BENCH_RUNS:-5}
MNT=/mnt/bench

suite_oneTimeSetUp() {
	require_vm || return 1
	require_root || return 1
	mkdir -p "$MNT"
	modprobe dm_crypt
	dd if=/dev/urandom of=/run/bench.key bs=64 count=1 status=none
	echo "BENCH $(printf '%-44s %11s %11s' '' ephvol cryptsetup)"
}

# by_hand ROLE: cryptsetup plain + format + activate; prints create and destroy ms.
by_hand() {
	local t0 t1 t2
	t0=$(now_ns)
	cryptsetup open --type plain --cipher aes-xts-plain64 --key-size 512 --sector-size 4096 \
		--key-file /run/bench.key /dev/vda hand || return 1
	if [ "$1" = swap ]; then
		mkswap -q /dev/mapper/hand && swapon /dev/mapper/hand || return 1
	else
		mkfs.ext4 -q /dev/mapper/hand && mount -o nosuid,nodev /dev/mapper/hand "$MNT" &&
			chmod 1777 "$MNT" || return 1
	fi
	t1=$(now_ns)
	if [ "$1" = swap ]; then swapoff /dev/mapper/hand; else umount "$MNT"; fi
	cryptsetup close hand || return 1
	t2=$(now_ns)
	echo $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000))
}

# ephvol_role ROLE: the same job as by_hand, done by ephvol.
ephvol_role() {
	if [ "$1" = swap ]; then ephvol_cycle --swap --device /dev/vda; else ephvol_cycle --mount "$MNT" --device /dev/vda; fi
}

testSwapCreateDestroy() { compare_runs "1 GiB swap" "$RUNS" ephvol_role by_hand swap; }
testTmpCreateDestroy() { compare_runs "1 GiB tmp" "$RUNS" ephvol_role by_hand tmp; }

# Sequential 4 MiB direct I/O through the mapping, dm-crypt queues bypassed
# (ephvol's default) against kept (--workqueues).
testWorkqueues() {
	local mode flags w r out
	for mode in bypass keep; do
		flags=()
		[ "$mode" = keep ] && flags=(--workqueues)
		assert_exit 0 ephvol create wq --raw --device /dev/vda "${flags[@]}" || return
		w=$(now_ns)
		dd if=/dev/zero of=/dev/mapper/ephvol-wq bs=4M count=64 oflag=direct status=none
		r=$(now_ns)
		dd if=/dev/mapper/ephvol-wq of=/dev/null bs=4M count=64 iflag=direct status=none
		out=$(now_ns)
		eval "${mode}_w=$(((r - w) / 1000000)) ${mode}_r=$(((out - r) / 1000000))"
		assert_exit 0 ephvol destroy wq
	done
	echo "BENCH $(printf '%-44s %11s %11s' '' bypass keep)"
	# shellcheck disable=SC2154
	bench_line "write 256 MiB O_DIRECT, workqueues" "$bypass_w" "$keep_w"
	# shellcheck disable=SC2154
	bench_line "read 256 MiB O_DIRECT, workqueues" "$bypass_r" "$keep_r"
}

# shellcheck source=/dev/null
. shunit2
