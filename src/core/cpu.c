/* SPDX-License-Identifier: MIT */
/* cpu.c - optional instruction sets (see cpu.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cpu.h"

#define SEPARATORS " \t,"

/* True when list (names separated by blanks or commas) holds the n
 * characters at name, ignoring case. */
static bool listed(const char *list, const char *name, size_t n)
{
	while (list && *list) {
		size_t len = strcspn(list, SEPARATORS);
		if (len == n && strncasecmp(list, name, n) == 0)
			return true;
		list += len;
		list += strspn(list, SEPARATORS);
	}
	return false;
}

/* One feature, by its name in GCC's __builtin_cpu_supports. */
static bool supports(const char *name, size_t n)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	__builtin_cpu_init();
	if (n == 4 && strncasecmp(name, "avx2", n) == 0)
		return __builtin_cpu_supports("avx2");
	if (n == 3 && strncasecmp(name, "fma", n) == 0)
		return __builtin_cpu_supports("fma");
	if (n == 7 && strncasecmp(name, "avx512f", n) == 0)
		return __builtin_cpu_supports("avx512f");
	if (n == 8 && strncasecmp(name, "avx512vl", n) == 0)
		return __builtin_cpu_supports("avx512vl");
#else
	(void)name;
	(void)n;
#endif
	return false;
}

bool oc_cpu_env_lists(const char *var, const char *name)
{
	return listed(getenv(var), name, strlen(name));
}

bool oc_cpu_has(const char *names)
{
	const char *off = getenv("OPTICURE_DISABLE_CPU_FEATURES");
	names += strspn(names, SEPARATORS);
	while (*names) {
		size_t len = strcspn(names, SEPARATORS);
		if (!supports(names, len) || listed(off, names, len))
			return false;
		names += len;
		names += strspn(names, SEPARATORS);
	}
	return true;
}
