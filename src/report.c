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

void oc_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}
