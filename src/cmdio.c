/* cmdio.c - stdout handling shared by the reporting run modes (see cmdio.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdio.h"
#include "status.h"

int oc_stdout_close(void)
{
	int bad, e;
	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	e = errno;
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		fprintf(stderr, "opticure: error writing to standard output: %s\n",
		        strerror(e ? e : EIO));
		return OC_EIO;
	}
	return OC_OK;
}
