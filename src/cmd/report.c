/* SPDX-License-Identifier: MIT */
/* report.c - how the program shows errors and finishes its output. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

size_t oc_utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	unsigned cp;
	if (!len || len > n || p[0] >= 0xf5)
		return 0;
	cp = p[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void oc_put_escaped(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			putc(p[i++], f);
		} else if (p[i] >= 0x80 && (k = oc_utf8_len(p + i, n - i)) > 0 &&
		           !(p[i] == 0xc2 && p[i + 1] < 0xa0)) {   /* C1 controls are escaped */
			fwrite(p + i, 1, k, f);
			i += k;
		} else {
			fprintf(f, "\\x%02x", p[i++]);
		}
	}
}

int oc_report_error(const struct oc_err *err)
{
	const char *p = err->msg;
	if (!*p)
		p = oc_status_str(err->status);
	while (*p) {
		size_t len = strcspn(p, "\n");
		fputs(PACKAGE ": ", stderr);
		oc_put_escaped(stderr, p, len);
		putc('\n', stderr);
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

void oc_json_str(FILE *f, const char *s)
{
	size_t n = strlen(s), k;
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s, *end = p + n; p < end; p++) {
		/* always valid UTF-8: a byte that is not part of valid UTF-8 (a
		 * non-UTF-8 path or class name) is the escape \udcXX, Python's
		 * "surrogateescape" form of byte XX */
		if (*p >= 0x80) {
			if ((k = oc_utf8_len(p, (size_t)(end - p))) > 0) {
				fwrite(p, 1, k, f);
				p += k - 1;
			} else {
				fprintf(f, "\\udc%02x", *p);
			}
			continue;
		}
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
