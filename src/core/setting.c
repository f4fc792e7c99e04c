/* SPDX-License-Identifier: MIT */
/* setting.c - parsing, formatting and bounds of table-described fields
 * (see setting.h).  The INI messages name the value as written; their
 * wording is part of what users and scripts see. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/numfmt.h"
#include "core/setting.h"

static bool has_word(const struct oc_setting *s)
{
	return s->type == OC_SET_DOUBLE && s->names && s->names[0];
}

bool oc_setting_in_range(const struct oc_setting *s, double v)
{
	if (has_word(s) && v == 0)
		return true;
	if (isnan(v))
		return false;
	if (s->type == OC_SET_DOUBLE && !isfinite(v))
		return false;
	if ((s->flags & OC_SET_MIN_OPEN) ? !(v > s->min) : !(v >= s->min))
		return false;
	if ((s->flags & OC_SET_MAX_OPEN) ? !(v < s->max) : !(v <= s->max))
		return false;
	return true;
}

const char *oc_setting_range(const struct oc_setting *s, char *out, size_t outsz)
{
	size_t n = 0;
	out[0] = '\0';
	if (s->type == OC_SET_LONG) {
		snprintf(out, outsz, "%ld to %ld", (long)s->min, (long)s->max);
		return out;
	}
	if (s->type != OC_SET_DOUBLE)
		return out;
#define ADD(...) (n += (size_t)snprintf(out + n, n < outsz ? outsz - n : 0, __VA_ARGS__))
	if (has_word(s))
		ADD("%s or ", s->names[0]);
	if (isfinite(s->min))
		ADD("%s %g", (s->flags & OC_SET_MIN_OPEN) ? ">" : ">=", s->min);
	if (isfinite(s->max))
		ADD("%s%s %g", isfinite(s->min) ? " and " : "", (s->flags & OC_SET_MAX_OPEN) ? "<" : "<=",
		    s->max);
#undef ADD
	if (has_word(s) && !isfinite(s->min) && !isfinite(s->max))
		snprintf(out, outsz, "%s or a number", s->names[0]);
	return out;
}

/* The message of a DOUBLE outside its bounds; text is the value as written. */
static const char *double_refused(const struct oc_setting *s, const char *text, char *msg,
                                  size_t msgsz)
{
	char range[64];
	if (has_word(s)) {
		/* the range without its "WORD or " prefix */
		const char *r = oc_setting_range(s, range, sizeof range) + strlen(s->names[0]) + 4;
		snprintf(msg, msgsz, "'%s' is neither \"%s\" nor a number %s", text, s->names[0], r);
	} else if (isfinite(s->min) && isfinite(s->max)) {
		snprintf(msg, msgsz, "%s is outside %c%g, %g%c", text,
		         (s->flags & OC_SET_MIN_OPEN) ? '(' : '[', s->min, s->max,
		         (s->flags & OC_SET_MAX_OPEN) ? ')' : ']');
	} else if (isfinite(s->min)) {
		snprintf(msg, msgsz, "%s must be %s %g", text,
		         (s->flags & OC_SET_MIN_OPEN) ? "greater than" : "at least", s->min);
	} else {
		snprintf(msg, msgsz, "%s must be %s %g", text,
		         (s->flags & OC_SET_MAX_OPEN) ? "less than" : "at most", s->max);
	}
	return msg;
}

static const char *enum_refused(const struct oc_setting *s, const char *text, char *msg,
                                size_t msgsz)
{
	size_t n = (size_t)snprintf(msg, msgsz, "'%s' is not one of ", text);
	for (size_t i = 0; s->names[i] && n < msgsz; i++)
		n += (size_t)snprintf(msg + n, msgsz - n, "%s%s", i ? ", " : "", s->names[i]);
	return msg;
}

const char *oc_setting_parse(const struct oc_setting *s, void *base, const char *text,
                             char *msg, size_t msgsz)
{
	void *field = oc_setting_field(s, base);
	switch (s->type) {
	case OC_SET_LONG: {
		char *end;
		long v;
		errno = 0;
		v = strtol(text, &end, 10);
		if (!*text || *end || errno)
			return snprintf(msg, msgsz, "'%s' is not an integer", text), msg;
		if (!oc_setting_in_range(s, (double)v)) {
			if (s->min == 0 && v < 0)
				snprintf(msg, msgsz, "%ld is negative", v);
			else
				snprintf(msg, msgsz, "%ld is out of range (%ld to %ld)", v, (long)s->min,
				         (long)s->max);
			return msg;
		}
		*(long *)field = v;
		return NULL;
	}
	case OC_SET_DOUBLE: {
		double d;
		if (has_word(s) && strcmp(text, s->names[0]) == 0) {
			*(double *)field = 0.0;
			return NULL;
		}
		if (oc_parse_double(text, &d) != 0)
			return has_word(s) ? double_refused(s, text, msg, msgsz)
			                   : (snprintf(msg, msgsz, "'%s' is not a number", text), msg);
		if (!oc_setting_in_range(s, d) || (has_word(s) && d == 0))
			return double_refused(s, text, msg, msgsz);
		*(double *)field = d;
		return NULL;
	}
	case OC_SET_STRING:
		if (strlen(text) >= s->size)
			return snprintf(msg, msgsz, "value too long (at most %zu bytes)", s->size - 1), msg;
		if (!*text && (s->flags & OC_SET_NONEMPTY))
			return snprintf(msg, msgsz, "value must not be empty"), msg;
		/* "key=;x" would be read as ";x" but written back (--print-config)
		 * as "key = ;x", which reads as a comment: refuse the ambiguity. */
		if (*text == ';')
			return snprintf(msg, msgsz, "value must not start with ';' (a comment)"), msg;
		strcpy((char *)field, text);
		return NULL;
	case OC_SET_BOOL:
		if (!strcasecmp(text, "true") || !strcasecmp(text, "yes") || !strcasecmp(text, "on") ||
		    !strcmp(text, "1"))
			*(bool *)field = true;
		else if (!strcasecmp(text, "false") || !strcasecmp(text, "no") ||
		         !strcasecmp(text, "off") || !strcmp(text, "0"))
			*(bool *)field = false;
		else
			return snprintf(msg, msgsz, "'%s' is not a boolean (true or false)", text), msg;
		return NULL;
	case OC_SET_ENUM:
		for (int i = 0; s->names[i]; i++)
			if (strcmp(text, s->names[i]) == 0) {
				*(int *)field = i;
				return NULL;
			}
		return enum_refused(s, text, msg, msgsz);
	case OC_SET_CUSTOM:
		return s->codec->parse(field, text, msg, msgsz);
	}
	return "internal: unknown setting type";
}

void oc_setting_format(const struct oc_setting *s, const void *base, char *out, size_t outsz)
{
	const void *field = oc_setting_cfield(s, base);
	switch (s->type) {
	case OC_SET_LONG:
		snprintf(out, outsz, "%ld", *(const long *)field);
		return;
	case OC_SET_DOUBLE:
		if (has_word(s) && *(const double *)field <= 0)
			snprintf(out, outsz, "%s", s->names[0]);
		else
			oc_fmt_repr(*(const double *)field, out, outsz);
		return;
	case OC_SET_STRING:
		snprintf(out, outsz, "%s", (const char *)field);
		return;
	case OC_SET_BOOL:
		snprintf(out, outsz, "%s", *(const bool *)field ? "true" : "false");
		return;
	case OC_SET_ENUM:
		snprintf(out, outsz, "%s", s->names[*(const int *)field]);
		return;
	case OC_SET_CUSTOM:
		s->codec->format(field, out, outsz);
		return;
	}
}

const char *oc_setting_check(const struct oc_setting *s, const void *base, char *msg,
                             size_t msgsz)
{
	const void *field = oc_setting_cfield(s, base);
	char range[64], val[40];
	double v;
	switch (s->type) {
	case OC_SET_LONG:
		v = (double)*(const long *)field;
		snprintf(val, sizeof val, "%ld", *(const long *)field);
		break;
	case OC_SET_DOUBLE:
		v = *(const double *)field;
		oc_fmt_repr(v, val, sizeof val);
		break;
	case OC_SET_ENUM: {
		int i = *(const int *)field, n = 0;
		while (s->names[n])
			n++;
		if (i < 0 || i >= n)
			return snprintf(msg, msgsz, "%d is not a valid choice", i), msg;
		return NULL;
	}
	case OC_SET_STRING:
		if (!memchr(field, '\0', s->size))
			return snprintf(msg, msgsz, "value too long"), msg;
		if ((s->flags & OC_SET_NONEMPTY) && !*(const char *)field)
			return snprintf(msg, msgsz, "value must not be empty"), msg;
		return NULL;
	default:
		return NULL;
	}
	if (oc_setting_in_range(s, v))
		return NULL;
	snprintf(msg, msgsz, "%s is outside %s", val, oc_setting_range(s, range, sizeof range));
	return msg;
}

const char *oc_setting_lint(const struct oc_setting *s, char *msg, size_t msgsz)
{
	static const size_t sizes[] = {
		[OC_SET_LONG] = sizeof(long), [OC_SET_DOUBLE] = sizeof(double),
		[OC_SET_BOOL] = sizeof(bool), [OC_SET_ENUM] = sizeof(int),
	};
	char *scratch, why[200];
	const char *bad = NULL;
	if (!s->section || !s->key || !s->def || !s->doc || !*s->doc)
		return snprintf(msg, msgsz, "%s: section, key, default or doc missing",
		                s->key ? s->key : "?"), msg;
	if ((size_t)s->type < sizeof sizes / sizeof sizes[0] && sizes[s->type] &&
	    s->size != sizes[s->type])
		return snprintf(msg, msgsz, "[%s] %s: field size %zu does not fit its type", s->section,
		                s->key, s->size), msg;
	if ((s->type == OC_SET_ENUM && !s->names) || (s->type == OC_SET_CUSTOM && !s->codec))
		return snprintf(msg, msgsz, "[%s] %s: names or codec missing", s->section, s->key), msg;
	{
		char range[64];
		size_t len = strlen(s->doc);
		if (*oc_setting_range(s, range, sizeof range) && len >= 2 && s->doc[len - 2] == ')')
			return snprintf(msg, msgsz, "[%s] %s: doc ends in ')': the range follows it",
			                s->section, s->key), msg;
	}
	if (s->type == OC_SET_LONG && !(s->min <= s->max && fabs(s->min) <= 9007199254740992.0 &&
	                                fabs(s->max) <= 9007199254740992.0))
		return snprintf(msg, msgsz, "[%s] %s: bad bounds", s->section, s->key), msg;
	scratch = calloc(1, s->off + s->size + sizeof(double));
	if (!scratch)
		return snprintf(msg, msgsz, "out of memory"), msg;
	if (oc_setting_parse(s, scratch, s->def, why, sizeof why))
		bad = why;
	else if (oc_setting_check(s, scratch, why, sizeof why))
		bad = why;
	free(scratch);
	if (bad)
		return snprintf(msg, msgsz, "[%s] %s: default '%s': %s", s->section, s->key, s->def,
		                bad), msg;
	return NULL;
}
