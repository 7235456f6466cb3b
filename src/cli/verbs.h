/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "ephvol-cleanup.h"

/* Each verb returns the process exit status, having logged any failure once. */
int verb_create(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_destroy(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_status(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_claim(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_probe(struct ephvol_ctx *ctx, int argc, char **argv);
int verb_writeback(struct ephvol_ctx *ctx, int argc, char **argv);

/* status-output.c: shared by status and create --json. */
int volumes_print_json(struct ephvol_volume *const *volumes);

extern bool arg_quiet;
