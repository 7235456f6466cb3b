/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The kernel modules a configured volume's setup will need, by the names the kernel asks
 * modprobe for them: "dm_crypt", "crypto-NAME" for each algorithm of the cipher as the
 * crypto API spells it ("xts(aes)" -> crypto-xts, crypto-aes), "fs-TYPE" for the file
 * system. The generator has systemd load them (modprobe@.service) as the boot starts, not
 * when the setup asks for them after its disk appeared. Pure.
 */

#include "conf.h"

/* The modules of volume v, in the order they are needed, each once, in a NULL-terminated
 * list (NULL-terminated and empty when it needs none). cpu_features (a CPU_FEATURE_* mask)
 * decides `cipher = auto` as create does; NULL for unknown: then no cipher module is
 * named, as none would be for a cipher spec create refuses. 0 or -ENOMEM. */
int unit_volume_modules(const struct conf_volume *v, const unsigned *cpu_features, char ***ret);
