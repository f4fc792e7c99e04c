/* SPDX-License-Identifier: MIT */
/* cmd.h - the run modes main() dispatches to through oc_commands (cli.c).
 * Each returns the process exit status and is the only layer (with the
 * dashboard) that writes to stdout/stderr. */
#ifndef OC_CMD_H
#define OC_CMD_H

#include <stdio.h>

#include "io/artset.h"
#include "cmd/cli.h"
#include "pipeline/conf.h"

/* --batch: the pipeline without a terminal; report on stdout. */
int oc_cmd_batch(const struct oc_cli *cli, const struct oc_config *cfg);

/* --predict=FILE: score rows with the saved model, CSV on stdout. */
int oc_cmd_predict(const struct oc_cli *cli, const struct oc_config *cfg);

/* --check=FILE: drift of FILE against the model's training profile, and
 * every model's metrics on it when it has the label column.  Exit 0, or
 * OC_EDRIFT when a feature's PSI passes [monitor] psi_alert. */
int oc_cmd_check(const struct oc_cli *cli, const struct oc_config *cfg);

/* --generate: write only the synthetic data set and its metadata. */
int oc_cmd_generate(const struct oc_cli *cli, const struct oc_config *cfg);

/* --print-config: the effective configuration as a commented INI file. */
int oc_cmd_print_config(const struct oc_cli *cli, const struct oc_config *cfg);

/* No mode: the interactive dashboard (src/tui/). */
int oc_cmd_dashboard(const struct oc_cli *cli, const struct oc_config *cfg);

/* Length of the valid UTF-8 sequence of a non-ASCII character at p (n
 * bytes available), or 0. */
size_t oc_utf8_len(const unsigned char *p, size_t n);

/* Writes n bytes of s with every byte a terminal could act on (C0 and C1
 * controls, DEL) and every byte that is not valid UTF-8 shown as \xHH. */
void oc_put_escaped(FILE *f, const char *s, size_t n);

/* The lock options of cli (--no-wait), with a message on stderr (unless
 * --quiet) when the run waits for another opticure. */
struct oc_lock_opts oc_cmd_lock_opts(const struct oc_cli *cli, const atomic_int *cancel);

/* Before anything else in the artifact directory: completes or rolls back
 * a commit a killed run left unfinished, saying so (unless --quiet). */
int oc_cmd_recover(const struct oc_cli *cli, const struct oc_config *cfg);

/* Prints err's message to stderr, each line prefixed with "opticure: "
 * and escaped by oc_put_escaped;
 * returns err->status (OC_EINTERNAL if it was OC_OK). */
int oc_report_error(const struct oc_err *err);

/* Writes s as a JSON string, quotes included. */
void oc_json_str(FILE *f, const char *s);

/* Flushes and closes stdout; on a write error (e.g. ENOSPC, >/dev/full)
 * says so on stderr and returns OC_EIO, else OC_OK. */
int oc_finish_stdout(void);

#endif
