/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/json-writer.c: layout, escaping and errors of the writer of bench --json. */
#include "unit.h"

#include "json-writer.h"

struct sink {
	FILE *f;
	char *buf;
	size_t size;
	struct json_writer w;
};

static void sink_open(struct sink *s) {
	*s = (struct sink){};
	s->f = open_memstream(&s->buf, &s->size);
	assert_non_null(s->f);
	json_writer_init(&s->w, s->f);
}

/* Finishes the document: its text (malloc()ed), and what json_writer_finish() said. */
static char *sink_close(struct sink *s, int *ret) {
	*ret = json_writer_finish(&s->w);
	fclose(s->f);
	return s->buf;
}

static void test_layout(void **state) {
	struct sink s;
	char *out;
	int r;

	(void)state;
	sink_open(&s);
	json_object_open(&s.w, NULL, false);
	json_object_open(&s.w, "cpu", true);
	json_array_open(&s.w, "flags", true);
	json_string(&s.w, NULL, "aes");
	json_string(&s.w, NULL, "avx2");
	json_close(&s.w);
	json_literal(&s.w, "none", NULL);
	json_close(&s.w);
	json_array_open(&s.w, "rows", false);
	json_object_open(&s.w, NULL, false);
	json_u64(&s.w, "n", UINT64_MAX);
	json_bool(&s.w, "yes", true);
	json_close(&s.w);
	json_literal(&s.w, NULL, "2.50");
	json_close(&s.w);
	json_array_open(&s.w, "empty", false);
	json_close(&s.w);
	json_object_open(&s.w, "empty_line", true);
	json_close(&s.w);
	json_bool(&s.w, "last", false);
	json_close(&s.w);
	out = sink_close(&s, &r);
	assert_int_equal(r, 0);
	assert_string_equal(out, "{\n"
	                         "   \"cpu\": {\"flags\": [\"aes\", \"avx2\"], \"none\": null},\n"
	                         "   \"rows\": [\n"
	                         "      {\n"
	                         "         \"n\": 18446744073709551615,\n"
	                         "         \"yes\": true\n"
	                         "      },\n"
	                         "      2.50\n"
	                         "   ],\n"
	                         "   \"empty\": [],\n"
	                         "   \"empty_line\": {},\n"
	                         "   \"last\": false\n"
	                         "}\n");
	free(out);
}

static void test_escaping(void **state) {
	struct sink s;
	char *out;
	int r;

	(void)state;
	sink_open(&s);
	json_object_open(&s.w, NULL, true);
	json_string(&s.w, "q\"k", "a\"b\\c\n\t\x01 é/");
	json_string(&s.w, "null", NULL);
	json_string(&s.w, "empty", "");
	json_close(&s.w);
	out = sink_close(&s, &r);
	assert_int_equal(r, 0);
	assert_string_equal(out, "{\"q\\\"k\": \"a\\\"b\\\\c\\u000a\\u0009\\u0001 é/\", "
	                         "\"null\": null, \"empty\": \"\"}\n");
	free(out);
}

static void test_errors(void **state) {
	struct sink s;
	FILE *full;
	char *out;
	int r;

	(void)state;
	/* left open */
	sink_open(&s);
	json_object_open(&s.w, NULL, false);
	free(sink_close(&s, &r));
	assert_int_equal(r, -EINVAL);

	/* closed once too often: the first error stays */
	sink_open(&s);
	json_array_open(&s.w, NULL, true);
	json_close(&s.w);
	json_close(&s.w);
	json_object_open(&s.w, NULL, true);
	free(sink_close(&s, &r));
	assert_int_equal(r, -EINVAL);

	/* too deep */
	sink_open(&s);
	for (unsigned i = 0; i <= JSON_DEPTH_MAX; i++)
		json_array_open(&s.w, NULL, true);
	for (unsigned i = 0; i < JSON_DEPTH_MAX; i++)
		json_close(&s.w);
	out = sink_close(&s, &r);
	assert_int_equal(r, -E2BIG);
	free(out);

	/* the stream fails */
	full = fopen("/dev/full", "we");
	assert_non_null(full);
	json_writer_init(&s.w, full);
	json_object_open(&s.w, NULL, false);
	json_string(&s.w, "k", "v");
	json_close(&s.w);
	assert_int_equal(json_writer_finish(&s.w), -EIO);
	fclose(full);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
