/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bench-io-output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-output.h"
#include "json-writer.h"
#include "kcapi-name.h"
#include "macro.h"
#include "table.h"

void bench_io_config_text(struct bench_io_row *row, const char *default_cipher,
                          unsigned default_bits) {
	size_t size = sizeof(row->config), off = 0;
	char *s = row->config;

	s[0] = 0;
	if (row->plain_defaults) {
		snprintf(s, size, "cryptsetup plain defaults");
		return;
	}
	if (!default_cipher || !streq(row->cipher, default_cipher))
		off += (size_t)snprintf(s + off, size - off, "--cipher %s", row->cipher);
	if (off < size && row->key_bits != (default_cipher && streq(row->cipher, default_cipher)
	                                            ? default_bits
	                                            : cipher_default_key_bits(row->cipher)))
		off += (size_t)snprintf(s + off, size - off, "%s--key-size %u", off ? " " : "",
		                        row->key_bits);
	if (off < size && row->workqueues)
		off += (size_t)snprintf(s + off, size - off, "%s--workqueues", off ? " " : "");
	if (off == 0)
		snprintf(s, size, "ephvol default");
}

/* ---- verdicts ---- */

static double latency(const struct io_figures *f) {
	return f->read_lat_us + f->write_lat_us;
}

static double throughput(const struct io_figures *f) {
	return f->seq_read_mibs + f->seq_write_mibs;
}

static double factor(double big, double small) {
	return small > 0 ? big / small : 0;
}

size_t bench_io_verdicts(const struct bench_io_report *r, struct bench_io_verdict *ret) {
	size_t n = 0;

	for (size_t i = 0; i < r->n_rows; i++) {
		const struct bench_io_row *b = &r->rows[i], *w = NULL;
		double lb, lw, tb, tw;

		if (b->workqueues || b->plain_defaults || !b->measured)
			continue;
		for (size_t j = 0; j < r->n_rows && !w; j++)
			if (r->rows[j].workqueues && !r->rows[j].plain_defaults &&
			    r->rows[j].measured && r->rows[j].key_bits == b->key_bits &&
			    streq(r->rows[j].cipher, b->cipher))
				w = &r->rows[j];
		if (!w)
			continue;
		lb = latency(&b->fig);
		lw = latency(&w->fig);
		tb = throughput(&b->fig);
		tw = throughput(&w->fig);
		ret[n++] = (struct bench_io_verdict){
			.cipher = b->cipher,
			.key_bits = b->key_bits,
			.latency_workqueues = lw < lb,
			.latency_factor = lw < lb ? factor(lb, lw) : factor(lw, lb),
			.throughput_workqueues = tw > tb,
			.throughput_factor = tw > tb ? factor(tw, tb) : factor(tb, tw),
		};
	}
	return n;
}

static const char *queues_word(bool workqueues) {
	return workqueues ? "workqueues" : "bypass";
}

int bench_io_verdict_line(const struct bench_io_verdict *v, char **ret) {
	return asprintf(ret,
	                "%s (%u-bit key): %s won 4 KiB latency by %.2fx; %s won sequential "
	                "throughput by %.2fx.",
	                v->cipher, v->key_bits, queues_word(v->latency_workqueues),
	                v->latency_factor, queues_word(v->throughput_workqueues),
	                v->throughput_factor) < 0
	               ? -ENOMEM
	               : 0;
}

/* ---- the table ---- */

enum {
	IO_CIPHER,
	IO_KEY,
	IO_SECTOR,
	IO_QUEUES,
	IO_CONFIG,
	IO_READ_IOPS,
	IO_READ_LAT,
	IO_WRITE_IOPS,
	IO_WRITE_LAT,
	IO_SEQ_READ,
	IO_SEQ_WRITE,
	IO_COLUMNS
};
#define NUM(name, json)                                                                            \
	{ name, json, 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, false, true }
static const struct table_column io_columns[] = {
	[IO_CIPHER] = { "CIPHER", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[IO_KEY] = NUM("KEY", "key_bits"),
	[IO_SECTOR] = NUM("SECTOR", "sector_size"),
	[IO_QUEUES] = { "QUEUES", NULL, 10, 0, SCOLS_JSON_STRING, false, true },
	[IO_CONFIG] = { "CONFIG", NULL, 0.2, 0, SCOLS_JSON_STRING, false, true },
	[IO_READ_IOPS] = NUM("READ_4K_IOPS", NULL),
	[IO_READ_LAT] = NUM("READ_4K_LAT_US", NULL),
	[IO_WRITE_IOPS] = NUM("WRITE_4K_IOPS", NULL),
	[IO_WRITE_LAT] = NUM("WRITE_4K_LAT_US", NULL),
	[IO_SEQ_READ] = NUM("SEQ_READ_MIBS", NULL),
	[IO_SEQ_WRITE] = NUM("SEQ_WRITE_MIBS", NULL),
};
_Static_assert(ELEMENTSOF(io_columns) == IO_COLUMNS, "io_columns");
_Static_assert(IO_COLUMNS <= BENCH_COLUMNS_MAX, "io_columns");

static char *number(const char *format, double v) {
	char *s;

	return asprintf(&s, format, v) < 0 ? NULL : s;
}

static char *io_cell(const struct bench_io_row *row, unsigned id) {
	const struct io_figures *f = &row->fig;
	char *s;

	switch (id) {
	case IO_CIPHER:
		return strdup(row->cipher);
	case IO_KEY:
		return asprintf(&s, "%u", row->key_bits) < 0 ? NULL : s;
	case IO_SECTOR:
		return row->measured && asprintf(&s, "%u", f->sector_size) >= 0 ? s : NULL;
	case IO_QUEUES:
		return strdup(queues_word(row->workqueues));
	case IO_CONFIG:
		return strdup(row->config);
	}
	if (!row->measured)
		return NULL;
	switch (id) {
	case IO_READ_IOPS:
		return number("%.0f", f->read_iops);
	case IO_READ_LAT:
		return number("%.1f", f->read_lat_us);
	case IO_WRITE_IOPS:
		return number("%.0f", f->write_iops);
	case IO_WRITE_LAT:
		return number("%.1f", f->write_lat_us);
	case IO_SEQ_READ:
		return number("%.1f", f->seq_read_mibs);
	case IO_SEQ_WRITE:
		return number("%.1f", f->seq_write_mibs);
	}
	return NULL;
}

static char *io_cell_fn(const void *row, unsigned id, bool json) {
	(void)json;
	return io_cell(row, id);
}

static int io_table(const struct bench_io_report *r, bool json, struct libscols_table **ret) {
	return bench_table("io", io_columns, IO_COLUMNS, r->rows, sizeof(*r->rows), r->n_rows,
	                   io_cell_fn, json, ret);
}

int bench_io_print_text(const struct bench_io_report *r) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	struct bench_io_verdict v[BENCH_IO_ROWS_MAX / 2];
	size_t n = bench_io_verdicts(r, v);
	int k;

	printf("I/O through dm-crypt on %s, O_DIRECT, %u s per measurement: 4 KiB random at "
	       "queue depth 1 (median latency), 1 MiB sequential:\n",
	       r->device, r->seconds);
	k = io_table(r, false, &tb);
	if (k >= 0)
		k = table_print(tb);
	if (k < 0)
		return k;
	if (n)
		printf("\n");
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *line = NULL;

		k = bench_io_verdict_line(&v[i], &line);
		if (k < 0)
			return k;
		printf("%s\n", line);
	}
	return fflush(stdout) == 0 ? 0 : -EIO;
}

static void json_factor(struct json_writer *w, const char *key, double v) {
	char buf[32];

	snprintf(buf, sizeof(buf), "%.2f", v);
	json_literal(w, key, buf);
}

int bench_io_print_json(const struct bench_io_report *r) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	struct bench_io_verdict v[BENCH_IO_ROWS_MAX / 2];
	size_t n = bench_io_verdicts(r, v);
	struct json_writer w;
	int k;

	k = io_table(r, true, &tb);
	if (k < 0)
		return k;
	json_writer_init(&w, stdout);
	json_object_open(&w, NULL, false);
	json_string(&w, "device", r->device);
	json_u64(&w, "seconds", r->seconds);
	k = table_write_json(tb, &w);
	if (k < 0)
		return k;
	json_array_open(&w, "verdicts", false);
	for (size_t i = 0; i < n; i++) {
		json_object_open(&w, NULL, true);
		json_string(&w, "cipher", v[i].cipher);
		json_u64(&w, "key_bits", v[i].key_bits);
		json_string(&w, "latency_winner", queues_word(v[i].latency_workqueues));
		json_factor(&w, "latency_factor", v[i].latency_factor);
		json_string(&w, "throughput_winner", queues_word(v[i].throughput_workqueues));
		json_factor(&w, "throughput_factor", v[i].throughput_factor);
		json_close(&w);
	}
	json_close(&w);
	json_close(&w);
	return json_writer_finish(&w);
}
