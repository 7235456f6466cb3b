/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit-gen.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "strv.h"
#include "unit-modules.h"

#define DOCS "Documentation=man:ephvol.conf(5) man:ephvol(8)\n"

int unit_name_from_path(const char *path, const char *suffix, char **ret) {
	char *buf, *o;
	const char *p;
	bool first = true;

	if (!path || path[0] != '/')
		return -EINVAL;
	/* Worst case every byte becomes \xNN. */
	buf = malloc(strlen(path) * 4 + strlen(suffix) + 2);
	if (!buf)
		return -ENOMEM;
	o = buf;
	for (p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
			free(buf);
			return -EINVAL;
		}
		if (!first)
			*o++ = '-';
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];

			/* As systemd's unit_name_path_escape(): a leading '.' is escaped too. */
			if ((isascii(c) && isalnum(c)) || c == ':' || c == '_' ||
			    (c == '.' && !(first && i == 0)))
				*o++ = (char)c;
			else
				o += sprintf(o, "\\x%02x", c);
		}
		first = false;
		p += n;
	}
	if (first)
		*o++ = '-'; /* the root directory */
	strcpy(o, suffix);
	*ret = buf;
	return 0;
}

/* udev's encode_devnode_name(): what may stand in a /dev/disk/by-* link name. */
static char *udev_encode(const char *s) {
	char *buf = malloc(strlen(s) * 4 + 1), *o = buf;

	if (!buf)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80 || (isascii(*p) && isalnum(*p)) || strchr("#+-.:=@_", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "\\x%02x", *p);
	*o = 0;
	return buf;
}

int backing_spec_to_path(const char *spec, char **ret) {
	static const struct {
		const char *tag, *dir;
		bool lower;
	} tags[] = {
		{ "PARTUUID=", "/dev/disk/by-partuuid/", true },
		{ "PARTLABEL=", "/dev/disk/by-partlabel/", false },
		{ "LABEL=", "/dev/disk/by-ephvol/", false },
	};
	_cleanup_free_ char *enc = NULL;
	char *path;

	if (!spec || !*spec)
		return -EINVAL;
	if (spec[0] == '/') {
		path = strdup(spec);
		if (!path)
			return -ENOMEM;
		*ret = path;
		return 0;
	}
	for (size_t i = 0; i < ELEMENTSOF(tags); i++) {
		size_t n = strlen(tags[i].tag);

		if (strncmp(spec, tags[i].tag, n) != 0 || !spec[n])
			continue;
		enc = udev_encode(spec + n);
		if (!enc)
			return -ENOMEM;
		if (tags[i].lower)
			for (char *c = enc; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		if (asprintf(&path, "%s%s", tags[i].dir, enc) < 0)
			return -ENOMEM;
		*ret = path;
		return 0;
	}
	return -EINVAL;
}

/* A word systemd takes as it is, in a list or on a command line. */
static bool word_is_plain(const char *s) {
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(isascii((unsigned char)*s) && isalnum((unsigned char)*s)) &&
		    !strchr("/._-+,:=@", *s))
			return false;
	return true;
}

int unit_escape(const char *s, enum unit_escape how, char **ret) {
	bool quoted = how != UNIT_ESCAPE_SPECIFIERS && !word_is_plain(s);
	/* Worst case every byte doubles, plus the quotes. */
	_cleanup_free_ char *buf = malloc(strlen(s) * 2 + 3);
	char *o = buf;

	if (!buf)
		return -ENOMEM;
	if (quoted)
		*o++ = '"';
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -EINVAL;
		/* systemd expands specifiers in every setting we write, and $VAR in the
		 * arguments of a command. */
		if (*p == '%' || (*p == '$' && how == UNIT_ESCAPE_EXEC_WORD))
			*o++ = *p;
		else if (quoted && (*p == '"' || *p == '\\'))
			*o++ = '\\';
		*o++ = *p;
	}
	if (quoted)
		*o++ = '"';
	*o = 0;
	*ret = TAKE_PTR(buf);
	return 0;
}

void unit_files_free(struct unit_file *units, size_t n) {
	if (!units)
		return;
	for (size_t i = 0; i < n; i++) {
		free(units[i].name);
		free(units[i].text);
		free(units[i].link_from);
	}
	free(units);
}

static int set_error(char **ret_error, const char *format, ...) _printf_(2, 3);
static int set_error(char **ret_error, const char *format, ...) {
	va_list ap;
	int r;

	if (!ret_error)
		return -EINVAL;
	va_start(ap, format);
	r = vasprintf(ret_error, format, ap);
	va_end(ap);
	if (r < 0)
		*ret_error = NULL;
	return -EINVAL;
}

/* The facts about a volume that shape its units, with the defaults create applies. */
struct gen {
	const char *name, *role, *mount, *fstype, *mount_options, *priority;
	const char *device, *file, *writeback;
	const char *source;
	bool zram, nofail;
	const char *service; /* ephvol-setup@NAME.service */
	char **modules;      /* unit_volume_modules() */
	/* Configured values as they go into the units (unit_escape()); owned. */
	struct {
		char *source, *mount, *fstype, *mount_options;
		char *command, *name; /* ExecStart='s SBINDIR/ephvol, and the NAME argument */
	} text;
};

static void gen_done(struct gen *g) {
	free(g->text.source);
	free(g->text.mount);
	free(g->text.fstype);
	free(g->text.mount_options);
	free(g->text.command);
	free(g->text.name);
	strv_free(g->modules);
}

/* NULL stays NULL. */
static int escape_opt(const char *s, enum unit_escape how, char **ret) {
	if (!s) {
		*ret = NULL;
		return 0;
	}
	return unit_escape(s, how, ret);
}

static int gen_escape(struct gen *g, const char *sbindir, char **ret_error) {
	_cleanup_free_ char *command = NULL;
	int r;

	if (asprintf(&command, "%s/ephvol", sbindir) < 0)
		return -ENOMEM;
	r = escape_opt(g->source, UNIT_ESCAPE_SPECIFIERS, &g->text.source);
	if (r >= 0)
		r = escape_opt(g->mount, UNIT_ESCAPE_SPECIFIERS, &g->text.mount);
	if (r >= 0)
		r = escape_opt(g->fstype, UNIT_ESCAPE_SPECIFIERS, &g->text.fstype);
	if (r >= 0)
		r = escape_opt(g->mount_options, UNIT_ESCAPE_SPECIFIERS, &g->text.mount_options);
	if (r >= 0)
		r = unit_escape(command, UNIT_ESCAPE_WORD, &g->text.command);
	if (r >= 0)
		r = unit_escape(g->name, UNIT_ESCAPE_EXEC_WORD, &g->text.name);
	/* The configuration refuses control characters; this is the last line of defence. */
	if (r == -EINVAL)
		return set_error(ret_error, "[%s]: a value holds a control character", g->name);
	return r;
}

/* Dependencies on what the volume is built from: the backing device, or the file
 * system that holds the backing file; for zram, its writeback device or file. */
static int write_backing_deps(FILE *f, const char *spec, bool is_file, char **ret_error,
                              const char *name) {
	_cleanup_free_ char *path = NULL, *unit = NULL;
	int r;

	if (!spec)
		return 0;
	if (is_file || (spec[0] == '/' && strncmp(spec, "/dev/", 5) != 0)) {
		/* A path outside /dev is a file (create decides the same way at run time). */
		r = unit_escape(spec, UNIT_ESCAPE_WORD, &path);
		if (r == -EINVAL)
			return set_error(ret_error, "[%s]: '%s' holds a control character", name,
			                 spec);
		if (r < 0)
			return r;
		fprintf(f, "RequiresMountsFor=%s\n", path);
		return 0;
	}
	r = backing_spec_to_path(spec, &path);
	if (r == -EINVAL)
		return set_error(ret_error, "[%s]: cannot tell which device '%s' is", name, spec);
	if (r < 0)
		return r;
	r = unit_name_from_path(path, ".device", &unit);
	if (r == -EINVAL)
		return set_error(ret_error, "[%s]: '%s' is not a device path systemd can follow",
		                 name, spec);
	if (r < 0)
		return r;
	fprintf(f, "BindsTo=%s\nAfter=%s\n", unit, unit);
	return 0;
}

/* A unit's text while it is written: a memory stream over text. */
struct unit_text {
	FILE *f;
	char *text;
	size_t size;
};

static void unit_text_done(struct unit_text *t) {
	if (t->f)
		fclose(t->f);
	free(t->text);
}

/* Opens t and writes the lines every unit begins with: where it was generated from, the
 * description (a format), the documentation. */
static int unit_begin(struct unit_text *t, const struct gen *g, const char *description, ...)
        _printf_(3, 4);
static int unit_begin(struct unit_text *t, const struct gen *g, const char *description, ...) {
	va_list ap;

	t->f = open_memstream(&t->text, &t->size);
	if (!t->f)
		return -ENOMEM;
	fprintf(t->f,
	        "# Automatically generated by ephvol-generator from %s\n"
	        "\n"
	        "[Unit]\n"
	        "Description=",
	        g->source);
	va_start(ap, description);
	vfprintf(t->f, description, ap);
	va_end(ap);
	fprintf(t->f, "\n" DOCS "SourcePath=%s\n", g->text.source);
	return 0;
}

/* Closes the text stream and fills u: the one ending of every unit. link_from may be NULL. */
static int unit_finish(struct unit_text *t, const char *name, const char *link_from,
                       struct unit_file *u) {
	int r = fclose(t->f);

	t->f = NULL;
	if (r != 0 || !t->text)
		return -ENOMEM;
	u->name = strdup(name);
	u->link_from = link_from ? strdup(link_from) : NULL;
	if (!u->name || (link_from && !u->link_from))
		return -ENOMEM;
	u->text = TAKE_PTR(t->text);
	return 0;
}

static int gen_service(struct gen *g, const char *activation_unit, struct unit_file *u,
                       char **ret_error) {
	_cleanup_(unit_text_done) struct unit_text t = {};
	/* A swap is turned on by the service itself, which tells systemd once it is on
	 * (READY=1): swap.target waits for that, not for udev's names of the new device
	 * and a swapon(8) after them (0.9 s and 0.7 s at a guest's boot). The .swap unit
	 * stays for the stop: once udev has named the device, systemd's unit of the
	 * kernel's name for it follows this one, so the swap is turned off once, by
	 * this unit before the service's stop, or, if systemd never saw the swap under
	 * this name (it reads /proc/swaps only when swaps change), by `ephvol down`. */
	bool swap = streq(g->role, "swap");
	const char *link_from;
	int r;

	r = unit_begin(&t, g, "Ephemeral encrypted volume %s", g->name);
	if (r < 0)
		return r;
	fprintf(t.f,
	        /* Early boot: before local-fs.target and swap.target, which the default
	         * dependencies would order it after. */
	        "DefaultDependencies=no\n"
	        "IgnoreOnIsolate=yes\n"
	        /* udev must outlive the stop: dm-crypt removal waits for its event. And
	         * lvm2's blk-availability.service, at its stop, removes every dm device
	         * it finds: ours must be gone by then, wiped our way. lvm2-monitor's stop
	         * (vgchange --monitor n) reads every block device: a read of ours after
	         * its suspend for the key wipe blocked lvm for good, and our removal
	         * with it (seen at a guest's shutdown). */
	        "After=systemd-udevd-kernel.socket systemd-udevd.service "
	        "systemd-modules-load.service blk-availability.service "
	        "lvm2-monitor.service\n");
	r = write_backing_deps(t.f, g->zram ? g->writeback : (g->device ?: g->file),
	                       !g->zram && g->file, ret_error, g->name);
	if (r < 0)
		return r;
	/* Wanted, not waited for: the modules load as the boot starts, while the disk is
	 * still to appear, and not when the setup asks for them. In a guest's boot the
	 * AES-NI module, loaded by udev's coldplug as the disk appeared, took 4 s to
	 * register and self-test its algorithms, and the table load waited for it
	 * (dm-activate 2.1 s, and 0.17 s with this). */
	for (char **m = g->modules; m && *m; m++)
		fprintf(t.f, "%smodprobe@%s.service%s", m == g->modules ? "Wants=" : " ", *m,
		        m[1] ? "" : "\n");
	if (activation_unit)
		fprintf(t.f, "Before=%s\n", activation_unit);
	if (!g->nofail && (swap || !activation_unit))
		fprintf(t.f, "Before=%s\n", swap ? "swap.target" : "local-fs.target");
	fprintf(t.f,
	        /* Stopped, and so its key wiped, before the system unmounts and powers off. */
	        "Conflicts=umount.target\n"
	        "Before=umount.target\n"
	        "\n"
	        "[Service]\n"
	        "Type=%s\n"
	        "RemainAfterExit=yes\n"
	        /* mkfs on a large disk must not be cut off; a stop that hangs (on a
	         * device someone keeps busy) must not hold up the power-off forever. */
	        "TimeoutStartSec=infinity\n"
	        "TimeoutStopSec=3min\n"
	        "ExecStart=%s up %s%s\n"
	        "ExecStop=%s down %s\n",
	        swap ? "notify" : "oneshot", g->text.command, swap ? "" : "--no-activate ",
	        g->text.name, g->text.command, g->text.name);
	if (swap)
		link_from = g->nofail ? "swap.target.wants" : "swap.target.requires";
	else if (!activation_unit)
		link_from = g->nofail ? "local-fs.target.wants" : "local-fs.target.requires";
	else
		link_from = NULL;
	return unit_finish(&t, g->service, link_from, u);
}

static int gen_swap(struct gen *g, struct unit_file *u, const char *unit) {
	_cleanup_(unit_text_done) struct unit_text t = {};
	const char *opts[2];
	size_t n = 0;
	int r;

	r = unit_begin(&t, g, "Ephemeral encrypted swap (volume %s)", g->name);
	if (r < 0)
		return r;
	/* Freed pages go back to RAM at once on zram, as `ephvol create` does it. */
	if (g->zram)
		opts[n++] = "discard";
	if (g->nofail)
		opts[n++] = "nofail";
	fprintf(t.f,
	        "Requires=%s\n"
	        "After=%s\n"
	        "\n"
	        "[Swap]\n"
	        "What=/dev/ephvol/%s\n",
	        g->service, g->service, g->name);
	if (g->priority)
		fprintf(t.f, "Priority=%s\n", g->priority);
	if (n > 0)
		fprintf(t.f, "Options=%s%s%s\n", opts[0], n > 1 ? "," : "", n > 1 ? opts[1] : "");
	/* Pulled in by nothing: the service turns the swap on (gen_service()). */
	return unit_finish(&t, unit, NULL, u);
}

static int gen_mount(struct gen *g, struct unit_file *u, const char *unit) {
	_cleanup_(unit_text_done) struct unit_text t = {};
	int r;

	r = unit_begin(&t, g, "Ephemeral encrypted %s (volume %s)", g->text.mount, g->name);
	if (r < 0)
		return r;
	fprintf(t.f,
	        "Requires=%s\n"
	        "After=%s\n"
	        /* As systemd's own tmp.mount: swap first, so the volume's pages can go there. */
	        "After=swap.target\n"
	        "\n"
	        "[Mount]\n"
	        "What=/dev/ephvol/%s\n"
	        "Where=%s\n"
	        "Type=%s\n"
	        /* As `ephvol create` mounts it; nofail also tells systemd not to order it
	         * before local-fs.target. */
	        "Options=nosuid,nodev%s%s%s%s\n",
	        g->service, g->service, g->name, g->text.mount, g->text.fstype,
	        g->zram ? ",discard" : "", g->nofail ? ",nofail" : "",
	        g->text.mount_options ? "," : "", g->text.mount_options ?: "");
	return unit_finish(&t, unit,
	                   g->nofail ? "local-fs.target.wants" : "local-fs.target.requires", u);
}

int unit_gen_volume(const struct conf_volume *v, const char *sbindir, const unsigned *cpu_features,
                    struct unit_file **ret_units, size_t *ret_n, char **ret_error) {
	_cleanup_(strv_freep) char **argv = NULL;
	_cleanup_free_ char *activation = NULL, *devpath = NULL, *service = NULL;
	_cleanup_(gen_done) struct gen g = {};
	struct unit_file *units;
	unsigned line;
	size_t n;
	int r;

	/* What create would refuse as configured is refused here, with the same words. */
	r = conf_volume_to_argv(v, &argv, ret_error);
	if (r < 0)
		return r;

	g.name = conf_volume_name(v);
	g.role = conf_volume_get(v, "role");
	g.mount = conf_volume_get(v, "mount");
	g.fstype = conf_volume_get(v, "fs") ?: "ext4";
	g.mount_options = conf_volume_get(v, "mount-options");
	g.device = conf_volume_get(v, "device");
	g.file = conf_volume_get(v, "file");
	g.writeback = conf_volume_get(v, "writeback");
	g.zram = streq(conf_volume_backend(v), "zram");
	g.priority = conf_volume_get(v, "priority") ?: (g.zram ? "100" : NULL);
	g.nofail = conf_volume_get_bool(v, "nofail");
	if (conf_volume_get_source(v, "role", &g.source, &line) < 0)
		g.source = "ephvol.conf";
	if (asprintf(&service, "ephvol-setup@%s.service", g.name) < 0)
		return -ENOMEM;
	g.service = service;
	r = unit_volume_modules(v, cpu_features, &g.modules);
	if (r < 0)
		return r;
	r = gen_escape(&g, sbindir, ret_error);
	if (r < 0)
		return r;

	if (streq(g.role, "swap")) {
		if (asprintf(&devpath, "/dev/ephvol/%s", g.name) < 0)
			return -ENOMEM;
		r = unit_name_from_path(devpath, ".swap", &activation);
	} else if (streq(g.role, "tmp"))
		r = unit_name_from_path(g.mount, ".mount", &activation);
	else
		r = 0;
	if (r == -EINVAL)
		return set_error(ret_error, "[%s]: mount point '%s' cannot be a systemd mount unit",
		                 g.name, g.mount);
	if (r < 0)
		return r;

	n = activation ? 2 : 1;
	units = calloc(n, sizeof(*units));
	if (!units)
		return -ENOMEM;
	r = gen_service(&g, activation, &units[0], ret_error);
	if (r >= 0 && activation)
		r = streq(g.role, "swap") ? gen_swap(&g, &units[1], activation)
		                          : gen_mount(&g, &units[1], activation);
	if (r < 0) {
		unit_files_free(units, n);
		return r;
	}
	*ret_units = units;
	*ret_n = n;
	return 0;
}
