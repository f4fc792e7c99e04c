/* cmd_pending.c - run modes whose implementation has not landed yet.  Each
 * answers "not available yet" with status 70 so the command line already
 * parses as documented; a mode's real file replaces its function here. */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

static int pending(const char *what)
{
	fprintf(stderr, PACKAGE ": %s is not available yet in this version\n", what);
	return OC_EINTERNAL;
}

int oc_cmd_dashboard(const struct oc_cli *cli, const struct oc_config *cfg)
{
	(void)cli, (void)cfg;
	return pending("the dashboard");
}
