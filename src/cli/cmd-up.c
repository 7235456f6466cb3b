/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * up/down: the volumes of ephvol.conf(5). Both are idempotent, so a unit, a script or
 * an admin may run them again: `up` leaves a volume that is there alone, `down` takes
 * a volume that is not there as done.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "sys.h"
#include "verbs.h"

static void up_help(void) {
	printf("Usage: ephvol up [NAME...] [--root DIR] [--no-activate]\n"
	       "\n"
	       "Create the volumes configured in ephvol.conf(5) (all of them, or those named)\n"
	       "that are not there yet.\n"
	       "\n"
	       "  --root DIR     read the configuration below DIR\n"
	       "  --no-activate  format, but leave swapon/mount to the systemd units that\n"
	       "                 ephvol-generator writes\n"
	       "  -h, --help     show this help\n");
}

static void down_help(void) {
	printf("Usage: ephvol down [NAME...] [--root DIR]\n"
	       "\n"
	       "Destroy the volumes configured in ephvol.conf(5) (all of them, in reverse\n"
	       "order, or those named), wiping their keys. Volumes that are not there are\n"
	       "skipped. A NAME is destroyed even when the configuration no longer has it.\n"
	       "\n"
	       "  --root DIR     read the configuration below DIR\n"
	       "  -h, --help     show this help\n");
}

enum { ARG_ROOT = 0x100, ARG_NO_ACTIVATE };

struct updown_args {
	const char *root;
	bool no_activate;
	int first_name; /* argv index of the first NAME */
};

static int parse_args(int argc, char **argv, bool up, struct updown_args *ret) {
	static const struct option options[] = { GLOBAL_OPTIONS,
		                                 { "help", no_argument, NULL, 'h' },
		                                 { "root", required_argument, NULL, ARG_ROOT },
		                                 { "no-activate", no_argument, NULL,
		                                   ARG_NO_ACTIVATE },
		                                 {} };
	struct updown_args a = {};
	int c;

	verb_getopt_begin();
	while ((c = verb_getopt(argc, argv, GLOBAL_SHORTOPTS "h", options, argv[0])) > 0)
		switch (c) {
		case 'h':
			if (up)
				up_help();
			else
				down_help();
			return 1;
		case ARG_ROOT:
			a.root = optarg;
			break;
		case ARG_NO_ACTIVATE:
			if (!up)
				return log_usage(
				        "--no-activate is an option of 'up', not of 'down'.");
			a.no_activate = true;
			break;
		}
	if (c < 0)
		return c;
	for (int i = optind; i < argc; i++)
		if (!ephvol_volume_is_valid_name(argv[i]))
			return log_usage("Invalid volume name '%s'.", argv[i]);
	a.first_name = optind;
	*ret = a;
	return 0;
}

/* Logs the one line of a failure. */
static int load_conf(const char *root, struct conf **ret) {
	_cleanup_free_ char *error = NULL;
	int r = conf_load(root, ret, &error);

	if (r == -EINVAL)
		return log_fail(EXIT_USAGE, 0, "%s", error ?: "Invalid configuration.");
	if (r < 0)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the configuration: %s",
		                error ?: strerror(-r));
	return 0;
}

/* READY=1 goes out once: early from create when up builds one volume, else when up is
 * done. Outside a Type=notify unit there is no $NOTIFY_SOCKET, and nothing is sent. */
static bool notify_early, notified;

static void notify_ready(void) {
	int r;

	if (notified)
		return;
	notified = true;
	r = notify_send("READY=1");
	if (r < 0)
		log_debug_errno(r, "Cannot notify the service manager: %m");
}

void up_notify_ready(void) {
	if (notify_early)
		notify_ready();
}

static int up_one(struct ephvol_ctx *ctx, const struct conf_volume *cv, bool no_activate) {
	_cleanup_(ephvol_volume_unrefp) struct ephvol_volume *v = NULL;
	_cleanup_(strv_freep) char **argv = NULL;
	_cleanup_free_ char *error = NULL;
	const char *name = conf_volume_name(cv);
	const char *backend;
	char **args;
	size_t n;
	int r;

	r = conf_volume_to_argv(cv, &argv, &error);
	if (r < 0)
		return log_fail(r == -EINVAL ? EXIT_USAGE : EXIT_RUNTIME, r, "%s",
		                error ?: strerror(-r));

	r = ephvol_volume_lookup(ctx, name, &v);
	if (r == 0 && (ephvol_volume_get_state(v) == EPHVOL_STATE_INCOMPLETE ||
	               ephvol_volume_get_state(v) == EPHVOL_STATE_SUSPENDED ||
	               (ephvol_volume_get_state(v) == EPHVOL_STATE_INACTIVE && !no_activate))) {
		/* A create or destroy was killed midway (or the swap or mount went away):
		 * what is left goes, then the volume is made anew, with a new key. With
		 * --no-activate, an inactive volume is what was asked for: units activate it. */
		if (!arg_quiet)
			printf("Volume %s is %s; rebuilding it.\n", name,
			       ephvol_state_to_string(ephvol_volume_get_state(v)));
		v = ephvol_volume_unref(v);
		r = destroy_name(ctx, name, false, false, true);
		if (r != 0)
			return r;
		r = -ENOENT;
	}
	if (r == 0) {
		/* Only the backend is compared: a disk volume's role shows only once it is
		 * activated, and the rest is what create decided. */
		backend = ephvol_backend_to_string(ephvol_volume_get_backend(v));
		if (!streq_ptr(backend, conf_volume_backend(cv)))
			return log_fail(EXIT_RUNTIME, -EEXIST,
			                "Volume %s is up on %s, but it is configured on %s.", name,
			                backend, conf_volume_backend(cv));
		if (!arg_quiet)
			printf("Volume %s is already up.\n", name);
		return 0;
	}
	if (r != -ENOENT)
		return log_fail(EXIT_RUNTIME, r, "Cannot read the state of volume %s: %m", name);

	for (n = 0; argv[n]; n++)
		;
	/* create parses its own copy; the vector here keeps ownership of the strings. */
	args = calloc(n + 2, sizeof(char *));
	if (!args)
		return log_fail(EXIT_RUNTIME, -ENOMEM, "Out of memory.");
	memcpy(args, argv, n * sizeof(char *));
	if (no_activate)
		args[n++] = (char *)"--no-activate";
	r = verb_create(ctx, (int)n, args);
	free(args);
	return r;
}

int verb_up(struct ephvol_ctx *ctx, int argc, char **argv) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	struct updown_args a;
	int r, ret = 0;

	r = parse_args(argc, argv, true, &a);
	if (r != 0)
		return r > 0 ? 0 : r;
	r = load_conf(a.root, &c);
	if (r != 0)
		return r;

	if (a.first_name < argc) {
		/* All names are checked before anything is built. */
		for (int i = a.first_name; i < argc; i++)
			if (!conf_volume_by_name(c, argv[i]))
				return log_usage(
				        "Volume %s is not configured (see ephvol.conf(5)).",
				        argv[i]);
		notify_early = argc - a.first_name == 1;
		for (int i = a.first_name; i < argc; i++) {
			int k = up_one(ctx, conf_volume_by_name(c, argv[i]), a.no_activate);
			ret = ret ?: k;
		}
	} else {
		if (conf_n_volumes(c) == 0 && !arg_quiet)
			printf("No volumes are configured.\n");
		/* One failure does not stop the others: boot wants as much as works. */
		for (size_t i = 0; i < conf_n_volumes(c); i++) {
			int k = up_one(ctx, conf_volume_by_index(c, i), a.no_activate);
			ret = ret ?: k;
		}
	}
	if (ret == 0)
		notify_ready();
	return ret;
}

int verb_down(struct ephvol_ctx *ctx, int argc, char **argv) {
	_cleanup_(conf_freep) struct conf *c = NULL;
	_cleanup_free_ char *error = NULL;
	struct updown_args a;
	int r, ret = 0;

	r = parse_args(argc, argv, false, &a);
	if (r != 0)
		return r > 0 ? 0 : r;
	if (geteuid() != 0)
		return log_fail(EXIT_RUNTIME, -EPERM, "Destroying volumes needs root privileges.");

	if (a.first_name < argc) {
		/* Shutdown must wipe keys even if someone broke the configuration since
		 * boot: it only says whether to discard. */
		r = conf_load(a.root, &c, &error);
		if (r < 0)
			log_warning("Not reading the configuration (%s): destroying without "
			            "discard.",
			            error ?: strerror(-r));
		for (int i = a.first_name; i < argc; i++) {
			const struct conf_volume *cv = c ? conf_volume_by_name(c, argv[i]) : NULL;
			bool discard = cv && conf_volume_get_bool(cv, "discard");
			int k = destroy_name(ctx, argv[i], false, discard, true);

			ret = ret ?: k;
		}
		return ret;
	}

	r = load_conf(a.root, &c);
	if (r != 0)
		return r;
	/* Reverse order: a later volume may live on an earlier one (a file on /tmp). */
	for (size_t i = conf_n_volumes(c); i > 0; i--) {
		const struct conf_volume *cv = conf_volume_by_index(c, i - 1);
		int k = destroy_name(ctx, conf_volume_name(cv), false,
		                     conf_volume_get_bool(cv, "discard"), true);
		ret = ret ?: k;
	}
	return ret;
}
