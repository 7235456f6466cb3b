#!/bin/bash
# smoke_test.sh - proves the systemd mode of the VM harness: a real boot of the
# host root with systemd as PID 1 that finishes cleanly.  Run it with
#   tests/vm/run -S -i tests/boot-units/smoke-inject tests/boot-units/smoke_test.sh
# and check build/vm/console.log for EPHVOL-VM-SMOKE-STOP (ExecStop= output at
# shutdown).
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

suite_oneTimeSetUp() {
	require_vm && require_root || return 1
	if [ "$(cat /proc/1/comm)" != systemd ]; then
		echo "not a systemd guest: run it with tests/vm/run -S" >&2
		return 1
	fi
}

testPid1IsSystemd() {
	assertEquals 'PID 1' systemd "$(cat /proc/1/comm)"
	assertEquals 'PID 1 executable' "$(readlink -f /lib/systemd/systemd)" "$(readlink -f /proc/1/exe)"
}

testSystemIsRunning() {
	assert_exit 0 systemctl is-system-running
	assertEquals 'systemctl is-system-running' running "$(cat "$STDOUT")"
}

testNoFailedUnits() {
	assert_exit 0 systemctl --failed --no-legend --plain
	assertEquals 'failed units' '' "$(cat "$STDOUT")"
}

testNoJobsLeft() {
	assert_exit 0 systemctl list-jobs --no-legend
	assertEquals 'pending jobs' '' "$(cat "$STDOUT")"
}

testHarnessUnits() {
	assert_exit 0 systemctl is-active ephvol-vm-suites.service
	assertEquals 'machine-id' ebb0f0c0ffee4e7a9d15e0b00c5e1d01 "$(cat /etc/machine-id)"
	assertEquals 'hostname' ephvol-vm "$(hostname)"
}

testInjectedFiles() {
	local f=/etc/ephvol-vm-smoke.conf
	assertTrue "$f missing: run with -i tests/boot-units/smoke-inject" "[ -f $f ]"
	assert_contains "$f" '^EPHVOL-VM-SMOKE-INJECTED$'
	assert_exit 0 systemctl is-active ephvol-vm-smoke.service
	assert_exit 0 journalctl -b -u ephvol-vm-smoke.service -o cat
	assert_contains "$STDOUT" '^EPHVOL-VM-SMOKE-START$'
}

testUdevAndScratchDisks() {
	assert_exit 0 systemctl is-active systemd-udevd.service
	assertTrue '/dev/vda is a block device' '[ -b /dev/vda ]'
	assertTrue 'virtio_blk is loaded' '[ -d /sys/module/virtio_blk ]'
	assertTrue '/dev/disk/by-id/virtio-scratch-vda' '[ -L /dev/disk/by-id/virtio-scratch-vda ]'
}

testRootIsGuestOnlyOverlay() {
	assertEquals 'root file system type' overlay "$(findmnt -n -o FSTYPE /)"
	assertTrue 'host root is visible' "[ -d '${EPHVOL_VM_HOSTROOT:-/nonexistent}/etc' ]"
	assertTrue 'repo visible at the same path' "[ -f '$TOP/tests/lib/testlib.sh' ]"
	assert_exit 0 touch "$TOP/build/vm/.guest-probe.$$"
	assertFalse 'repo write did not reach the host' \
		"[ -e '${EPHVOL_VM_HOSTROOT:-}$TOP/build/vm/.guest-probe.$$' ]"
	rm -f "$TOP/build/vm/.guest-probe.$$"
}

# shellcheck source=/dev/null
. shunit2
