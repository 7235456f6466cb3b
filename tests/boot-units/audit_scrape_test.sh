#!/bin/bash
# audit_scrape_test.sh - the fleet audit as a fleet gets it, in the boot of
# tests/boot-units/run (systemd as PID 1, ephvol's packages installed, its three
# volumes from /etc/ephvol.conf): ephvol-audit.timer, which the package enabled,
# has run ephvol-audit.service, which wrote node_exporter's textfile; then, with a
# plaintext swap file and a dm-crypt swap made by hand beside ephvol's volumes, the
# service writes it again, Debian's prometheus-node-exporter (on 127.0.0.1, from
# the injected /etc/default/prometheus-node-exporter) serves it, and the scrape says
# what each swap area, /tmp and volume is. Needs a third disk (/dev/vdc) of its own.
# shellcheck source=tests/lib/testlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/testlib.sh"

TEXTDIR=/var/lib/prometheus/node-exporter
DISK=/dev/disk/by-id/virtio-scratch-vdc # 1: ext4 with a swap file, 2: cryptsetup plain swap
STORE=/mnt/scrape-store
SWAPFILE=$STORE/plain.swap

suite_oneTimeSetUp() {
	require_vm && require_root || return 1
	[ "$(cat /proc/1/comm)" = systemd ] || fail 'not a systemd guest (tests/vm/run -S)' || return 1
	[ -b "$DISK" ] || fail "no $DISK (tests/vm/run -d 3)" || return 1
	command -v prometheus-node-exporter >/dev/null || fail 'needs prometheus-node-exporter' || return 1
}

suite_oneTimeTearDown() {
	swapoff "$SWAPFILE" 2>/dev/null
	umount "$STORE" 2>/dev/null
	swapoff /dev/mapper/scrapecrypt 2>/dev/null
	cryptsetup close scrapecrypt 2>/dev/null
	systemctl stop prometheus-node-exporter.service 2>/dev/null
	return 0
}

# The timer's first run comes a minute into the boot, with up to 30 s of spread; this
# suite runs last, after the others took their time.
testTimerRanTheService() {
	local i
	assertEquals 'the timer' 'enabled active' \
		"$(systemctl is-enabled ephvol-audit.timer) $(systemctl is-active ephvol-audit.timer)"
	for ((i = 0; i < 120; i++)); do
		[ "$(systemctl show -P LastTriggerUSecMonotonic ephvol-audit.timer)" != 0 ] &&
			[ "$(systemctl show -P ActiveState ephvol-audit.service)" = inactive ] && break
		sleep 1
	done
	assertNotEquals 'the timer fired' 0 "$(systemctl show -P LastTriggerUSecMonotonic ephvol-audit.timer)"
	assertEquals 'the service succeeded' success "$(systemctl show -P Result ephvol-audit.service)"
	assertTrue 'it wrote the file' "[ -s $TEXTDIR/ephvol.prom ]"
	assertEquals 'readable by node_exporter' '644 root' "$(stat -c '%a %U' "$TEXTDIR/ephvol.prom")"
}

testScrapeOfAMixedSystem() {
	local f=$SHUNIT_TMPDIR/scraped i zdev ddev tdev fdev cdev
	printf 'label: dos\n,96M\n,64M\n' | sfdisk -q "$DISK" && udevadm settle &&
		mkfs.ext4 -q -F "$DISK-part1" && mkdir -p "$STORE" && mount "$DISK-part1" "$STORE" ||
		fail "cannot partition $DISK" || return
	dd if=/dev/zero of="$SWAPFILE" bs=1M count=16 status=none && chmod 600 "$SWAPFILE" &&
		mkswap -q "$SWAPFILE" >/dev/null && swapon "$SWAPFILE" || fail 'swap file' || return
	cryptsetup open --type plain --key-file /dev/urandom --key-size 256 "$DISK-part2" scrapecrypt &&
		mkswap -q /dev/mapper/scrapecrypt >/dev/null && swapon /dev/mapper/scrapecrypt ||
		fail 'cryptsetup swap' || return

	systemctl start ephvol-audit.service
	assertEquals 'the service succeeded' success "$(systemctl show -P Result ephvol-audit.service)"
	systemctl start prometheus-node-exporter.service || fail 'node_exporter' || return
	for ((i = 0; i < 100; i++)); do
		curl -sf -o "$f" http://127.0.0.1:9100/metrics && break
		sleep 0.2
	done
	assertTrue 'node_exporter answered' "[ -s $f ]"
	assert_prom_number "$f" node_textfile_scrape_error 0

	zdev=$(readlink -f /dev/ephvol/zswap)
	ddev=$(readlink -f /dev/ephvol/dswap)
	tdev=$(readlink -f /dev/mapper/ephvol-tmp)
	fdev=/dev/$(basename "$(readlink -f "$DISK-part1")")
	cdev=$(readlink -f /dev/mapper/scrapecrypt)
	assert_prom_number "$f" ephvol_audit_swap_areas 4
	assert_prom_number "$f" "ephvol_audit_protected{device=\"$zdev\",kind=\"swap\",path=\"$zdev\",protection=\"ram-only\",volume=\"zswap\"}" 1
	assert_prom_number "$f" "ephvol_audit_protected{device=\"$ddev\",kind=\"swap\",path=\"$ddev\",protection=\"encrypted\",volume=\"dswap\"}" 1
	assert_prom_number "$f" "ephvol_audit_protected{device=\"$fdev\",kind=\"swap\",path=\"$SWAPFILE\",protection=\"plaintext-on-disk\",volume=\"\"}" 0
	assert_prom_number "$f" "ephvol_audit_protected{device=\"$cdev\",kind=\"swap\",path=\"$cdev\",protection=\"encrypted\",volume=\"\"}" 1
	assert_prom_number "$f" "ephvol_audit_protected{device=\"$tdev\",kind=\"tmp\",path=\"/tmp\",protection=\"encrypted\",volume=\"tmp\"}" 1
	# Two keys in the kernel for ephvol: dswap's and tmp's; zram in RAM has none.
	assert_prom_number "$f" ephvol_keys_live 2
	assert_prom_number "$f" 'ephvol_volume_keys_live{name="zswap"}' 0
	assert_prom_number "$f" 'ephvol_volume_keys_live{name="dswap"}' 1
	assert_prom_number "$f" "ephvol_volume_info{backend=\"disk\",cipher=\"$(/usr/sbin/ephvol status --noheadings --raw -o cipher tmp)\",key_location=\"keyring\",name=\"tmp\",role=\"tmp\"}" 1
	assert_prom_number "$f" 'ephvol_volume_size_bytes{name="zswap"}' \
		"$(/usr/sbin/ephvol status --noheadings --raw --bytes -o size zswap)"
	assert_prom_number "$f" 'ephvol_volume_state{name="zswap",state="active"}' 1
}

# shellcheck source=/dev/null
. shunit2
