/* SPDX-License-Identifier: MIT */
/* cmd_model.c - the saved model and its columns, for --predict and --check
 * (see cmd_model.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomicio.h"
#include "cmd/cmd.h"
#include "cmd/cmd_model.h"

int oc_cmd_load_model(const struct oc_cli *cli, const struct oc_config *cfg,
                      struct oc_bundle **b, int *idx)
{
	struct oc_err err;
	char *path = oc_path_join(cfg->output_dir, OC_MODEL_FILE);
	const char *key;
	int rc;
	if (!path) {
		oc_err_set(&err, OC_EINTERNAL, "out of memory");
		return oc_report_error(&err);
	}
	rc = oc_bundle_load(path, b, &err);
	if (rc == OC_ENOINPUT) {
		char shown[2 * OC_PATH_MAX + 64];
		fputs("opticure: no trained model: ", stderr);
		oc_put_escaped(stderr, err.msg, strlen(err.msg));
		putc('\n', stderr);
		/* a relative [output] dir is taken from the current directory */
		if (strcmp(oc_config_path_shown(cfg, OC_CONF_OUTPUT_DIR, shown, sizeof shown),
		           cfg->output_dir) != 0) {
			fputs("opticure: the model directory is ", stderr);
			oc_put_escaped(stderr, shown, strlen(shown));
			putc('\n', stderr);
		}
		fprintf(stderr, "opticure: train one first with 'opticure --batch' (using the same "
		        "--dir or [output] dir)\n");
		free(path);
		return rc;
	}
	if (rc) {
		free(path);
		return oc_report_error(&err);
	}
	key = cli->model == OC_MODEL_BEST || cli->model < 0 || cli->model >= OC_MODEL_COUNT
	      ? "best" : oc_model_registry[cli->model]->key;
	*idx = oc_bundle_find(*b, key);
	if (*idx < 0) {
		fputs("opticure: ", stderr);
		oc_put_escaped(stderr, path, strlen(path));
		fprintf(stderr, " has no '%s' model (it holds:", key);
		for (size_t i = 0; i < (*b)->n_models; i++)
			fprintf(stderr, " %s", (*b)->models[i].ops->key);
		fprintf(stderr, "); enable it in [models] enabled and run 'opticure --batch'\n");
		free(path);
		oc_bundle_free(b);
		return OC_EUSAGE;
	}
	free(path);
	return OC_OK;
}

int oc_cmd_map_features(const struct oc_bundle *b, char **fields, size_t n, const char *path,
                        long line, size_t *col, struct oc_err *err)
{
	for (size_t j = 0; j < b->n_features; j++) {
		size_t k, found = n;
		for (k = 0; k < n; k++) {
			if (strcmp(fields[k], b->features[j].name) != 0)
				continue;
			if (found != n)
				return oc_err_set(err, OC_EDATA, "%s:%ld:%zu: column '%s' appears twice",
				                  path, line, k + 1, fields[k]);
			found = k;
		}
		if (found == n)
			return oc_err_set(err, OC_EDATA, "%s:%ld: missing column '%s' (the model needs it)",
			                  path, line, b->features[j].name);
		col[j] = found;
	}
	return OC_OK;
}
