/* SPDX-License-Identifier: MIT */
/* cmd_generate.c - `opticure --generate`: the synthetic data set and its
 * metadata, nothing else (see cmd.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomicio.h"
#include "cmd/cmd.h"
#include "pipeline/gen.h"
#include "core/memlimit.h"
#include "io/sigguard.h"

int oc_cmd_generate(const struct oc_cli *cli, const struct oc_config *cfg)
{
	struct oc_err err;
	struct oc_dataset *ds = NULL;
	char *path, shown[2 * OC_PATH_MAX + 64];
	struct oc_lock_opts lk;
	int st, sig;

	oc_err_clear(&err);
	if (cfg->data_seed < 0 || cfg->data_seed > (long)UINT32_MAX) {
		oc_err_set(&err, OC_ECONFIG, "seed %ld is outside 0..4294967295", cfg->data_seed);
		return oc_report_error(&err);
	}
	if ((st = oc_mkdir_p(cfg->output_dir, oc_config_path_shown(cfg, OC_CONF_OUTPUT_DIR, shown,
	                                                            sizeof shown), &err)) != OC_OK)
		return oc_report_error(&err);
	if ((st = oc_check_rows_fit(cfg->data_rows, OC_SYNTH_ROW_BYTES_GENERATE, &err)) != OC_OK)
		return oc_report_error(&err);
	oc_sig_install();
	lk = oc_cmd_lock_opts(cli, oc_sig_cancel());
	st = oc_generate_write(cfg->output_dir, cfg->data_rows, (uint32_t)cfg->data_seed,
	                       (int)cfg->data_grades, &lk, &ds, &err);
	sig = oc_sig_caught();
	oc_sig_restore();
	if (sig) {
		fprintf(stderr, "opticure: interrupted (%s); %s\n", strsignal(sig),
		        st == OC_OK ? "the files had already been written"
		                    : "previous files left unchanged");
		oc_dataset_free(&ds);
		return 128 + sig;
	}
	if (st != OC_OK)
		return oc_report_error(&err);
	if (!cli->quiet) {
		size_t counts[OC_MAX_CLASSES];
		path = oc_path_join(cfg->output_dir, OC_GEN_CSV);
		oc_dataset_class_counts(ds, counts);
		fputs("opticure: wrote ", stderr);
		oc_put_escaped(stderr, path ? path : OC_GEN_CSV, strlen(path ? path : OC_GEN_CSV));
		fprintf(stderr, ": %zu row%s (", ds->n_rows, ds->n_rows == 1 ? "" : "s");
		for (size_t c = 0; c < ds->n_classes; c++)
			fprintf(stderr, "%s%s %zu", c ? ", " : "", ds->class_names[c], counts[c]);
		fprintf(stderr, "), seed %ld\n", cfg->data_seed);
		free(path);
	}
	oc_dataset_free(&ds);
	return OC_OK;
}
