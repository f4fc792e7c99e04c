/* SPDX-License-Identifier: MIT */
/* status.h - exit statuses and the error record every library call fills.
 *
 * Library code never prints or exits: it returns a status and writes the
 * human-readable reason into a struct oc_err.  Only main.c and the
 * dashboard decide how to show it.  Status values are sysexits(3) codes
 * because they double as the program's exit status (a public contract). */
#ifndef OC_STATUS_H
#define OC_STATUS_H

#include <stddef.h>

/* X(name, value, description) */
#define OC_STATUS_TABLE(X) \
	X(OC_OK,        0,  "success") \
	X(OC_EDRIFT,    1,  "--check found drift (a feature past [monitor] psi_alert)") \
	X(OC_EUSAGE,    64, "usage error") \
	X(OC_EDATA,     65, "bad input data") \
	X(OC_ENOINPUT,  66, "input missing or unreadable") \
	X(OC_ETERM,     69, "unusable terminal") \
	X(OC_EINTERNAL, 70, "internal error") \
	X(OC_ECANTCREAT,73, "cannot create output") \
	X(OC_EIO,       74, "input/output error") \
	X(OC_ETEMPFAIL, 75, "artifact directory in use (--no-wait)") \
	X(OC_ECONFIG,   78, "configuration error") \
	X(OC_ECANCELED, 130, "interrupted")

enum oc_status {
#define OC_X(name, value, desc) name = value,
	OC_STATUS_TABLE(OC_X)
#undef OC_X
};

/* Longest message kept; config errors are appended one per line and a
 * message that would overflow ends with "..." instead. */
#define OC_ERR_MAX 8192

struct oc_err {
	int status;             /* enum oc_status; OC_OK when nothing failed */
	char msg[OC_ERR_MAX];   /* one or more lines, no trailing newline */
};

/* Clears e (status OC_OK, empty message).  e may be NULL. */
void oc_err_clear(struct oc_err *e);

/* Sets status and replaces the message (printf format).  Returns status so
 * callers can write `return oc_err_set(err, OC_EDATA, ...)`.  e may be NULL. */
int oc_err_set(struct oc_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends one more line to the message and sets status (used to report
 * every configuration error, not only the first). */
int oc_err_append(struct oc_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Short description of a status value ("bad input data"). */
const char *oc_status_str(int status);

#endif
