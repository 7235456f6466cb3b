/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"
#include "libephvol-private.h"

struct ephvol_ctx {
	unsigned n_ref;
	int log_priority;
	ephvol_log_fn log_fn;
	void *log_data;
	char *root;
	const struct ctx_kernel *kernel;
};

static void log_stderr(void *userdata _unused_, int priority _unused_, const char *file _unused_,
                       int line _unused_, const char *fn, const char *format, va_list args) {
	fprintf(stderr, "libephvol: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

static int log_priority_from_string(const char *s) {
	static const char *const names[] = {
		[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert",     [LOG_CRIT] = "crit",
		[LOG_ERR] = "err",     [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
		[LOG_INFO] = "info",   [LOG_DEBUG] = "debug",
	};

	if (isdigit((unsigned char)s[0]) && !s[1])
		return s[0] - '0' <= LOG_DEBUG ? s[0] - '0' : -EINVAL;
	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (strcasecmp(s, names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

void ephvol_log(struct ephvol_ctx *ctx, int priority, const char *file, int line, const char *fn,
                const char *format, ...) {
	va_list ap;

	if (!ctx->log_fn)
		return;
	va_start(ap, format);
	ctx->log_fn(ctx->log_data, priority, file, line, fn, format, ap);
	va_end(ap);
}

int ctx_new_with_kernel(const struct ctx_kernel *kernel, struct ephvol_ctx **ret_ctx) {
	struct ephvol_ctx *ctx;
	const char *e;

	if (!ret_ctx)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->n_ref = 1;
	ctx->kernel = kernel;
	ctx->log_fn = log_stderr;
	ctx->log_priority = LOG_ERR;
	e = secure_getenv("EPHVOL_LOG");
	if (e) {
		int p = log_priority_from_string(e);
		if (p >= 0)
			ctx->log_priority = p;
	}
	ctx->root = strdup("/");
	if (!ctx->root) {
		free(ctx);
		return -ENOMEM;
	}
	*ret_ctx = ctx;
	return 0;
}

static void ctx_free(struct ephvol_ctx *ctx) {
	free(ctx->root);
	free(ctx);
}

DEFINE_PUBLIC_REF_UNREF_FUNC(struct ephvol_ctx, ephvol_ctx, ctx_free);

_public_ void ephvol_ctx_set_log_fn(struct ephvol_ctx *ctx, ephvol_log_fn log_fn, void *userdata) {
	if (!ctx)
		return;
	ctx->log_fn = log_fn;
	ctx->log_data = userdata;
}

_public_ int ephvol_ctx_get_log_priority(const struct ephvol_ctx *ctx) {
	return ctx ? ctx->log_priority : -EINVAL;
}

_public_ void ephvol_ctx_set_log_priority(struct ephvol_ctx *ctx, int priority) {
	if (ctx)
		ctx->log_priority = priority;
}

_public_ int ephvol_ctx_set_root(struct ephvol_ctx *ctx, const char *root) {
	char *copy;

	if (!ctx || !root || root[0] != '/')
		return -EINVAL;
	copy = strdup(root);
	if (!copy)
		return -ENOMEM;
	free(ctx->root);
	ctx->root = copy;
	return 0;
}

_public_ const char *ephvol_ctx_get_root(const struct ephvol_ctx *ctx) {
	return ctx ? ctx->root : NULL;
}

char *ctx_path(const struct ephvol_ctx *ctx, const char *path) {
	return path_rooted(ctx->root, path);
}

bool ctx_is_live(const struct ephvol_ctx *ctx) {
	return streq(ctx->root, "/");
}

const struct ctx_kernel *ctx_kernel(const struct ephvol_ctx *ctx) {
	return ctx_is_live(ctx) ? ctx->kernel : NULL;
}
