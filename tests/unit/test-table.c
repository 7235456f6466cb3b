/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* src/cli/table.c: column lists, the tables of status, audit and bench as text and as
 * libsmartcols' JSON, and a table written into a larger JSON document. */
#include "unit.h"

#include "json-writer.h"
#include "macro.h"
#include "table.h"

enum { T_NAME, T_SIZE, T_COUNT, T_OK, T_NOTE, _T_MAX };
static const struct table_column columns[_T_MAX] = {
	[T_NAME] = { "NAME", NULL, 2, 0, SCOLS_JSON_STRING, false, true },
	[T_SIZE] = { "SIZE", NULL, 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, true, true },
	[T_COUNT] = { "COUNT", "n_items", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, false },
	[T_OK] = { "OK", NULL, 1, 0, SCOLS_JSON_BOOLEAN, false, false },
	[T_NOTE] = { "NOTE", NULL, 0.3, SCOLS_FL_WRAP, SCOLS_JSON_STRING, false, true },
};

/* Two rows: "a" is complete, "bb" has no count and no note. */
static struct libscols_table *make(const unsigned *ids, size_t n, const struct table_format *f) {
	static const char *const rows[2][_T_MAX] = {
		{ "a", "1.5G", "12", "yes", "said \"hi\"" },
		{ "bb", "4096", NULL, NULL, NULL },
	};
	struct libscols_table *tb = NULL;

	assert_int_equal(table_new("things", columns, ids, n, f, &tb), 0);
	for (size_t k = 0; k < ELEMENTSOF(rows); k++) {
		char *cells[_T_MAX];

		for (size_t i = 0; i < n; i++)
			cells[i] = rows[k][ids[i]] ? strdup(rows[k][ids[i]]) : NULL;
		assert_int_equal(table_add_row(tb, cells, n), 0);
		for (size_t i = 0; i < n; i++)
			assert_null(cells[i]); /* taken */
	}
	return tb;
}

static char *print_captured(struct libscols_table *tb) {
	struct unit_capture c;
	char *out;
	int r;

	capture_begin(&c, STDOUT_FILENO);
	r = table_print(tb);
	out = capture_end(&c);
	assert_int_equal(r, 0);
	return out;
}

/* ---- column lists ---- */

static void test_columns_parse(void **state) {
	unsigned ids[_T_MAX];
	const char *bad = NULL;
	size_t n = 99;

	(void)state;
	assert_int_equal(
	        table_columns_parse("note,Size,NAME,size", columns, _T_MAX, ids, _T_MAX, &n, &bad),
	        0);
	assert_int_equal(n, 4);
	assert_int_equal(ids[0], T_NOTE);
	assert_int_equal(ids[1], T_SIZE);
	assert_int_equal(ids[2], T_NAME);
	assert_int_equal(ids[3], T_SIZE);
	assert_null(bad);

	/* the heading, not the JSON name; no prefixes; no empty items */
	n = 99;
	assert_int_equal(
	        table_columns_parse("name,n_items", columns, _T_MAX, ids, _T_MAX, &n, &bad),
	        -EINVAL);
	assert_string_equal(bad, "n_items");
	assert_int_equal(n, 99);
	assert_int_equal(table_columns_parse("nam", columns, _T_MAX, ids, _T_MAX, &n, &bad),
	                 -EINVAL);
	assert_string_equal(bad, "nam");
	assert_int_equal(table_columns_parse("name,,size", columns, _T_MAX, ids, _T_MAX, &n, &bad),
	                 -EINVAL);
	assert_string_equal(bad, ",size");
	assert_int_equal(table_columns_parse("name,", columns, _T_MAX, ids, _T_MAX, &n, &bad),
	                 -EINVAL);
	assert_string_equal(bad, "");
	bad = NULL;
	assert_int_equal(table_columns_parse("", columns, _T_MAX, ids, _T_MAX, &n, &bad), -EINVAL);
	assert_null(bad);
	assert_int_equal(table_columns_parse("x", columns, _T_MAX, ids, _T_MAX, &n, NULL), -EINVAL);
	assert_int_equal(table_columns_parse("name,size,ok", columns, _T_MAX, ids, 2, &n, NULL),
	                 -E2BIG);
	assert_int_equal(n, 99);
}

static void test_columns_pick(void **state) {
	static const unsigned asked[] = { T_OK, T_NAME };
	unsigned ids[_T_MAX];

	(void)state;
	assert_int_equal(table_columns_pick(columns, _T_MAX, NULL, 0, false, ids), 3);
	assert_int_equal(ids[0], T_NAME);
	assert_int_equal(ids[1], T_SIZE);
	assert_int_equal(ids[2], T_NOTE);
	assert_int_equal(table_columns_pick(columns, _T_MAX, NULL, 0, true, ids), _T_MAX);
	for (unsigned i = 0; i < _T_MAX; i++)
		assert_int_equal(ids[i], i);
	/* a list wins, in its order, text or JSON */
	assert_int_equal(table_columns_pick(columns, _T_MAX, asked, 2, true, ids), 2);
	assert_int_equal(ids[0], T_OK);
	assert_int_equal(ids[1], T_NAME);
}

/* ---- text ---- */

static void test_print_text(void **state) {
	static const unsigned ids[] = { T_NAME, T_SIZE, T_COUNT, T_NOTE };
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL, *raw = NULL;
	char *out;

	(void)state;
	/* aligned, SIZE (at least 5 wide) and COUNT to the right, empty cells blank */
	tb = make(ids, ELEMENTSOF(ids), &(struct table_format){ .headings = true });
	out = print_captured(tb);
	assert_string_equal(out, "NAME  SIZE COUNT NOTE\n"
	                         "a     1.5G    12 said \"hi\"\n"
	                         "bb    4096       \n");
	free(out);

	raw = make(ids, ELEMENTSOF(ids), &(struct table_format){ .raw = true });
	out = print_captured(raw);
	assert_string_equal(out, "a 1.5G 12 said\\x20\"hi\"\n"
	                         "bb 4096  \n");
	free(out);
}

/* ---- libsmartcols' JSON ---- */

static void test_print_json(void **state) {
	static const unsigned ids[] = { T_NAME, T_SIZE, T_COUNT, T_OK, T_NOTE };
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL, *bytes = NULL;
	char *out;

	(void)state;
	/* sizes human-readable: strings; the JSON name where one is given; no cell: null,
	 * or false for a boolean */
	tb = make(ids, ELEMENTSOF(ids), &(struct table_format){ .json = true, .headings = true });
	out = print_captured(tb);
	assert_string_equal(out, "{\n"
	                         "   \"things\": [\n"
	                         "      {\n"
	                         "         \"name\": \"a\",\n"
	                         "         \"size\": \"1.5G\",\n"
	                         "         \"n_items\": 12,\n"
	                         "         \"ok\": true,\n"
	                         "         \"note\": \"said \\\"hi\\\"\"\n"
	                         "      },{\n"
	                         "         \"name\": \"bb\",\n"
	                         "         \"size\": \"4096\",\n"
	                         "         \"n_items\": null,\n"
	                         "         \"ok\": false,\n"
	                         "         \"note\": null\n"
	                         "      }\n"
	                         "   ]\n"
	                         "}\n");
	free(out);

	/* sizes in bytes are numbers */
	bytes = make(ids, 2, &(struct table_format){ .json = true, .bytes = true });
	out = print_captured(bytes);
	assert_non_null(strstr(out, "\"size\": 4096\n"));
	free(out);
}

/* ---- a table inside a larger document ---- */

static char *write_member(struct libscols_table *tb, int *ret) {
	struct json_writer w;
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	json_writer_init(&w, f);
	json_object_open(&w, NULL, false);
	json_string(&w, "before", "x");
	*ret = table_write_json(tb, &w);
	json_u64(&w, "after", 1);
	json_close(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	fclose(f);
	return buf;
}

static void test_write_json(void **state) {
	static const unsigned ids[] = { T_NAME, T_SIZE, T_COUNT, T_OK, T_NOTE };
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL, *empty = NULL,
	                                                        *text = NULL;
	char *out;
	int r;

	(void)state;
	tb = make(ids, ELEMENTSOF(ids), &(struct table_format){ .json = true, .bytes = true });
	out = write_member(tb, &r);
	assert_int_equal(r, 0);
	/* typed as libsmartcols types them (test_print_json) */
	assert_string_equal(out, "{\n"
	                         "   \"before\": \"x\",\n"
	                         "   \"things\": [\n"
	                         "      {\n"
	                         "         \"name\": \"a\",\n"
	                         "         \"size\": 1.5G,\n"
	                         "         \"n_items\": 12,\n"
	                         "         \"ok\": true,\n"
	                         "         \"note\": \"said \\\"hi\\\"\"\n"
	                         "      },\n"
	                         "      {\n"
	                         "         \"name\": \"bb\",\n"
	                         "         \"size\": 4096,\n"
	                         "         \"n_items\": null,\n"
	                         "         \"ok\": false,\n"
	                         "         \"note\": null\n"
	                         "      }\n"
	                         "   ],\n"
	                         "   \"after\": 1\n"
	                         "}\n");
	free(out);

	assert_int_equal(
	        table_new("none", columns, ids, 1, &(struct table_format){ .json = true }, &empty),
	        0);
	out = write_member(empty, &r);
	assert_int_equal(r, 0);
	assert_non_null(strstr(out, "\"before\": \"x\",\n   \"none\": [],\n   \"after\": 1\n"));
	free(out);

	/* a text table has no JSON names */
	text = make(ids, 1, &(struct table_format){ .headings = true });
	out = write_member(text, &r);
	assert_int_equal(r, -EINVAL);
	free(out);
}

int main(void) {
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_parse), cmocka_unit_test(test_columns_pick),
		cmocka_unit_test(test_print_text),    cmocka_unit_test(test_print_json),
		cmocka_unit_test(test_write_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
