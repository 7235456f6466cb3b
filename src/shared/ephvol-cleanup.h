/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "ephvol.h"
#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(struct ephvol_ctx *, ephvol_ctx_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct ephvol_volume *, ephvol_volume_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct ephvol_volume **, ephvol_volume_list_free);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct ephvol_audit_entry *, ephvol_audit_entry_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct ephvol_audit_entry **, ephvol_audit_list_free);
