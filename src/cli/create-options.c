/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "create-options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-features.h"
#include "kcapi-name.h"
#include "log.h"
#include "strv.h"
#include "verb-getopt.h"
#include "parse.h"
#include "size-expr.h"
#include "volume-options.h"

#define MIB           (UINT64_C(1) << 20)
#define PAGE          (UINT64_C(4096))
#define ZRAM_MIN_SIZE MIB

/* getopt's value for the table's entry ID; above every short option. */
#define OPTION_VAL(id) (0x100 + (int)(id))

static int cpu_features_live(unsigned *ret) {
	return cpu_features_get("/", ret);
}

int (*create_options_cpu_features)(unsigned *ret) = cpu_features_live;

int zram_size_resolve(const struct create_options *o, uint64_t ram_bytes, uint64_t *ret,
                      struct size_expr_error *err) {
	uint64_t size;
	int r;

	r = size_expr_eval(o->zram_size ?: ZRAM_DEFAULT_SIZE, ram_bytes, &size, err);
	if (r < 0)
		return r;
	if (size > UINT64_MAX - PAGE)
		return -ERANGE;
	size = (size + PAGE - 1) / PAGE * PAGE;
	if (size < ZRAM_MIN_SIZE)
		return -ERANGE;
	*ret = size;
	return 0;
}

/* "--zram 64M" -> "--zram=64M": the size is optional, which getopt only knows
 * in the "=" spelling. The word after --zram is its SIZE if it starts with a
 * digit or holds a character no NAME can ("min(ram / 2, 4G)", "ram/4"), so
 * that "--zram 12X" is reported as a bad size, not as a second NAME. */
static bool looks_like_size(const char *s) {
	return isdigit((unsigned char)s[0]) || strpbrk(s, "()%*/+ ,");
}

static char **merge_optional_size(int argc, char **argv, int *ret_argc) {
	char **out = calloc((size_t)argc + 1, sizeof(char *));
	bool options_end = false;
	int n = 0;

	if (!out)
		return NULL;
	for (int i = 0; i < argc; i++, n++) {
		options_end = options_end || streq(argv[i], "--");
		if (!options_end && streq(argv[i], "--zram") && i + 1 < argc &&
		    looks_like_size(argv[i + 1])) {
			if (asprintf(&out[n], "--zram=%s", argv[++i]) < 0)
				out[n] = NULL;
		} else
			out[n] = strdup(argv[i]);
		if (!out[n]) {
			strv_free(out);
			return NULL;
		}
	}
	*ret_argc = n;
	return out;
}

struct parse_state {
	struct create_options o;
	uint64_t given; /* VOLUME_OPTION_BIT() of each option given */
	const char *cipher_spec, *zram_size;
};

#define EXTRA_MAX 8

/* getopt's table, from the volume options' one (those the verb takes), after the global
 * options, then the verb's own. */
static void getopt_table(const struct volume_verb *x,
                         struct option ret[static _VOLUME_OPTION_MAX + 3 + EXTRA_MAX]) {
	static const struct option global[] = { GLOBAL_OPTIONS };
	size_t n = 0;

	for (size_t k = 0; k < ELEMENTSOF(global); k++)
		ret[n++] = global[k];
	for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
		if (volume_options[k].option && !(x && (x->excluded & VOLUME_OPTION_BIT(k))))
			ret[n++] =
			        (struct option){ volume_options[k].option,
				                 volume_options[k].has_arg, NULL, OPTION_VAL(k) };
	for (size_t k = 0; x && x->options && x->options[k].name && k < EXTRA_MAX; k++)
		ret[n++] = x->options[k];
	ret[n] = (struct option){};
}

static int value_error(const struct volume_option *opt, const struct volume_option_error *e,
                       const char *value) {
	_cleanup_free_ char *subject = NULL;
	const char *format = e->subject ?: opt->subject;
	int k;

	if (format)
		k = asprintf(&subject, format, value);
	else
		k = asprintf(&subject, "Invalid --%s '%s'", opt->option, value);
	if (k < 0)
		return log_usage_errno(-ENOMEM, "Out of memory.");
	return log_usage_errno(-EINVAL, "%s%s.", subject, e->reason);
}

static int store(struct parse_state *p, enum volume_option_id id, const char *arg,
                 const union volume_value *v) {
	struct create_options *o = &p->o;

	switch (id) {
	case VOLUME_OPTION_SWAP:
		o->role = EPHVOL_ROLE_SWAP;
		break;
	case VOLUME_OPTION_MOUNT:
		o->role = EPHVOL_ROLE_TMP;
		o->mountpoint = v->string;
		break;
	case VOLUME_OPTION_RAW:
		o->role = EPHVOL_ROLE_RAW;
		break;
	case VOLUME_OPTION_ZRAM:
		p->zram_size = arg;
		o->backend = EPHVOL_BACKEND_ZRAM;
		break;
	case VOLUME_OPTION_DEVICE:
		o->device = v->string;
		o->backend = EPHVOL_BACKEND_DISK;
		break;
	case VOLUME_OPTION_FILE:
		o->file = v->string;
		o->backend = EPHVOL_BACKEND_DISK;
		break;
	case VOLUME_OPTION_SIZE:
		o->file_size = v->bytes;
		break;
	case VOLUME_OPTION_CIPHER:
		p->cipher_spec = arg;
		break;
	case VOLUME_OPTION_KEY_SIZE:
		o->key_bits = v->number;
		break;
	case VOLUME_OPTION_SECTOR_SIZE:
		o->sector_size = v->number;
		break;
	case VOLUME_OPTION_PRIORITY:
		o->priority = (int)v->number;
		break;
	case VOLUME_OPTION_FS:
		o->fstype = v->string;
		break;
	case VOLUME_OPTION_MODE:
		o->mode = (mode_t)v->number;
		break;
	case VOLUME_OPTION_OWNER:
		o->uid = v->owner.uid;
		o->gid = v->owner.gid;
		break;
	case VOLUME_OPTION_MOUNT_OPTIONS:
		o->mount_options = v->string;
		break;
	case VOLUME_OPTION_COMP_ALGORITHM:
		o->comp_algorithm = v->string;
		break;
	case VOLUME_OPTION_RECOMP_ALGORITHM:
		o->recomp_algorithm = v->string;
		break;
	case VOLUME_OPTION_COMP_LEVEL:
		o->comp_level = v->number;
		break;
	case VOLUME_OPTION_COMP_DICT:
		o->comp_dict = v->string;
		break;
	case VOLUME_OPTION_MEM_LIMIT:
		o->mem_limit = v->string;
		break;
	case VOLUME_OPTION_WRITEBACK:
		o->writeback = v->string;
		break;
	case VOLUME_OPTION_WRITEBACK_LIMIT:
		o->writeback_limit = v->bytes;
		break;
	case VOLUME_OPTION_WRITEBACK_IDLE_AGE:
		o->writeback_idle_age = v->seconds;
		break;
	case VOLUME_OPTION_WORKQUEUES:
		o->workqueues = true;
		break;
	case VOLUME_OPTION_FORCE:
		o->force = true;
		break;
	case VOLUME_OPTION_INTEGRITY: /* in p->given: resolve_cipher() */
		break;
	case VOLUME_OPTION_JSON:
		o->json = true;
		break;
	case VOLUME_OPTION_NO_ACTIVATE:
		o->no_activate = true;
		break;
	default:
		return log_usage_errno(-EINVAL, "Unexpected option.");
	}
	return 0;
}

static int take_option(struct parse_state *p, enum volume_option_id id, const char *arg) {
	const struct volume_option *opt = &volume_options[id];
	struct volume_option_error e = {};
	union volume_value v = {};
	int r;

	if ((id == VOLUME_OPTION_SWAP || id == VOLUME_OPTION_MOUNT || id == VOLUME_OPTION_RAW) &&
	    p->o.role != (enum ephvol_role) - 1)
		return log_usage_errno(-EINVAL,
		                       "Only one of --swap, --mount and --raw may be given.");
	/* A zram size or a cipher is judged after the rules between options: "--cipher
	 * applies to ... only" says more than what is wrong with a spec not used. */
	if (arg && opt->parse && id != VOLUME_OPTION_ZRAM && id != VOLUME_OPTION_CIPHER) {
		r = opt->parse(arg, &v, &e);
		if (r == -ENOMEM)
			return log_usage_errno(r, "Out of memory.");
		if (r < 0)
			return value_error(opt, &e, arg);
	}
	p->given |= VOLUME_OPTION_BIT(id);
	return store(p, id, arg, &v);
}

/* The needs of the options given, from FROM to TO, each refused in one line. */
static int check_needs(const struct parse_state *p, enum volume_need from, enum volume_need to) {
	const struct volume_shape shape = {
		.role = p->o.role,
		.backend = p->o.backend,
		.file = p->o.file,
		.writeback = p->o.writeback,
	};

	for (enum volume_need n = from; n <= to; n++) {
		_cleanup_free_ char *what = NULL;
		char list[256];
		bool given = false;

		for (size_t k = 0; k < _VOLUME_OPTION_MAX; k++)
			given = given ||
			        (volume_options[k].needs == n && (p->given & VOLUME_OPTION_BIT(k)));
		if (!given || volume_need_met(n, &shape))
			continue;
		if (volume_need_options(n, list, sizeof(list)) < 0 ||
		    asprintf(&what, volume_need_message[n], list) < 0)
			return log_usage_errno(-ENOMEM, "Out of memory.");
		return log_usage_errno(-EINVAL, "Volume %s: %s.", p->o.name, what);
	}
	return 0;
}

/* --integrity aead: the cipher is one of aead.h's, its key size its own. */
static int resolve_aead(struct parse_state *p) {
	struct create_options *o = &p->o;
	const char *name = streq(p->cipher_spec, "auto") ? AEAD_DEFAULT : p->cipher_spec;
	const struct aead_cipher *a = aead_cipher_find(name);

	if (!a)
		return log_usage_errno(-EINVAL,
		                       "Volume %s: --integrity aead takes --cipher %s, not %s.",
		                       o->name, aead_cipher_names(), name);
	if (o->key_bits && o->key_bits != a->key_bytes * 8)
		return log_usage_errno(-EINVAL, "Volume %s: cipher %s takes a %u-bit key, not %u.",
		                       o->name, a->name, a->key_bytes * 8, o->key_bits);
	/* What the file system reads before it writes was measured for these only. */
	if (o->role == EPHVOL_ROLE_TMP && o->backend == EPHVOL_BACKEND_DISK && o->fstype &&
	    !streq(o->fstype, "ext4") && !streq(o->fstype, "ext2"))
		return log_usage_errno(
		        -EINVAL, "Volume %s: --integrity aead takes --fs ext4 or ext2.", o->name);
	snprintf(o->cipher, sizeof(o->cipher), "%s", a->kernel);
	snprintf(o->cipher_mode, sizeof(o->cipher_mode), "random");
	o->key_bits = a->key_bytes * 8;
	o->aead = a;
	return 0;
}

/* The disk volume itself, or the mapping zram writes back through. */
static int resolve_cipher(struct parse_state *p) {
	const struct volume_option *opt = &volume_options[VOLUME_OPTION_CIPHER];
	struct create_options *o = &p->o;
	struct volume_option_error e = {};
	union volume_value v;
	unsigned features = 0, bits;
	int r;

	if (p->given & VOLUME_OPTION_BIT(VOLUME_OPTION_INTEGRITY))
		return resolve_aead(p);
	r = opt->parse(p->cipher_spec, &v, &e);
	if (r < 0)
		return value_error(opt, &e, p->cipher_spec);
	if (aead_cipher_find(p->cipher_spec))
		return log_usage_errno(-EINVAL, "Volume %s: cipher %s needs --integrity aead.",
		                       o->name, p->cipher_spec);
	if (v.cipher.cipher[0]) {
		memcpy(o->cipher, v.cipher.cipher, sizeof(o->cipher));
		memcpy(o->cipher_mode, v.cipher.cipher_mode, sizeof(o->cipher_mode));
		if (!o->key_bits)
			o->key_bits = cipher_default_key_bits(o->cipher_mode);
		return 0;
	}
	/* Unknown features: Adiantum is safe and fast on any CPU. */
	r = create_options_cpu_features(&features);
	if (r < 0)
		log_debug_errno(r, "Cannot detect CPU features, assuming none: %m");
	r = cipher_pick_auto(features, o->cipher, sizeof(o->cipher), o->cipher_mode,
	                     sizeof(o->cipher_mode), &bits);
	if (r < 0)
		return log_usage_errno(r, "Cannot pick a cipher: %m");
	o->cipher_picked = !o->key_bits;
	if (!o->key_bits)
		o->key_bits = bits;
	return 0;
}

static int take_name(struct parse_state *p, int nargs, char **args) {
	if (optind >= nargs)
		return log_usage_errno(-EINVAL, "Missing volume NAME; see 'ephvol create --help'.");
	if (nargs - optind > 1)
		return log_usage_errno(-EINVAL, "Unexpected argument '%s'; create takes one NAME.",
		                       args[optind + 1]);
	if (!volume_name_is_valid(args[optind]))
		return log_usage_errno(-EINVAL,
		                       "Invalid volume name '%s': use 1-%d characters of A-Z a-z "
		                       "0-9 _ . - not starting with '.' or '-'.",
		                       args[optind], VOLUME_NAME_MAX);
	p->o.name = args[optind];
	return 0;
}

/* What only all options together tell, in the order create has always reported it. */
static int check_volume(struct parse_state *p) {
	struct create_options *o = &p->o;
	const uint64_t backends = VOLUME_OPTION_BIT(VOLUME_OPTION_ZRAM) |
	                          VOLUME_OPTION_BIT(VOLUME_OPTION_DEVICE) |
	                          VOLUME_OPTION_BIT(VOLUME_OPTION_FILE);
	int r;

	if (o->role == (enum ephvol_role) - 1)
		return log_usage_errno(
		        -EINVAL, "Volume %s: one of --swap, --mount DIR or --raw is required.",
		        o->name);
	if (__builtin_popcountll(p->given & backends) > 1)
		return log_usage_errno(-EINVAL,
		                       "Volume %s: --zram, --device and --file exclude each other.",
		                       o->name);
	r = check_needs(p, VOLUME_NEEDS_FILE, VOLUME_NEEDS_FILE);
	if (r < 0)
		return r;
	if (o->file_size % 4096)
		return log_usage_errno(
		        -EINVAL, "Volume %s: --size must be a multiple of 4096 bytes.", o->name);
	if (p->zram_size) {
		const struct volume_option *opt = &volume_options[VOLUME_OPTION_ZRAM];
		struct volume_option_error e = {};
		union volume_value v;

		if (opt->parse(p->zram_size, &v, &e) < 0)
			return value_error(opt, &e, p->zram_size);
		o->zram_size = p->zram_size;
	}
	/* auto is the default: naming it asks for no mapping. */
	if (streq(p->cipher_spec, "auto"))
		p->given &= ~VOLUME_OPTION_BIT(VOLUME_OPTION_CIPHER);
	r = check_needs(p, VOLUME_NEEDS_SWAP, _VOLUME_NEED_MAX - 1);
	if (r < 0)
		return r;
	if (o->comp_level && o->comp_algorithm && streq(o->comp_algorithm, "auto"))
		return log_usage_errno(-EINVAL,
		                       "Volume %s: --comp-level: --comp-algorithm auto picks the "
		                       "level as well.",
		                       o->name);
	if (o->backend == EPHVOL_BACKEND_ZRAM && o->priority < 0 && o->role == EPHVOL_ROLE_SWAP)
		o->priority = 100;
	if (o->backend == EPHVOL_BACKEND_ZRAM && !o->writeback)
		return 0;
	return resolve_cipher(p);
}

int create_options_parse_verb(int argc, char **argv, const struct volume_verb *x,
                              struct create_options *ret, char ***ret_rest) {
	/* Strings in *ret point into args, which *ret then owns. */
	_cleanup_(strv_freep) char **args = NULL;
	struct option options[_VOLUME_OPTION_MAX + 3 + EXTRA_MAX];
	struct parse_state p = {
		.o = {
			.name = x ? x->name : NULL,
			.role = x ? x->role : (enum ephvol_role) - 1,
			.backend = EPHVOL_BACKEND_ZRAM,
			.priority = -1,
			.fstype = "ext4",
			.mode = 01777,
		},
		.cipher_spec = "auto",
	};
	int nargs, c, r;

	args = merge_optional_size(argc, argv, &nargs);
	if (!args)
		return log_usage_errno(-ENOMEM, "Out of memory.");
	getopt_table(x, options);

	verb_getopt_begin();
	while ((c = verb_getopt(nargs, args, x ? x->shortopts : GLOBAL_SHORTOPTS "h", options,
	                        x ? x->verb : "create")) > 0) {
		if (c == 'h' || c == OPTION_VAL(VOLUME_OPTION_HELP)) {
			(x ? x->help : create_help)();
			return 1;
		}
		if (c >= VOLUME_VERB_OPTION_BASE) {
			r = x->take(x->userdata, &p.o, c, optarg);
			if (r < 0)
				return r;
			continue;
		}
		if (c < OPTION_VAL(0) || c >= OPTION_VAL(_VOLUME_OPTION_MAX))
			return log_usage_errno(-EINVAL, "Unexpected option.");
		r = take_option(&p, (enum volume_option_id)(c - OPTION_VAL(0)), optarg);
		if (r < 0)
			return r;
	}
	if (c < 0)
		return c;

	if (x)
		/* The verb's words after the options are its own (run's COMMAND). */
		*ret_rest = args + optind;
	else {
		r = take_name(&p, nargs, args);
		if (r < 0)
			return r;
	}
	r = check_volume(&p);
	if (r < 0)
		return r;

	p.o.args = TAKE_PTR(args);
	*ret = p.o;
	return 0;
}

int create_options_parse(int argc, char **argv, struct create_options *ret) {
	return create_options_parse_verb(argc, argv, NULL, ret, NULL);
}

void create_options_done(struct create_options *o) {
	strv_free(o->args);
	o->args = NULL;
}

int sector_size_pick(uint64_t device_bytes, unsigned logical_block, unsigned requested,
                     unsigned *ret) {
	if (requested) {
		if (requested < logical_block || device_bytes % requested)
			return -EINVAL;
		*ret = requested;
		return 0;
	}
	/* Largest power of two up to 4096 that the device's size and block size allow. */
	for (unsigned s = 4096; s >= 512; s /= 2)
		if (s >= logical_block && device_bytes % s == 0) {
			*ret = s;
			return 0;
		}
	return -EINVAL;
}
