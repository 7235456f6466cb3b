/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Libraries that only some paths need are loaded when one of those paths starts, not
 * when the program does (as systemd does): a zram volume maps none of libcryptsetup,
 * libblkid, libudev, libkmod or libsmartcols. Each library has a file of its own
 * (src/sys/dlopen-*.c, src/cli/dlopen-smartcols.c) with a sym_NAME pointer per function
 * ephvol calls, declared with the type of the real prototype, so that every call is
 * checked against the header.
 */

#include <pthread.h>
#include <stddef.h>

#include "macro.h"

/* One function to resolve: where its pointer goes, and its name. */
struct dlsym_arg {
	void (**fn)(void);
	const char *name;
};
/* { &sym_NAME, "NAME" }: the pointer has NAME's own type, resolved as a plain function. */
#define DLSYM_ARG(name)                                                                            \
	{ (void (**)(void)) & sym_##name, #name }

struct dlopen_lib {
	const char *soname; /* the exact soname: the ABI the headers describe */
	const struct dlsym_arg *syms;
	size_t n_syms;
	void *handle;    /* set, once every symbol is resolved; never closed */
	char error[256]; /* why the last attempt failed: dlerror()'s words */
	pthread_mutex_t lock;
};
#define DLOPEN_LIB_INIT(so, table)                                                                 \
	{                                                                                          \
		.soname = (so), .syms = (table), .n_syms = ELEMENTSOF(table),                      \
		.lock = PTHREAD_MUTEX_INITIALIZER                                                  \
	}

/* Opens LIB (RTLD_NOW|RTLD_NODELETE) and resolves all its symbols, once; later calls
 * return at once. 0, or -EOPNOTSUPP when the library or one of its symbols is missing
 * (then no pointer is set, the reason is in lib->error and logged at debug level, and
 * the next call tries again), or -ENOMEM. Safe from several threads. */
int dlopen_lib_load(struct dlopen_lib *lib);
