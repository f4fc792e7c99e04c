/* SPDX-License-Identifier: MIT */
/* memlimit.c - memory available to the run (see memlimit.h). */
#include "config.h"

#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/memlimit.h"

size_t oc_mem_limit(void)
{
	size_t lim = SIZE_MAX;
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
	struct rlimit rl;
	if (pages > 0 && psz > 0 && (uintmax_t)pages <= SIZE_MAX / (uintmax_t)psz)
		lim = (size_t)pages * (size_t)psz;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < lim)
		lim = (size_t)rl.rlim_cur;
	if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < lim)
		lim = (size_t)rl.rlim_cur;
	return lim;
}

int oc_check_rows_fit(long rows, size_t row_bytes, struct oc_err *err)
{
	size_t lim = oc_mem_limit();
	if (rows <= 0 || (uintmax_t)rows <= lim / row_bytes)
		return OC_OK;
	return oc_err_set(err, OC_ECONFIG, "[data] rows = %ld (--rows) needs about %zu MiB, more "
	                  "than the %zu MiB this run may use (physical memory, ulimit -v/-d); "
	                  "use fewer rows", rows, (size_t)((uintmax_t)rows * row_bytes >> 20),
	                  lim >> 20);
}
