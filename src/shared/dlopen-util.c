/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dlopen-util.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "macro.h"

/* Keeps why LIB failed for the caller's one line, and says it at debug level with all of
 * dlerror()'s words. */
static int load_failed(struct dlopen_lib *lib, const char *symbol) {
	const char *e = dlerror() ?: "unknown error";
	size_t n = strlen(lib->soname);

	log_debug("Cannot load %s%s%s: %s", lib->soname, symbol ? ", symbol " : "", symbol ?: "",
	          e);
	if (symbol)
		snprintf(lib->error, sizeof(lib->error), "it has no symbol %s", symbol);
	else
		/* "SONAME: cannot open shared object file: ...": the caller names it. */
		snprintf(lib->error, sizeof(lib->error), "%s",
		         strncmp(e, lib->soname, n) == 0 && strncmp(e + n, ": ", 2) == 0 ? e + n + 2
		                                                                         : e);
	return -EOPNOTSUPP;
}

static int load_locked(struct dlopen_lib *lib) {
	void (**fns)(void);
	void *dl;

	dl = dlopen(lib->soname, RTLD_NOW | RTLD_NODELETE);
	if (!dl)
		return load_failed(lib, NULL);
	/* All or nothing: the pointers are set only when every symbol is there. */
	fns = calloc(lib->n_syms, sizeof(*fns));
	if (!fns) {
		dlclose(dl);
		return -ENOMEM;
	}
	for (size_t i = 0; i < lib->n_syms; i++) {
		fns[i] = (void (*)(void))dlsym(dl, lib->syms[i].name);
		if (!fns[i]) {
			int r = load_failed(lib, lib->syms[i].name);

			free(fns);
			dlclose(dl);
			return r;
		}
	}
	for (size_t i = 0; i < lib->n_syms; i++)
		*lib->syms[i].fn = fns[i];
	free(fns);
	lib->error[0] = 0;
	/* Last, with release order: a thread that sees the handle sees the pointers. */
	__atomic_store_n(&lib->handle, dl, __ATOMIC_RELEASE);
	log_debug("Loaded %s.", lib->soname);
	return 0;
}

int dlopen_lib_load(struct dlopen_lib *lib) {
	int r;

	if (__atomic_load_n(&lib->handle, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&lib->lock);
	r = lib->handle ? 0 : load_locked(lib);
	pthread_mutex_unlock(&lib->lock);
	return r;
}
