/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/shared/kcapi-name.c: dm-crypt specs as crypto API names, /proc/crypto, the
 * `--cipher auto` pick; and src/cli/sys-kcapi.c against the host kernel. */
#include "unit.h"

#include "cpu-features.h"
#include "create-options.h"
#include "fileio.h"
#include "kcapi-name.h"
#include "log.h"

#define UNTOUCHED "untouched"

/* ---- dm_cipher_to_kcapi ---- */

static void expect_name(const char *cipher, const char *mode, const char *expected) {
	char buf[KCAPI_NAME_MAX];

	assert_int_equal(dm_cipher_to_kcapi(cipher, mode, buf, sizeof(buf)), 0);
	assert_string_equal(buf, expected);
}

static void expect_name_error(const char *cipher, const char *mode, int error) {
	char buf[KCAPI_NAME_MAX] = UNTOUCHED;

	assert_int_equal(dm_cipher_to_kcapi(cipher, mode, buf, sizeof(buf)), error);
	assert_string_equal(buf, UNTOUCHED);
}

static void test_kcapi_names(void **state) {
	(void)state;
	/* the ones ephvol uses or documents */
	expect_name("aes", "xts-plain64", "xts(aes)");
	expect_name("xchacha12,aes", "adiantum-plain64", "adiantum(xchacha12,aes)");
	expect_name("xchacha20,aes", "adiantum-plain64", "adiantum(xchacha20,aes)");
	expect_name("aes", "cbc-essiv:sha256", "essiv(cbc(aes),sha256)");
	expect_name("serpent", "xts-plain64", "xts(serpent)");
	expect_name("twofish", "xts-plain64be", "xts(twofish)");
	expect_name("aes", "ecb", "ecb(aes)");
	expect_name("aes", "cbc-plain", "cbc(aes)");
	expect_name("aes", "cbc-benbi", "cbc(aes)");
	expect_name("aes", "cbc-eboiv", "cbc(aes)");
	expect_name("aes", "xts-random", "xts(aes)");
	expect_name("cipher_null", "ecb", "ecb(cipher_null)");
	/* ivopts other than ESSIV's hash do not change the name */
	expect_name("aes", "xts-plain64:whatever", "xts(aes)");
	/* dm-crypt's original format: a bare cipher, or "-plain", means cbc-plain */
	expect_name("aes", NULL, "cbc(aes)");
	expect_name("aes", "", "cbc(aes)");
	expect_name("aes", "plain", "cbc(aes)");
	/* ECB has no IV: dm-crypt ignores whatever IV mode is named */
	expect_name("aes", "ecb-plain64", "ecb(aes)");
	expect_name("aes", "ecb-nosuchiv", "ecb(aes)");
	/* key counts split the key, not the name */
	expect_name("aes:64", "cbc-lmk", "cbc(aes)");
	expect_name("aes:1", "xts-plain64", "xts(aes)");
	expect_name("aes:2", "cbc-tcw", "cbc(aes)");
	/* the crypto API's own spelling */
	expect_name("capi:xts(aes)", "plain64", "xts(aes)");
	expect_name("capi:xts(aes)-plain64", NULL, "xts(aes)");
	expect_name("capi:adiantum(xchacha12,aes)", "plain64", "adiantum(xchacha12,aes)");
	expect_name("capi:cbc(aes)", "essiv:sha256", "essiv(cbc(aes),sha256)");
	expect_name("capi:xts-aes-aesni", "plain64", "xts-aes-aesni"); /* a driver name */
	expect_name("capi:ecb(aes)", NULL, "ecb(aes)");                /* no IV at all */
}

static void test_kcapi_name_errors(void **state) {
	char long_cipher[200], buf[16] = UNTOUCHED;

	(void)state;
	expect_name_error("aes", "xts", -EINVAL);       /* "IV mechanism required" */
	expect_name_error("aes", "cbc", -EINVAL);       /* same */
	expect_name_error("aes", "xts-", -EINVAL);      /* empty IV mode */
	expect_name_error("aes", "xts-bogus", -EINVAL); /* "Invalid IV mode" */
	expect_name_error("aes", "cbc-essiv", -EINVAL); /* "Digest algorithm missing" */
	expect_name_error("aes", "cbc-essiv:", -EINVAL);
	expect_name_error("", "xts-plain64", -EINVAL);
	expect_name_error("aes", "-plain64", -EINVAL);
	expect_name_error("xts(aes)", "plain64", -EINVAL); /* API names need "capi:" */
	expect_name_error("aes)", "xts-plain64", -EINVAL);
	expect_name_error("aes:3", "xts-plain64", -EINVAL); /* key count: a power of two */
	expect_name_error("aes:0", "xts-plain64", -EINVAL);
	expect_name_error("aes:", "xts-plain64", -EINVAL);
	expect_name_error("aes:-2", "xts-plain64", -EINVAL);
	expect_name_error("aes:x", "xts-plain64", -EINVAL);
	expect_name_error("aes", "xts plain64", -EINVAL); /* blanks split a dm table line */
	expect_name_error("aes", "xts-plain64\n", -EINVAL);
	expect_name_error(NULL, "xts-plain64", -EINVAL);
	expect_name_error("capi:", "plain64", -EINVAL);
	expect_name_error("capi:xts(aes", "plain64", -EINVAL);
	expect_name_error("capi:xts)aes(", "plain64", -EINVAL);
	expect_name_error("capi:cbc(aes)", "essiv", -EINVAL);
	expect_name_error("capi:xts(aes)", "bogus", -EINVAL);

	/* The kernel's limit: CRYPTO_MAX_ALG_NAME (128) with the NUL. */
	memset(long_cipher, 'a', 122);
	long_cipher[122] = 0; /* "xts(" + 122 + ")" = 127 characters: fits */
	{
		char big[KCAPI_NAME_MAX];

		assert_int_equal(dm_cipher_to_kcapi(long_cipher, "xts-plain64", big, sizeof(big)),
		                 0);
		assert_int_equal(strlen(big), 127);
	}
	strcat(long_cipher, "a"); /* 128 characters: dm-crypt refuses it */
	expect_name_error(long_cipher, "xts-plain64", -EINVAL);
	memset(long_cipher, 'a', sizeof(long_cipher) - 1);
	long_cipher[sizeof(long_cipher) - 1] = 0;
	expect_name_error(long_cipher, "xts-plain64", -EINVAL);

	/* The caller's buffer: "xts(aes)" needs 9 bytes. */
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts-plain64", buf, 8), -ENOBUFS);
	assert_string_equal(buf, UNTOUCHED);
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts-plain64", buf, 0), -ENOBUFS);
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts-plain64", NULL, 0), -ENOBUFS);
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts-plain64", buf, 9), 0);
	assert_string_equal(buf, "xts(aes)");
	/* a malformed spec is -EINVAL whatever the buffer */
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts", buf, 1), -EINVAL);
}

/* Regression (found by tests/fuzz/fuzz-cipher-spec.c): the parentheses of a capi: API
 * name were checked, those of the ESSIV hash after it were not, so "capi:cbc(aes)-essiv:
 * sha256)" gave "essiv(cbc(aes),sha256))", a name no algorithm has. */
static void test_kcapi_name_essiv_hash_parens(void **state) {
	(void)state;
	expect_name_error("capi:cbc(aes)-essiv:sha256)", NULL, -EINVAL);
	expect_name_error("capi:cbc(aes)", "essiv:sha256)", -EINVAL);
	expect_name_error("capi:cbc(aes)", "essiv:(sha256", -EINVAL);
	expect_name("capi:cbc(aes)", "essiv:hmac(sha256)", "essiv(cbc(aes),hmac(sha256))");
}

/* ---- dm_cipher_tfm_key_bytes ---- */

static void expect_key(const char *cipher, const char *mode, unsigned key, int r, unsigned sub) {
	unsigned got = 12345;

	assert_int_equal(dm_cipher_tfm_key_bytes(cipher, mode, key, &got), r);
	assert_int_equal(got, r < 0 ? 12345 : sub);
}

static void test_tfm_key_bytes(void **state) {
	(void)state;
	expect_key("aes", "xts-plain64", 64, 0, 64);
	expect_key("xchacha12,aes", "adiantum-plain64", 32, 0, 32);
	expect_key("aes", "cbc-essiv:sha256", 32, 0, 32); /* the essiv template hashes it */
	expect_key("aes:2", "xts-plain64", 128, 0, 64);   /* two instances, a half each */
	expect_key("aes:4", "cbc-plain64", 64, 0, 16);
	/* elephant (BitLocker) takes half for itself, at most 32 bytes */
	expect_key("aes", "cbc-elephant", 64, 0, 32);
	expect_key("aes", "cbc-elephant", 32, 0, 16);
	expect_key("aes", "cbc-elephant", 128, -EINVAL, 0);
	/* lmk: 64 keys (v2), or 64 + 1 IV seed of the same size (v3) */
	expect_key("aes:64", "cbc-lmk", 64 * 16, 0, 16);
	expect_key("aes:64", "cbc-lmk", 65 * 16, 0, 16);
	expect_key("capi:cbc(aes)", "lmk", 65 * 32, 0, 32); /* capi: lmk means 64 instances */
	expect_key("aes", "cbc-tcw", 64, -EOPNOTSUPP, 0);
	expect_key("aes:64", "xts-plain64", 32, -EINVAL, 0); /* nothing left per instance */
	expect_key("aes", "ecb-tcw", 32, 0, 32);             /* ECB ignores the IV mode */
	expect_key("aes", "xts", 64, -EINVAL, 0);
}

/* ---- proc_crypto_has_skcipher ---- */

static char *read_fixture(const char *sub) {
	char *path = unit_fixture_path(sub), *text = NULL;

	assert_non_null(path);
	assert_int_equal(read_full_file(path, &text, NULL), 0);
	free(path);
	return text;
}

static void test_proc_crypto_fixture(void **state) {
	char *t = read_fixture("kcapi/proc/crypto");

	(void)state;
	/* xts(aes) from aesni: 2 x 128 to 2 x 256 bits */
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 64), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 48), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 32), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 16), -EINVAL);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 128), -EINVAL);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes)", 0), 0);       /* any length */
	assert_int_equal(proc_crypto_has_skcipher(t, "xts-aes-aesni", 64), 0); /* by driver */
	/* adiantum: exactly 256 bits */
	assert_int_equal(proc_crypto_has_skcipher(t, "adiantum(xchacha12,aes)", 32), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "adiantum(xchacha12,aes)", 64), -EINVAL);
	assert_int_equal(proc_crypto_has_skcipher(t, "adiantum(xchacha12,aes)", 16), -EINVAL);
	assert_int_equal(proc_crypto_has_skcipher(t, "adiantum(xchacha20,aes)", 32), -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher(t, "essiv(cbc(aes),sha256)", 32), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "cbc(aes)", 16), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "ecb(cipher_null)", 0), 0);
	assert_int_equal(proc_crypto_has_skcipher(t, "ecb(cipher_null)", 16), -EINVAL);
	/* listed, but not something dm-crypt can allocate as an skcipher */
	assert_int_equal(proc_crypto_has_skcipher(t, "__xts(aes)", 64), -ENOENT);   /* internal */
	assert_int_equal(proc_crypto_has_skcipher(t, "aes", 32), -ENOENT);          /* cipher */
	assert_int_equal(proc_crypto_has_skcipher(t, "aes-aesni", 32), -ENOENT);    /* cipher */
	assert_int_equal(proc_crypto_has_skcipher(t, "sha256", 32), -ENOENT);       /* shash */
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(serpent)", 64), -ENOENT); /* larval */
	assert_int_equal(proc_crypto_has_skcipher(t, "lrw(aes)", 32), -ENOENT);     /* self-test */
	/* not listed */
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(twofish)", 64), -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts", 64), -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher(t, "xts(aes", 64), -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher(t, "", 64), -EINVAL);
	assert_int_equal(proc_crypto_has_skcipher(NULL, "xts(aes)", 64), -EINVAL);
	free(t);
}

static void test_proc_crypto_format(void **state) {
	(void)state;
	assert_int_equal(proc_crypto_has_skcipher("", "xts(aes)", 64), -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher("\n\n\n", "xts(aes)", 64), -ENOENT);
	/* Linux 6.7+ (this host has 6.18): cbc(aes) without AES-NI is an lskcipher */
	assert_int_equal(proc_crypto_has_skcipher("name         : cbc(aes)\n"
	                                          "driver       : cbc(ecb(aes-fixed-time))\n"
	                                          "module       : kernel\n"
	                                          "selftest     : passed\n"
	                                          "internal     : no\n"
	                                          "type         : lskcipher\n"
	                                          "min keysize  : 16\n"
	                                          "max keysize  : 32\n\n",
	                                          "cbc(aes)", 32),
	                 0);
	/* the last entry without its empty line; no key sizes listed: any length */
	assert_int_equal(proc_crypto_has_skcipher("name : a\ntype : shash\n\n"
	                                          "name : xts(aes)\ntype : skcipher",
	                                          "xts(aes)", 4096),
	                 0);
	/* fields belong to their own entry: name of one, type of the next do not match */
	assert_int_equal(proc_crypto_has_skcipher("name : xts(aes)\ntype : cipher\n\n"
	                                          "name : other\ntype : skcipher\n",
	                                          "xts(aes)", 64),
	                 -ENOENT);
	/* one entry refuses the length, a later one (another driver) takes it */
	assert_int_equal(proc_crypto_has_skcipher("name : x\ntype : skcipher\nmax keysize : 16\n\n"
	                                          "name : x\ntype : skcipher\nmax keysize : 32\n",
	                                          "x", 32),
	                 0);
	/* only a minimum, only a maximum; a garbled number is no limit */
	assert_int_equal(
	        proc_crypto_has_skcipher("name : x\ntype : skcipher\nmin keysize : 16\n", "x", 8),
	        -EINVAL);
	assert_int_equal(
	        proc_crypto_has_skcipher("name : x\ntype : skcipher\nmax keysize : 16\n", "x", 8),
	        0);
	assert_int_equal(
	        proc_crypto_has_skcipher("name : x\ntype : skcipher\nmax keysize : 1x\n", "x", 64),
	        0);
	/* a blank line made of spaces still ends an entry; CRLF and tabs are tolerated */
	assert_int_equal(proc_crypto_has_skcipher("name : x\n  \ntype : skcipher\n", "x", 8),
	                 -ENOENT);
	assert_int_equal(proc_crypto_has_skcipher("name\t: x\r\ntype\t: skcipher\r\n", "x", 8), 0);
	/* "blkcipher"/"ablkcipher" are gone since 5.5; "aead" is not for plain dm-crypt */
	assert_int_equal(proc_crypto_has_skcipher("name : x\ntype : aead\n", "x", 8), -ENOENT);
}

/* ---- proc_crypto_skcipher_driver ---- */

static void expect_driver(const char *text, const char *name, const char *driver) {
	char buf[KCAPI_NAME_MAX] = UNTOUCHED;

	assert_int_equal(proc_crypto_skcipher_driver(text, name, buf, sizeof(buf)), 0);
	assert_string_equal(buf, driver);
}

static void expect_no_driver(const char *text, const char *name, int error) {
	char buf[KCAPI_NAME_MAX] = UNTOUCHED;

	assert_int_equal(proc_crypto_skcipher_driver(text, name, buf, sizeof(buf)), error);
	assert_string_equal(buf, UNTOUCHED);
}

static void test_skcipher_driver_fixtures(void **state) {
	char *aesni = read_fixture("crypto-drivers/aesni/proc/crypto");
	char *generic = read_fixture("crypto-drivers/generic/proc/crypto");
	char *lsk = read_fixture("crypto-drivers/lskcipher/proc/crypto");

	(void)state;
	/* AES-NI (401) over the generic template (100); not the internal __xts-aes-aesni
	 * (same priority), not the VAES driver whose self-test did not pass (800), not
	 * the larval entry */
	expect_driver(aesni, "xts(aes)", "xts-aes-aesni");
	/* equal priority: the first listed, i.e. the one registered last */
	expect_driver(aesni, "cbc(aes)", "cbc-aes-aesni-late");
	expect_driver(aesni, "essiv(cbc(aes),sha256)", "essiv(cbc-aes-aesni,sha256-avx2)");
	expect_driver(aesni, "adiantum(xchacha12,aes)",
	              "adiantum(xchacha12-simd,aes-aesni,nhpoly1305-avx2)");
	/* a driver named exactly is that driver, whatever its priority */
	expect_driver(aesni, "xts(ecb(aes-generic))", "xts(ecb(aes-generic))");
	expect_driver(aesni, "cbc-aes-aesni", "cbc-aes-aesni");
	/* only usable skciphers count: internal, untested, ciphers */
	expect_no_driver(aesni, "__xts(aes)", -ENOENT);
	expect_no_driver(aesni, "__xts-aes-aesni", -ENOENT);
	expect_no_driver(aesni, "xts-aes-vaes-avx512", -ENOENT);
	expect_no_driver(aesni, "aes", -ENOENT);
	expect_no_driver(aesni, "xts(serpent)", -ENOENT);

	/* no AES-NI: the generic code */
	expect_driver(generic, "xts(aes)", "xts(ecb(aes-generic))");
	expect_driver(generic, "adiantum(xchacha12,aes)",
	              "adiantum(xchacha12-generic,aes-generic,nhpoly1305-generic)");
	expect_no_driver(generic, "essiv(cbc(aes),sha256)", -ENOENT); /* not used yet */

	/* Linux 6.7+: an lskcipher is what dm-crypt gets for cbc(aes) */
	expect_driver(lsk, "cbc(aes)", "cbc(ecb(aes-fixed-time))");
	expect_driver(lsk, "ecb(aes)", "ecb(aes-fixed-time)");
	expect_no_driver(lsk, "xts(aes)", -ENOENT);

	free(aesni);
	free(generic);
	free(lsk);
}

static void test_skcipher_driver_edges(void **state) {
	const char *t = "name : x\ndriver : x-fast\npriority : 300\ntype : skcipher\n\n"
	                "name : x\ndriver : x-faster\npriority : 301\ntype : skcipher\n";
	char buf[16] = UNTOUCHED;

	(void)state;
	/* no priority line counts as 0; a later, higher one wins */
	expect_driver(t, "x", "x-faster");
	expect_driver("name : x\ndriver : d\ntype : skcipher", "x", "d");
	expect_driver("name : x\ndriver : a\npriority : -5\ntype : skcipher\n\n"
	              "name : x\ndriver : b\ntype : skcipher\n",
	              "x", "b");
	/* an entry without a driver line names nothing */
	expect_no_driver("name : x\ntype : skcipher\n", "x", -ENOENT);
	expect_no_driver("", "x", -ENOENT);
	expect_no_driver(t, "", -EINVAL);
	expect_no_driver(NULL, "x", -EINVAL);
	/* the caller's buffer: "x-faster" needs 9 bytes */
	assert_int_equal(proc_crypto_skcipher_driver(t, "x", buf, 8), -ENOBUFS);
	assert_string_equal(buf, UNTOUCHED);
	assert_int_equal(proc_crypto_skcipher_driver(t, "x", NULL, 0), -ENOBUFS);
	assert_int_equal(proc_crypto_skcipher_driver(t, "x", buf, 9), 0);
	assert_string_equal(buf, "x-faster");
}

static void test_default_key_bits(void **state) {
	(void)state;
	assert_int_equal(cipher_default_key_bits("xts-plain64"), 512);
	assert_int_equal(cipher_default_key_bits("xts-plain64be"), 512);
	assert_int_equal(cipher_default_key_bits("adiantum-plain64"), 256);
	assert_int_equal(cipher_default_key_bits("cbc-essiv:sha256"), 256);
	assert_int_equal(cipher_default_key_bits(NULL), 256);
}

/* ---- cipher_pick_auto ---- */

static void expect_pick(unsigned features, const char *cipher, const char *mode, unsigned bits) {
	char c[64] = UNTOUCHED, m[64] = UNTOUCHED;
	unsigned b = 0;

	assert_int_equal(cipher_pick_auto(features, c, sizeof(c), m, sizeof(m), &b), 0);
	assert_string_equal(c, cipher);
	assert_string_equal(m, mode);
	assert_int_equal(b, bits);
}

static void test_pick_auto(void **state) {
	char c[64] = UNTOUCHED, m[64] = UNTOUCHED, name[KCAPI_NAME_MAX];
	unsigned b = 7;

	(void)state;
	expect_pick(CPU_FEATURE_AES, "aes", "xts-plain64", 512);
	expect_pick(CPU_FEATURE_ALL, "aes", "xts-plain64", 512);
	expect_pick(0, "xchacha12,aes", "adiantum-plain64", 256);
	/* AVX2 without AES instructions (some VMs mask AES-NI): still Adiantum */
	expect_pick(CPU_FEATURE_ALL & ~CPU_FEATURE_AES, "xchacha12,aes", "adiantum-plain64", 256);

	/* The picks are specs dm-crypt takes, with a key length their skcipher takes. */
	assert_int_equal(dm_cipher_to_kcapi("aes", "xts-plain64", name, sizeof(name)), 0);
	assert_string_equal(name, "xts(aes)");
	assert_int_equal(
	        dm_cipher_to_kcapi("xchacha12,aes", "adiantum-plain64", name, sizeof(name)), 0);
	assert_string_equal(name, "adiantum(xchacha12,aes)");

	/* Short buffers: "xchacha12,aes" needs 14 bytes, "adiantum-plain64" 17. */
	assert_int_equal(cipher_pick_auto(0, c, 13, m, sizeof(m), &b), -ENOBUFS);
	assert_int_equal(cipher_pick_auto(0, c, sizeof(c), m, 16, &b), -ENOBUFS);
	assert_int_equal(cipher_pick_auto(CPU_FEATURE_AES, c, 3, m, sizeof(m), &b), -ENOBUFS);
	assert_string_equal(c, UNTOUCHED);
	assert_string_equal(m, UNTOUCHED);
	assert_int_equal(b, 7);
	assert_int_equal(cipher_pick_auto(0, c, 14, m, 17, &b), 0);
	assert_string_equal(c, "xchacha12,aes");
	assert_string_equal(m, "adiantum-plain64");
}

/* ---- `--cipher auto` in create_options_parse ---- */

static unsigned fake_features;
static int fake_result, fake_calls;

static int fake_cpu_features(unsigned *ret) {
	fake_calls++;
	if (fake_result < 0)
		return fake_result;
	*ret = fake_features;
	return 0;
}

#define PARSE(o, ...) create_options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o))

static void expect_auto(unsigned features, int result, const char *cipher, const char *mode,
                        unsigned bits) {
	struct create_options o;

	fake_features = features;
	fake_result = result;
	fake_calls = 0;
	assert_int_equal(PARSE(&o, "create", "d", "--swap", "--device", "/dev/vda"), 0);
	assert_int_equal(fake_calls, 1);
	assert_string_equal(o.cipher, cipher);
	assert_string_equal(o.cipher_mode, mode);
	assert_int_equal(o.key_bits, bits);
	assert_true(o.cipher_picked);
	create_options_done(&o);
}

static void test_parse_auto(void **state) {
	int (*saved)(unsigned *) = create_options_cpu_features;
	struct create_options o;

	(void)state;
	log_set_max_level(-1);
	create_options_cpu_features = fake_cpu_features;

	expect_auto(CPU_FEATURE_AES | CPU_FEATURE_AVX2, 0, "aes", "xts-plain64", 512);
	expect_auto(CPU_FEATURE_AVX2, 0, "xchacha12,aes", "adiantum-plain64", 256);
	expect_auto(CPU_FEATURE_AES, -ENOENT, "xchacha12,aes", "adiantum-plain64", 256);

	/* --key-size wins over the pick's default; "auto" spelled out is the same */
	fake_features = 0;
	fake_result = 0;
	assert_int_equal(PARSE(&o, "create", "d", "--raw", "--device", "/dev/vda", "--cipher",
	                       "auto", "--key-size", "128"),
	                 0);
	assert_string_equal(o.cipher, "xchacha12,aes");
	assert_int_equal(o.key_bits, 128);
	assert_false(o.cipher_picked); /* the key size is the caller's: checked in advance */
	create_options_done(&o);

	/* No detection for an explicit cipher, nor for zram (no cipher at all) */
	fake_calls = 0;
	assert_int_equal(PARSE(&o, "create", "d", "--raw", "--device", "/dev/vda", "--cipher",
	                       "serpent-xts-plain64"),
	                 0);
	assert_string_equal(o.cipher, "serpent");
	assert_int_equal(o.key_bits, 512);
	assert_false(o.cipher_picked);
	create_options_done(&o);
	assert_int_equal(PARSE(&o, "create", "z", "--swap"), 0);
	create_options_done(&o);
	assert_int_equal(fake_calls, 0);

	create_options_cpu_features = saved;
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kcapi_names),
		cmocka_unit_test(test_kcapi_name_errors),
		cmocka_unit_test(test_kcapi_name_essiv_hash_parens),
		cmocka_unit_test(test_tfm_key_bytes),
		cmocka_unit_test(test_proc_crypto_fixture),
		cmocka_unit_test(test_proc_crypto_format),
		cmocka_unit_test(test_skcipher_driver_fixtures),
		cmocka_unit_test(test_skcipher_driver_edges),
		cmocka_unit_test(test_default_key_bits),
		cmocka_unit_test(test_pick_auto),
		cmocka_unit_test(test_parse_auto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
