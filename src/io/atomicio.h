/* SPDX-License-Identifier: MIT */
/* atomicio.h - directories and paths for artifacts, and one file written
 * whole or not at all (through the artifact-set transaction, artset.h). */
#ifndef OC_ATOMICIO_H
#define OC_ATOMICIO_H

#include <stddef.h>

#include "core/status.h"

/* Creates directory dir with any missing parents, as mkdir -p does (mode
 * 0777 less the umask).  OC_OK when it exists; OC_ECANTCREAT with the
 * reason when it cannot be made or is not a directory.  Messages name it
 * as shown (dir when NULL). */
int oc_mkdir_p(const char *dir, const char *shown, struct oc_err *err);

/* Writes len bytes of buf as path: a one-file artifact set (artset.h). */
int oc_atomic_write(const char *path, const void *buf, size_t len, struct oc_err *err);

/* Joins dir and name into a malloc'd path ("dir/name"; just name for "" or "."). */
char *oc_path_join(const char *dir, const char *name);

#endif
