#!/bin/bash
# reboot_test.sh - boot 2 of tests/boot-units/run, over the disks boot 1 kept: the
# tests of ephvol_boot_test.sh whose answer a second boot can change (the boot
# itself, the volumes over the previous boot's ciphertext, /tmp, udev's links, the
# key probe that tests/boot-units/run compares across boots). Not those that only
# the packages and the configuration decide, which boot 1 already answered: the
# installed files, the generator's units and their verification, the modules, the
# gc service.
EPHVOL_BOOT_TESTS_ONLY=1
# shellcheck source=tests/boot-units/ephvol_boot_test.sh
. "$(dirname "${BASH_SOURCE[0]}")/ephvol_boot_test.sh"

suite() {
	suite_addTest testSystemIsRunningWithNoFailedUnits
	suite_addTest testAllThreeActive
	suite_addTest testNothingHiddenUnderTmp
	suite_addTest testUdevLinksAndHiding
	suite_addTest testKeyProbe
}

# shellcheck source=/dev/null
. shunit2
