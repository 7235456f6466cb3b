/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The boot-time configuration: INI files that define volumes, one section per volume.
 *
 * Sources, in order of increasing precedence (docs/contract.md, Configuration):
 *
 *   1. the drop-ins (*.conf) in /usr/lib/ephvol.conf.d
 *   2. /etc/ephvol.conf
 *   3. the drop-ins in /etc/ephvol.conf.d and /run/ephvol.conf.d
 *
 * Drop-ins are collected from the three .d directories as systemd's conf_files_list()
 * does: by file name, a name in /run replacing the same name in /etc, and either replacing
 * the same name in /usr/lib. A replacement that is empty, or a symlink to /dev/null, masks
 * the name. The surviving drop-ins that live in /usr/lib are read first (step 1), in
 * lexical (strcmp) order of their names; then /etc/ephvol.conf; then the survivors in /etc
 * and /run, merged into one lexical order of names (step 3). So the vendor's files are
 * always overridden by the admin's, and /usr/lib/ephvol.conf.d/10-x.conf replaced by
 * /etc/ephvol.conf.d/10-x.conf is read in step 3. Only names ending in ".conf" and not
 * starting with '.' count; a missing directory or /etc/ephvol.conf is no error. A symlink
 * other than to /dev/null is followed, its target taken below the root (one level: the
 * target itself should not be a symlink out of the root).
 *
 * Syntax, per line (UTF-8, at most CONF_LINE_MAX bytes, no NUL bytes, no continuation):
 *   blank, or a comment: '#' or ';' as the first non-blank character
 *   [NAME]        a section; NAME as volume_name_is_valid(), taken literally
 *   key = value   blanks around key and value are dropped; an empty value resets the key
 *                 to its default (as if never set). No trailing comments. No control
 *                 characters (below 0x20, 0x7f) in the value: values end up in command
 *                 lines and unit files. Nor in a drop-in's file name.
 * A CR before the newline and a UTF-8 byte order mark at the start are ignored.
 *
 * Later files override earlier ones per key: a section may be spread over files, and a key
 * set in a later file replaces that key only. Within one file a key may be set only once
 * per section (also when the section header appears twice). Sections keep the order in
 * which they first appear. Unknown keys are errors.
 *
 * Keys mirror the options of `ephvol create`:
 *   role           swap | tmp | raw                    (required)
 *   backend        zram | disk                         (default: disk if device or file
 *                                                       is set, else zram)
 *   size           zram: a size expression (512M, 25%, min(ram / 2, 4096M));
 *                  disk with file: bytes (--size)
 *   mount          absolute path; required by, and only for, role tmp
 *   device, file   disk backend: exactly one of them
 *   cipher, key-size, sector-size, priority, fs, mode, owner, mount-options,
 *   comp-algorithm, recomp-algorithm, mem-limit, writeback, writeback-limit
 *                  passed to `create` as --KEY VALUE
 *   workqueues, force   booleans, passed to `create` as --KEY when true
 *   discard        boolean: destroy with --discard at shutdown
 *   nofail         boolean: the volume is optional at boot
 * Booleans are yes/no, true/false, 1/0, case-insensitive.
 *
 * What a value alone can tell is checked as the line is read, by the functions of the volume
 * options' table (volume-options.h) that `create` judges its options with; the size only for
 * its syntax, as its meaning depends on the backend. What depends on several keys is checked
 * by conf_volume_to_argv(), after all files are merged. The rules between options that
 * `create` knows (--priority only with --swap, ...) are left to create_options_parse().
 *
 * Errors are one line naming the file (as it is below the root) and the line:
 *   "/etc/ephvol.conf.d/10-swap.conf:3: unknown key 'sise' in [swap]"
 *
 * This is pure code: files are read below a root directory, nothing else is touched.
 */

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"
#include "strv.h"

/* Longest accepted line, without its newline. */
#define CONF_LINE_MAX 4096
/* Largest accepted file; configuration is a few lines, anything larger is a mistake. */
#define CONF_FILE_MAX (1024u * 1024)
/* More sections than this is not a configuration but an attack on the O(n) lookups. */
#define CONF_VOLUMES_MAX 1024

struct conf;
struct conf_volume;

struct conf *conf_new(void);
/* Returns NULL; accepts NULL. */
struct conf *conf_free(struct conf *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct conf *, conf_free);

/* Reads all sources below root (NULL or "/" for the running system) into a new conf.
 *
 * On failure returns -EINVAL (syntax), -EFBIG, -ENOMEM or another negative errno of the I/O,
 * and, as an exception to the ret_* rule, *ret_error is set on failure: to a malloc()ed
 * message without trailing newline, NULL only if memory ran out. ret_error may be NULL. On
 * success *ret_error is not touched. */
int conf_load(const char *root, struct conf **ret, char **ret_error);

/* Parses one file's text into c, overriding what earlier calls set. text need not be
 * NUL-terminated; filename is used in messages and by conf_volume_get_source(). Each call is
 * one file for the "set twice" rule. Errors as conf_load(); after a failure c is valid (it
 * can be freed, and queried) but holds part of the text. */
int conf_parse_string(struct conf *c, const char *text, size_t size, const char *filename,
                      char **ret_error);

size_t conf_n_volumes(const struct conf *c);
/* NULL if out of range. Volumes are in order of first appearance. */
const struct conf_volume *conf_volume_by_index(const struct conf *c, size_t i);
const struct conf_volume *conf_volume_by_name(const struct conf *c, const char *name);
const char *conf_volume_name(const struct conf_volume *v);

/* The value in effect, or NULL when the key is unset, reset, or unknown. */
const char *conf_volume_get(const struct conf_volume *v, const char *key);
/* "zram" or "disk": the backend key, or what it defaults to (disk if device or file is
 * set). */
const char *conf_volume_backend(const struct conf_volume *v);
/* A boolean key: its value, false when unset. */
bool conf_volume_get_bool(const struct conf_volume *v, const char *key);
/* Where the value in effect was set. -ENOENT if unset or reset, -EINVAL if key is unknown.
 * The file name is owned by the conf. */
int conf_volume_get_source(const struct conf_volume *v, const char *key, const char **ret_file,
                           unsigned *ret_line);

/* yes/no, true/false, 1/0 (case-insensitive): 1, 0, or -EINVAL. */
int conf_parse_boolean(const char *s);

/* Builds the argument vector of `ephvol create` for the volume:
 *   "create" NAME (--swap | --mount DIR | --raw)
 *   (--zram[=SIZE] | --device X | --file X [--size S])
 *   then --KEY VALUE for each other create option set, in the order of the list above, and
 *   --workqueues / --force when true.
 * discard and nofail are not create options and are left out. The checks that need several
 * keys are done here, with the file and line of the key at fault (of the section header when
 * role is missing). Returns 0 and a NULL-terminated vector for strv_free(); on failure
 * -EINVAL or -ENOMEM, and *ret_error as conf_load(). */
int conf_volume_to_argv(const struct conf_volume *v, char ***ret_argv, char **ret_error);
