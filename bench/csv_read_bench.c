/* SPDX-License-Identifier: MIT */
/* csv_read_bench.c - driver for bench/csv-read: writes a synthetic curing
 * CSV of N rows (the generator), or reads one with oc_csv_read_dataset and
 * reports the read's wall time, the numeric payload and the peak RSS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "data/csvread.h"
#include "pipeline/gen.h"

int main(int argc, char **argv)
{
	struct oc_err err;
	struct oc_dataset *ds = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	double secs, payload;

	oc_err_clear(&err);
	if (argc == 4 && strcmp(argv[1], "generate") == 0) {
		if (oc_generate_write(argv[2], atol(argv[3]), 1, 2, NULL, NULL, &err) != OC_OK) {
			fprintf(stderr, "csv_read_bench: %s\n", err.msg);
			return err.status;
		}
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "read") != 0) {
		fprintf(stderr, "usage: csv_read_bench generate DIR ROWS | read FILE LABEL\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (oc_csv_read_dataset(argv[2], argv[3], &ds, &err) != OC_OK) {
		fprintf(stderr, "csv_read_bench: %s\n", err.msg);
		return err.status;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	payload = (double)ds->n_rows * (double)ds->n_features * sizeof(double);
	printf("rows %zu features %zu\n", ds->n_rows, ds->n_features);
	printf("read_seconds %.3f\n", secs);
	printf("payload_mib %.1f\n", payload / 1048576.0);
	printf("peak_rss_mib %.1f\n", (double)ru.ru_maxrss / 1024.0);
	printf("rss_over_payload %.2f\n", (double)ru.ru_maxrss * 1024.0 / payload);
	oc_dataset_free(&ds);
	return 0;
}
