/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Cleanup functions for the objects of libblkid, defined once (libcryptsetup's and
 * libkmod's are in dlopen-cryptsetup.h and dlopen-kmod.h). */

#include <blkid.h>

#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_probe, blkid_free_probe);
DEFINE_TRIVIAL_CLEANUP_FUNC(blkid_cache, blkid_put_cache);
