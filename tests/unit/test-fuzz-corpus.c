/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The seed corpora of the fuzz targets (tests/fuzz/corpus/NAME) say what each input is:
 * ok-* is accepted and bad-* refused by the parser the target is about, so that a corpus
 * keeps the cases its names promise. Other names are fed to the fuzzers only; corpus/conf
 * has its own test in test-conf-argv.c.
 */
#include "unit.h"

#include <dirent.h>

#include "claim.h"
#include "fileio.h"
#include "kcapi-name.h"
#include "macro.h"
#include "proc-parse.h"
#include "zram-record.h"

/* Whether the parser accepts text (size bytes); what is the name without "ok-"/"bad-". */
typedef bool (*accepts_fn)(const char *what, char *text, size_t size);

static void check_corpus(const char *target, accepts_fn accepts) {
	_cleanup_free_ char *sub = NULL, *dir = NULL;
	struct dirent **names = NULL;
	int n, n_ok = 0, n_bad = 0;

	assert_true(asprintf(&sub, "../fuzz/corpus/%s", target) > 0);
	dir = unit_fixture_path(sub);
	assert_non_null(dir);
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		bool ok = strncmp(name, "ok-", 3) == 0, bad = strncmp(name, "bad-", 4) == 0;

		if (ok || bad) {
			_cleanup_free_ char *path = path_join(dir, name), *text = NULL;
			size_t size = 0;
			bool accepted;

			assert_non_null(path);
			assert_int_equal(read_full_file(path, &text, &size), 0);
			accepted = accepts(name + (ok ? 3 : 4), text, size);
			if (accepted != ok)
				print_error("corpus/%s/%s is %s\n", target, name,
				            accepted ? "accepted" : "refused");
			assert_true(accepted == ok);
			n_ok += ok;
			n_bad += bad;
		}
		free(names[i]);
	}
	free(names);
	assert_true(n_ok > 0 && n_bad > 0);
}

/* claim_read(): a device shorter than a header holds none. */
static bool claim_accepts(const char *what, char *text, size_t size) {
	struct claim c;

	(void)what;
	return size >= CLAIM_HEADER_SIZE && claim_header_parse((const uint8_t *)text, &c) == 0;
}

/* The name says which table: ok-mountinfo-*, bad-swaps-*. */
static bool tables_accept(const char *what, char *text, size_t size) {
	struct mount_entry *m = NULL;
	struct swap_entry *s = NULL;
	size_t n = 0;

	(void)size;
	if (strncmp(what, "mountinfo-", 10) == 0) {
		if (parse_mountinfo(text, &m, &n) < 0)
			return false;
		mount_entries_free(m, n);
		return true;
	}
	assert_true(strncmp(what, "swaps-", 6) == 0);
	if (parse_proc_swaps(text, &s, &n) < 0)
		return false;
	swap_entries_free(s, n);
	return true;
}

static bool zram_record_accepts(const char *what, char *text, size_t size) {
	struct zram_record rec;

	(void)what;
	(void)size;
	return zram_record_parse(text, &rec) == 0;
}

/* ok-table-*: a whole table cipher, as the library takes it; the others a --cipher SPEC. */
static bool cipher_spec_accepts(const char *what, char *text, size_t size) {
	char cipher[64], mode[64], name[KCAPI_NAME_MAX];

	(void)size;
	if (strncmp(what, "table-", 6) == 0)
		return dm_cipher_to_kcapi(text, NULL, name, sizeof(name)) == 0;
	return cipher_spec_split(text, cipher, sizeof(cipher), mode, sizeof(mode)) == 0 &&
	       dm_cipher_to_kcapi(cipher, mode, name, sizeof(name)) == 0;
}

/* The name to look up on the first line, then /proc/crypto: is there a driver for it? */
static bool proc_crypto_accepts(const char *what, char *text, size_t size) {
	char *nl = strchr(text, '\n'), driver[KCAPI_NAME_MAX];

	(void)what;
	(void)size;
	if (!nl)
		return false;
	*nl = 0;
	return proc_crypto_skcipher_driver(nl + 1, text, driver, sizeof(driver)) == 0;
}

static bool cmdline_accepts(const char *what, char *text, size_t size) {
	_cleanup_free_ char *value = NULL;

	(void)what;
	(void)size;
	return cmdline_get_value(text, "ephvol", &value) == 0;
}

static bool maps_accepts(const char *what, char *text, size_t size) {
	unsigned major, minor;
	const char *path;

	(void)what;
	(void)size;
	return parse_maps_line(text, &major, &minor, &path) == 0;
}

/* Each target's corpus and what its names promise, one test a target. */
static const struct corpus {
	const char *target;
	accepts_fn accepts;
} corpora[] = {
	{ "claim", claim_accepts },
	{ "mountinfo", tables_accept },
	{ "zram-record", zram_record_accepts },
	{ "cipher-spec", cipher_spec_accepts },
	{ "proc-crypto", proc_crypto_accepts },
	{ "cmdline", cmdline_accepts },
	{ "maps", maps_accepts },
};

static void test_corpus(void **state) {
	const struct corpus *c = *state;

	check_corpus(c->target, c->accepts);
}

int main(void) {
	struct CMUnitTest tests[ELEMENTSOF(corpora)];

	for (size_t i = 0; i < ELEMENTSOF(corpora); i++)
		tests[i] = (struct CMUnitTest){ .name = corpora[i].target,
			                        .test_func = test_corpus,
			                        .initial_state = (void *)&corpora[i] };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
