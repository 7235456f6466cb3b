/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * `ephvol run`'s job (sys-job.c): COMMAND in a mount namespace and a PID namespace
 * of its own, with the volume mounted on its scratch directories there only. A small
 * init of ours is PID 1 of that namespace: it passes signals on to the job, reaps
 * what the job leaves, and when the job's main process ends it ends too, which ends
 * every process left in the namespace and with the last of them the namespace's
 * mounts. If ephvol dies, that init is killed with it (its parent-death signal).
 */

#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

struct job_user {
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	int n_groups;
	char *name, *home, *shell;
};

/* USER as a name or a numeric UID; -ESRCH when there is no such user. */
int job_user_resolve(const char *user, struct job_user *ret);
void job_user_done(struct job_user *u);

struct job_spec {
	const char *device;
	const char *fstype;
	const char *mount_options;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	char **mount_points;         /* the first is mounted, the others bind it */
	const struct job_user *user; /* NULL: the job runs as root */
	char **argv;
};

/* Why the job did not start, for the one line the caller prints; status is the exit
 * status that means (126/127 for a COMMAND that cannot be executed or found). */
struct job_error {
	int error;
	int status;
	char what[512];
};

struct job {
	pid_t pid; /* the namespace's init */
	int alive_fd;
};

/* The signals ephvol passes on to the job. */
void job_signals(sigset_t *ret);
/* First thing: blocks those signals, so one that comes while the volume is being built
 * waits for the job, or stops it; and keeps what the job must get back of what
 * creating a volume changes in this process (its core dump limit). */
void job_prepare(void);
/* Starts the job; fills *err (and returns its error) if it could not start. */
int job_start(const struct job_spec *spec, struct job *ret, struct job_error *err);
/* Passes signals on until the job's main process ends; its exit status, or 128+N for
 * a signal N. By then no process of the job is left. */
int job_wait(struct job *j, int *ret_status);
/* A name for a run volume: "run-" and 8 random hexadecimal digits. */
int job_name_generate(char *buf, size_t size);
