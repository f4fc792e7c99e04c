/* report.c - how the program shows errors and finishes its output. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int oc_report_error(const struct oc_err *err)
{
	const char *p = err->msg;
	if (!*p)
		p = oc_status_str(err->status);
	while (*p) {
		size_t len = strcspn(p, "\n");
		fprintf(stderr, PACKAGE ": %.*s\n", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	return err->status ? err->status : OC_EINTERNAL;
}

int oc_finish_stdout(void)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		fprintf(stderr, PACKAGE ": write error: %s\n", strerror(e ? e : EIO));
		return OC_EIO;
	}
	return OC_OK;
}

static void say_waiting(void *ctx, const char *dir)
{
	(void)ctx;
	fprintf(stderr, PACKAGE ": waiting for %s: another opticure is using it "
	        "(--no-wait to fail instead)\n", dir);
}

struct oc_lock_opts oc_cmd_lock_opts(const struct oc_cli *cli, const atomic_int *cancel)
{
	struct oc_lock_opts lk = { cli->no_wait, cli->quiet ? NULL : say_waiting, NULL, cancel };
	return lk;
}

int oc_cmd_recover(const struct oc_cli *cli, const struct oc_config *cfg)
{
	struct oc_lock_opts lk = oc_cmd_lock_opts(cli, NULL);
	struct oc_err err;
	int what, rc;
	oc_err_clear(&err);
	if ((rc = oc_artset_recover(cfg->output_dir, &lk, &what, &err)))
		return oc_report_error(&err);
	if (what && !cli->quiet)
		fprintf(stderr, PACKAGE ": %s: %s\n", cfg->output_dir,
		        what == 1 ? "completed the artifact set a killed run was committing"
		                  : "restored the previous artifact set a killed run was replacing");
	return OC_OK;
}
