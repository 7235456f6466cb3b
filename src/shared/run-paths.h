/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Everything ephvol keeps at run time lives on tmpfs below /run: gone at
 * reboot, like the volumes it describes. None of it holds key material. */
#define EPHVOL_RUN_DIR "/run/ephvol"
/* zram device <-> volume name records (zram-record.h). */
#define ZRAM_RECORD_DIR EPHVOL_RUN_DIR "/zram"
/* Where ephvol up to 0.5 kept each mapping's detached LUKS2 header (no keyslots); never
 * made now, but destroy removes what a volume made before an upgrade left there. */
#define LEGACY_HEADER_DIR EPHVOL_RUN_DIR "/header"
/* For udev, per mapping "ephvol-NAME": EPHVOL_NAME=NAME, the name of its
 * /dev/ephvol link. The rule imports it (IMPORT{file}) instead of running a
 * program to strip the prefix: every activation waits for that rule. */
#define UDEV_NAME_DIR EPHVOL_RUN_DIR "/udev"
/* What create was building when it stopped (intent.h). */
#define INTENT_DIR EPHVOL_RUN_DIR "/intent"
/* Per-name lock files (sys-lock.c). */
#define LOCK_DIR EPHVOL_RUN_DIR "/lock"
/* Who owns each `ephvol run` volume (run-record.h). */
#define RUN_RECORD_DIR EPHVOL_RUN_DIR "/run"
