#!/bin/bash
# boot_blame_test.sh - in a guest booted with systemd (tests/bench/boot_bench.sh):
# the encrypted swap and /tmp are up, then prints what systemd-analyze says the
# boot spent on them, as "BLAME MS UNIT" and "BOOT MS" lines for the bench.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm && require_root || return 1
	[ "$(cat /proc/1/comm)" = systemd ]
}

testEncryptedSwapAndTmpAreUp() {
	assertEquals 'failed units' '' "$(systemctl --failed --no-legend --plain)"
	# The floor boot of the bench: nothing set up, and nothing there.
	if [ -e /etc/ephvol-bench-no-volumes ]; then
		assertEquals 'swaps' 0 "$(awk 'NR > 1' /proc/swaps | wc -l)"
		assertNotEquals '/tmp is not encrypted' crypt \
			"$(lsblk -no TYPE "$(findmnt -no SOURCE /tmp)" 2>/dev/null)"
		return
	fi
	assert_contains <(lsblk -no TYPE "$(findmnt -no SOURCE /tmp)") '^crypt$'
	assertEquals 'encrypted swaps' 1 \
		"$(awk 'NR > 1 && $1 ~ /^\/dev\/dm-/' /proc/swaps | wc -l)"
}

# systemd-analyze prints times as "1min 2.345s", "1.234s" or "567ms".
to_ms() {
	awk '{ t = 0; for (i = 1; i <= NF; i++) { v = $i
		if (v ~ /min$/) t += v * 60000; else if (v ~ /ms$/) t += v; else if (v ~ /s$/) t += v * 1000 }
		printf "%d\n", t }' <<<"$1"
}

testReportBlame() {
	local line unit time
	assert_exit 0 systemd-analyze blame --no-pager || return
	while IFS= read -r line; do
		unit=${line##* }
		time=${line% "$unit"}
		case $unit in
		ephvol-setup@* | systemd-cryptsetup@* | *.swap | tmp.mount)
			echo "BLAME $(to_ms "$time") $unit" ;;
		esac
	done <"$STDOUT"
	assert_exit 0 systemd-analyze time --no-pager
	# "Startup finished in 3.1s (kernel) + 14.2s (userspace) = 17.3s"
	echo "BOOT $(to_ms "$(sed -n 's/.*(kernel) + \(.*\) (userspace).*/\1/p' "$STDOUT" | head -n 1)")"
	systemd-analyze critical-chain --no-pager tmp.mount local-fs.target swap.target 2>&1 | sed 's/^/CHAIN /'
	# When each target was reached, after systemd started: "swap.target @14.672s".
	for unit in swap.target local-fs.target; do
		assert_exit 0 systemd-analyze critical-chain --no-pager "$unit" || return
		time=$(sed -n "s/^$unit @\([^ ]*\).*/\1/p" "$STDOUT" | head -n 1)
		assertNotNull "$unit has a time" "$time" || return
		echo "TARGET $(to_ms "$time") $unit"
	done
	# When each scratch disk's device unit appeared, on the same clock: no setup on it
	# can start before. In the boot without volumes too, where nothing waits for it.
	local start dev at
	start=$(systemctl show -P UserspaceTimestampMonotonic)
	for dev in vda vdb; do
		unit=$(systemd-escape -p --suffix=device "/dev/disk/by-id/virtio-scratch-$dev")
		at=$(systemctl show -P ActiveEnterTimestampMonotonic "$unit")
		assertTrue "$unit appeared" "[ ${at:-0} -gt $start ]" || return
		echo "TARGET $(((at - start) / 1000)) disk-$dev"
	done
}

# shellcheck source=/dev/null
. shunit2
