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
	if (row->aead) {
		snprintf(s, size, "--integrity aead%s%s",
		         streq(row->aead->name, AEAD_DEFAULT) ? "" : " --cipher ",
		         streq(row->aead->name, AEAD_DEFAULT) ? "" : row->aead->name);
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

size_t bench_io_costs(const struct bench_io_report *r, struct bench_io_cost *ret) {
	const struct bench_io_row *base = NULL;
	size_t n = 0;

	for (size_t i = 0; i < r->n_rows && !base; i++)
		if (r->rows[i].baseline && r->rows[i].measured)
			base = &r->rows[i];
	for (size_t i = 0; base && i < r->n_rows; i++) {
		const struct io_figures *f = &r->rows[i].fig, *b = &base->fig;

		if (!r->rows[i].aead || !r->rows[i].measured)
			continue;
		ret[n++] = (struct bench_io_cost){
			.cipher = r->rows[i].cipher,
			.baseline = base->cipher,
			.seq_read = factor(f->seq_read_mibs, b->seq_read_mibs),
			.seq_write = factor(f->seq_write_mibs, b->seq_write_mibs),
			.read_lat = factor(f->read_lat_us, b->read_lat_us),
			.write_lat = factor(f->write_lat_us, b->write_lat_us),
		};
	}
	return n;
}

int bench_io_cost_line(const struct bench_io_cost *c, char **ret) {
	return asprintf(ret,
	                "%s with integrity: sequential reads %.2fx and writes %.2fx the speed of "
	                "%s without; 4 KiB latency %.2fx (reads) and %.2fx (writes).",
	                c->cipher, c->seq_read, c->seq_write, c->baseline, c->read_lat,
	                c->write_lat) < 0
	               ? -ENOMEM
	               : 0;
}

/* ---- the table ---- */

enum {
	IO_CIPHER,
	IO_KEY,
	IO_SECTOR,
	IO_QUEUES,
	IO_INTEGRITY,
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
	[IO_INTEGRITY] = { "INTEGRITY", NULL, 0.1, 0, SCOLS_JSON_STRING, false, true },
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
	case IO_INTEGRITY:
		return row->aead && asprintf(&s, "aead:%s", row->aead->name) >= 0 ? s : NULL;
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
	/* No integrity: null in JSON, as status has it; a dash keeps the text's columns. */
	if (id == IO_INTEGRITY && !json && !((const struct bench_io_row *)row)->aead)
		return strdup("-");
	return io_cell(row, id);
}

static int io_table(const struct bench_io_report *r, bool json, struct libscols_table **ret) {
	return bench_table("io", io_columns, IO_COLUMNS, r->rows, sizeof(*r->rows), r->n_rows,
	                   io_cell_fn, json, ret);
}

int bench_io_print_text(const struct bench_io_report *r) {
	_cleanup_(sym_scols_unref_tablep) struct libscols_table *tb = NULL;
	struct bench_io_verdict v[BENCH_IO_ROWS_MAX / 2];
	struct bench_io_cost c[BENCH_IO_ROWS_MAX];
	size_t n = bench_io_verdicts(r, v), nc = bench_io_costs(r, c);
	int k;

	printf("I/O through dm-crypt on %s, O_DIRECT, %u s per measurement: 4 KiB random at "
	       "queue depth 1 (median latency), 1 MiB sequential:\n",
	       r->device, r->seconds);
	k = io_table(r, false, &tb);
	if (k >= 0)
		k = table_print(tb);
	if (k < 0)
		return k;
	if (n + nc)
		printf("\n");
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *line = NULL;

		k = bench_io_verdict_line(&v[i], &line);
		if (k < 0)
			return k;
		printf("%s\n", line);
	}
	for (size_t i = 0; i < nc; i++) {
		_cleanup_free_ char *line = NULL;

		k = bench_io_cost_line(&c[i], &line);
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
	struct bench_io_cost c[BENCH_IO_ROWS_MAX];
	size_t n = bench_io_verdicts(r, v), nc = bench_io_costs(r, c);
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
	json_array_open(&w, "integrity_costs", false);
	for (size_t i = 0; i < nc; i++) {
		json_object_open(&w, NULL, true);
		json_string(&w, "cipher", c[i].cipher);
		json_string(&w, "baseline", c[i].baseline);
		json_factor(&w, "seq_read_factor", c[i].seq_read);
		json_factor(&w, "seq_write_factor", c[i].seq_write);
		json_factor(&w, "read_4k_lat_factor", c[i].read_lat);
		json_factor(&w, "write_4k_lat_factor", c[i].write_lat);
		json_close(&w);
	}
	json_close(&w);
	json_close(&w);
	return json_writer_finish(&w);
}
