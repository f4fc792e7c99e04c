/* SPDX-License-Identifier: MIT */
/* status.c - error records (see status.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"

void oc_err_clear(struct oc_err *e)
{
	if (!e)
		return;
	e->status = OC_OK;
	e->msg[0] = '\0';
}

static void err_vappend(struct oc_err *e, size_t at, const char *fmt, va_list ap)
{
	size_t room = sizeof e->msg - at;
	int n = vsnprintf(e->msg + at, room, fmt, ap);
	if (n >= 0 && (size_t)n >= room)
		memcpy(e->msg + sizeof e->msg - 4, "...", 4);
}

int oc_err_set(struct oc_err *e, int status, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return status;
	e->status = status;
	va_start(ap, fmt);
	err_vappend(e, 0, fmt, ap);
	va_end(ap);
	return status;
}

int oc_err_append(struct oc_err *e, int status, const char *fmt, ...)
{
	va_list ap;
	size_t len;
	if (!e)
		return status;
	e->status = status;
	len = strlen(e->msg);
	if (len > 0 && len + 1 < sizeof e->msg) {
		e->msg[len++] = '\n';
		e->msg[len] = '\0';
	}
	if (len + 1 >= sizeof e->msg)
		return status;
	va_start(ap, fmt);
	err_vappend(e, len, fmt, ap);
	va_end(ap);
	return status;
}

const char *oc_status_str(int status)
{
	switch (status) {
#define OC_X(name, value, desc) case value: return desc;
	OC_STATUS_TABLE(OC_X)
#undef OC_X
	}
	return "unknown status";
}
