/* cmd_generate.c - `opticure --generate`: the synthetic data set and its
 * metadata, nothing else (see cmd.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomicio.h"
#include "cmd.h"
#include "gen.h"

int oc_cmd_generate(const struct oc_cli *cli, const struct oc_config *cfg)
{
	struct oc_err err;
	struct oc_dataset *ds = NULL;
	char *path, shown[2 * OC_PATH_MAX + 64];
	int st;

	oc_err_clear(&err);
	if (cfg->data_seed < 0 || cfg->data_seed > (long)UINT32_MAX) {
		oc_err_set(&err, OC_ECONFIG, "seed %ld is outside 0..4294967295", cfg->data_seed);
		return oc_report_error(&err);
	}
	if ((st = oc_mkdir_p(cfg->output_dir, oc_config_path_shown(cfg, OC_CONF_OUTPUT_DIR, shown,
	                                                            sizeof shown), &err)) != OC_OK)
		return oc_report_error(&err);
	st = oc_generate_write(cfg->output_dir, cfg->data_rows, (uint32_t)cfg->data_seed,
	                       (int)cfg->data_grades, &ds, &err);
	if (st != OC_OK)
		return oc_report_error(&err);
	if (!cli->quiet) {
		size_t counts[OC_MAX_CLASSES];
		path = oc_path_join(cfg->output_dir, OC_GEN_CSV);
		oc_dataset_class_counts(ds, counts);
		fprintf(stderr, "opticure: wrote %s: %zu row%s (", path ? path : OC_GEN_CSV,
		        ds->n_rows, ds->n_rows == 1 ? "" : "s");
		for (size_t c = 0; c < ds->n_classes; c++)
			fprintf(stderr, "%s%s %zu", c ? ", " : "", ds->class_names[c], counts[c]);
		fprintf(stderr, "), seed %ld\n", cfg->data_seed);
		free(path);
	}
	oc_dataset_free(&ds);
	return OC_OK;
}
