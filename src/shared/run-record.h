/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The run record, /run/ephvol/run/NAME: `ephvol run` writes it before it creates
 * anything and removes it last, so a volume whose record names an owner that is gone
 * is an orphan that `ephvol gc` reclaims. The owner is named by what a reused PID
 * cannot repeat: its PID together with its start time (field 22 of /proc/PID/stat,
 * clock ticks since boot). /run is a tmpfs, so no record outlives the boot whose
 * clock it counts in.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "run-paths.h"

#define RUN_COMMAND_MAX 256

struct run_record {
	pid_t pid;
	uint64_t start_time;
	char command[RUN_COMMAND_MAX]; /* printable, one line, possibly cut */
};

int run_record_format(const struct run_record *rec, char **ret);
/* One exact format, as run_record_format() writes it; -EBADMSG for anything else. */
int run_record_parse(const char *text, struct run_record *ret);

/* The command line for the record and status: words joined by spaces, each byte that
 * is not printable ASCII shown as '?', cut to fit with "..." at the end. */
void run_command_join(char *const *argv, char *buf, size_t size);

/* The start time of /proc/PID/stat's TEXT: the 20th field after the command name,
 * which is in parentheses and may itself hold spaces and ')'. */
int proc_stat_start_time(const char *text, uint64_t *ret);

/* The start time of process PID (its /proc below ROOT). */
int process_start_time(const char *root, pid_t pid, uint64_t *ret);
/* 1 if process PID (its /proc below ROOT) is alive and started at START_TIME, 0 if
 * it is gone or another process has its PID now, negative errno if /proc cannot tell. */
int run_owner_alive(const char *root, pid_t pid, uint64_t start_time);
