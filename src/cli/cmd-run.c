/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * run: one job on a scratch volume of its own. In order: reclaim what dead runs left
 * (gc), write the run record (who owns the volume), create the volume formatted but
 * mounted nowhere, run the job in its own namespaces with the volume mounted there
 * (sys-job.c), destroy the volume, remove the record. A SIGKILL anywhere leaves a
 * record whose owner is gone: the next run or `ephvol gc` finishes the teardown.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "create-options.h"
#include "fileio.h"
#include "log.h"
#include "run-record.h"
#include "strv.h"
#include "sys-job.h"
#include "sys.h"
#include "verbs.h"
#include "volume-options.h"

enum {
	ARG_AT = VOLUME_VERB_OPTION_BASE,
	ARG_USER,
	ARG_NAME,
	ARG_REQUIRE_SAFE_SWAP,
};

struct run_args {
	char **at;
	const char *user;
	bool require_safe_swap;
};

static void run_args_done(struct run_args *a) {
	strv_free(a->at);
	a->at = NULL;
}

static void run_help(void) {
	printf("Usage: ephvol run [OPTIONS] [--] COMMAND [ARG...]\n"
	       "\n"
	       "Run COMMAND on a scratch volume of its own: a fresh ephemeral encrypted (or\n"
	       "RAM-only zram) file system on /tmp, /var/tmp and each --at DIR, seen by the job\n"
	       "alone (its own mount and PID namespaces), destroyed with its key when the job\n"
	       "ends. The exit status is COMMAND's (128+N if killed by signal N).\n"
	       "\n"
	       "Options:\n"
	       "  --at DIR               mount the volume on DIR too (e.g. the work directory)\n"
	       "  --user USER            run COMMAND as USER, who owns the volume's root\n"
	       "  --name NAME            the volume's name (default run-XXXXXXXX)\n"
	       "  --require-safe-swap    refuse to run while a swap is plaintext on disk\n"
	       "Volume (as for create; default --zram with min(RAM/2, 4G)):\n"
	       "  --zram [SIZE]          compressed RAM\n"
	       "  --device PATH          dm-crypt on a block device\n"
	       "  --file PATH            dm-crypt on a file\n"
	       "  --size SIZE            size of the --file\n"
	       "  --cipher SPEC          dm-crypt cipher\n"
	       "  --key-size BITS        key size\n"
	       "  --sector-size BYTES    encryption sector size\n"
	       "  --workqueues           keep dm-crypt's read/write workqueues\n"
	       "  --integrity MODE       aead: authenticated encryption (see create)\n"
	       "  --fs TYPE              ext4 (default), ext2, xfs, btrfs\n"
	       "  --mode OCTAL           mode of the volume's root (default 1777)\n"
	       "  --mount-options OPTS   extra mount options\n"
	       "  --comp-algorithm ALG   zram compressor\n"
	       "  --recomp-algorithm ALG zram secondary compressor\n"
	       "  --comp-level N         compression level of the zram compressor\n"
	       "  --comp-dict FILE       its dictionary\n"
	       "  --mem-limit SIZE       RAM the zram device may use at most\n"
	       "  --writeback PATH       zram writeback through an ephemeral dm-crypt mapping\n"
	       "  --writeback-limit SIZE bytes zram may write back in all\n"
	       "  --writeback-idle-age DURATION  write back pages unused for this long\n"
	       "  --force                overwrite a device that holds signatures\n"
	       "  -h, --help             show this help\n");
}

static int run_take(void *userdata, struct create_options *o, int c, const char *arg) {
	struct run_args *a = userdata;

	switch (c) {
	case ARG_AT: {
		_cleanup_free_ char *abs = NULL;
		char cwd[PATH_MAX];

		if (!*arg)
			return log_usage("Invalid --at: an empty path.");
		/* Relative to where run was started, which is where the job starts too. */
		if (arg[0] != '/') {
			if (!getcwd(cwd, sizeof(cwd)))
				return log_fail(EXIT_RUNTIME, -errno,
				                "Cannot tell the working directory: %m");
			abs = path_join(cwd, arg);
		} else
			abs = strdup(arg);
		if (!abs)
			return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
		/* The volume on /tmp would hide a mount below it from the job. */
		if (path_startswith_dir(abs, "/tmp") || path_startswith_dir(abs, "/var/tmp"))
			return log_usage(
			        "Invalid --at %s: /tmp and /var/tmp are the volume already.", arg);
		if (strv_extend(&a->at, abs) < 0)
			return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
		return 0;
	}
	case ARG_USER:
		a->user = arg;
		return 0;
	case ARG_NAME:
		if (!ephvol_volume_is_valid_name(arg))
			return log_usage("Invalid volume name '%s'.", arg);
		o->name = arg;
		return 0;
	case ARG_REQUIRE_SAFE_SWAP:
		a->require_safe_swap = true;
		return 0;
	default:
		return log_usage("Unexpected option.");
	}
}

/* The job's memory may be swapped out: say so when a swap is plaintext on disk. */
static int check_swap(struct ephvol_ctx *ctx, bool require_safe) {
	_cleanup_(ephvol_audit_list_freep) struct ephvol_audit_entry **list = NULL;
	int r;

	r = ephvol_audit(ctx, &list, NULL);
	if (r < 0)
		return require_safe ? log_fail(EXIT_RUNTIME, r, "Cannot audit the swap areas: %m")
		                    : 0;
	for (struct ephvol_audit_entry **e = list; *e; e++) {
		const char *path = ephvol_audit_entry_get_path(*e);

		if (ephvol_audit_entry_get_kind(*e) != EPHVOL_AUDIT_SWAP ||
		    ephvol_audit_entry_get_protection(*e) != EPHVOL_PROTECTION_PLAINTEXT_ON_DISK)
			continue;
		if (require_safe)
			return log_refused(-EPERM,
			                   "Refusing to run: swap %s is plaintext on disk, and the "
			                   "job's memory could be written there unencrypted.",
			                   path);
		log_warning("Warning: swap %s is plaintext on disk; the job's memory could be "
		            "written there unencrypted.",
		            path);
	}
	return 0;
}

/* A termination signal that came while the volume was being built: no job then. */
static int signal_pending(void) {
	sigset_t ours;

	job_signals(&ours);
	return signal_pending_in(&ours);
}

static int run_job(const struct create_options *o, const struct run_args *a,
                   const struct job_user *user, const char *device, char **command) {
	_cleanup_(strv_freep) char **points = NULL;
	_cleanup_free_ char *opts = NULL;
	struct job_spec spec = {
		.device = device,
		.fstype = o->fstype,
		.mode = o->mode,
		.uid = o->uid,
		.gid = o->gid,
		.user = a->user ? user : NULL,
		.argv = command,
	};
	struct job_error err = {};
	struct job j;
	int r, status, sig;

	if (strv_extend(&points, "/tmp") < 0 || strv_extend(&points, "/var/tmp") < 0)
		return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	for (char **p = a->at; p && *p; p++)
		if (strv_extend(&points, *p) < 0)
			return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	spec.mount_points = points;
	/* As create mounts it. */
	if (volume_mount_options(o, &opts) < 0)
		return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	spec.mount_options = opts;

	sig = signal_pending();
	if (sig) {
		log_debug("Signal %d before the job started: not starting it.", sig);
		return 128 + sig;
	}
	r = job_start(&spec, &j, &err);
	if (r < 0 && !err.what[0])
		return log_fail(EXIT_RUNTIME, r, "Cannot start the job on volume %s: %m", o->name);
	if (r < 0) {
		int k = log_fail(err.status == EXIT_USAGE || err.status == EXIT_REFUSED
		                         ? err.status
		                         : EXIT_RUNTIME,
		                 -err.error, "Job on volume %s: %s: %m", o->name, err.what);
		/* 126 and 127 as a shell says them. */
		return err.status >= 126 ? err.status : k;
	}
	r = job_wait(&j, &status);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Lost the job on volume %s: %m", o->name);
	return status;
}

int verb_run(struct ephvol_ctx *ctx, int argc, char **argv) {
	static const struct option extra[] = {
		{ "at", required_argument, NULL, ARG_AT },
		{ "user", required_argument, NULL, ARG_USER },
		{ "name", required_argument, NULL, ARG_NAME },
		{ "require-safe-swap", no_argument, NULL, ARG_REQUIRE_SAFE_SWAP },
		{},
	};
	_cleanup_(create_options_done) struct create_options o = {};
	_cleanup_(job_user_done) struct job_user user = {};
	_cleanup_free_ char *record = NULL;
	_cleanup_(run_args_done) struct run_args a = {};
	char name[32], device[PATH_MAX];
	struct run_record rec = { .pid = getpid() };
	struct volume_verb verb = {
		.verb = "run",
		.shortopts = "+" GLOBAL_SHORTOPTS "h",
		.name = name,
		.role = EPHVOL_ROLE_TMP,
		.excluded = VOLUME_OPTION_BIT(VOLUME_OPTION_SWAP) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_MOUNT) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_RAW) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_NO_ACTIVATE) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_JSON) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_PRIORITY) |
		            VOLUME_OPTION_BIT(VOLUME_OPTION_OWNER),
		.options = extra,
		.take = run_take,
		.help = run_help,
		.userdata = &a,
	};
	char **command = NULL;
	int r, status;

	/* From here on a SIGTERM waits for the job (or stops it before it starts): the
	 * volume is always torn down. */
	job_prepare();

	r = job_name_generate(name, sizeof(name));
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot make a volume name: %m");
	r = create_options_parse_verb(argc, argv, &verb, &o, &command);
	if (r != 0)
		return r > 0 ? 0 : r;
	if (!command || !command[0])
		return log_usage("Missing COMMAND; see 'ephvol run --help'.");
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM,
		                "Running a job on a volume needs root privileges.");
	if (a.user) {
		r = job_user_resolve(a.user, &user);
		if (r == -ESRCH)
			return log_usage("Unknown user '%s'.", a.user);
		if (r < 0)
			return log_fail(EXIT_RUNTIME, r, "Cannot look up user %s: %m", a.user);
		o.uid = user.uid;
		o.gid = user.gid;
	}
	o.no_activate = true; /* formatted, mounted only in the job's namespace */
	/* Checked before anything is built; the job's namespace resolves them again. */
	for (char **p = a.at; p && *p; p++) {
		_cleanup_close_ int fd = -EBADF;

		r = mountpoint_open(*p, &fd);
		if (r != 0)
			return r;
	}

	r = check_swap(ctx, a.require_safe_swap);
	if (r < 0)
		return r;
	(void)gc_run_volumes(ctx, false);

	r = process_start_time(NULL, rec.pid, &rec.start_time);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read this process's start time: %m");
	run_command_join(command, rec.command, sizeof(rec.command));
	r = run_record_format(&rec, &record);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot write the run record of %s: %m", o.name);
	r = record_create(RUN_RECORD_DIR, o.name, record);
	if (r == -EEXIST)
		return log_fail(EXIT_RUNTIME, r, "Volume %s already exists.", o.name);
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot write the run record of %s: %m", o.name);

	r = create_volume(&o, device, sizeof(device));
	if (r != 0) {
		(void)record_remove(RUN_RECORD_DIR, o.name);
		return r;
	}
	log_debug("Job on volume %s (%s): %s", o.name, device, rec.command);
	status = run_job(&o, &a, &user, device, command);

	/* Whatever the job did: nothing of it may outlive it. */
	r = destroy_name_silently(ctx, o.name, false);
	if (r == 0 && (r = record_remove(RUN_RECORD_DIR, o.name)) < 0)
		log_fail(EXIT_RUNTIME, r, "Failed to remove the run record of %s: %m", o.name);
	if (r != 0 && status == 0)
		return r < 0 ? r : EXIT_RUNTIME;
	return status;
}
