/* SPDX-License-Identifier: MIT */
/* cmd_model.h - what --predict and --check share: loading the saved model
 * with the user-facing messages, and finding its feature columns by name
 * in a CSV header. */
#ifndef OC_CMD_MODEL_H
#define OC_CMD_MODEL_H

#include <stddef.h>

#include "cmd/cli.h"
#include "pipeline/conf.h"
#include "io/modelfile.h"

/* Loads the model file of cfg's artifact directory; *idx is the model -m
 * names (the best one by default).  Reports failures on stderr and returns
 * the exit status (OC_OK on success). */
int oc_cmd_load_model(const struct oc_cli *cli, const struct oc_config *cfg,
                      struct oc_bundle **b, int *idx);

/* col[j] = the header field (of n, at path:line) named like the model's
 * feature j.  OC_EDATA naming FILE:LINE when one is missing or repeated. */
int oc_cmd_map_features(const struct oc_bundle *b, char **fields, size_t n, const char *path,
                        long line, size_t *col, struct oc_err *err);

#endif
