/* atomicio.h - artifacts are written whole or not at all.
 *
 * A temporary file is created in the target's directory, written, fsync'd,
 * renamed over the target, then the directory is fsync'd.  Until commit the
 * old file stays untouched; abort (or a failed commit) removes the
 * temporary.  Pending temporaries are also removed by oc_atomic_cleanup(),
 * which is async-signal-safe so SIGINT/SIGTERM handlers can call it. */
#ifndef OC_ATOMICIO_H
#define OC_ATOMICIO_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

struct oc_afile {
	FILE *fp;           /* write through this */
	char *path;         /* final name */
	char *tmp;          /* temporary name */
	int slot;           /* registration for oc_atomic_cleanup */
};

/* Starts writing path.  OC_ECANTCREAT when the directory is not writable. */
int oc_afile_open(struct oc_afile *af, const char *path, struct oc_err *err);

/* Flushes, fsyncs and closes the temporary, without renaming it: after
 * this only the rename is left, so a set of files can be made durable
 * first and renamed together.  On failure (e.g. ENOSPC: OC_EIO) the
 * temporary is removed. */
int oc_afile_finish(struct oc_afile *af, struct oc_err *err);

/* Finishes the file unless oc_afile_finish did, renames it into place and
 * fsyncs the directory.  On any failure (e.g. ENOSPC: OC_EIO) the
 * temporary is removed and the old file is left as it was. */
int oc_afile_commit(struct oc_afile *af, struct oc_err *err);

/* oc_afile_commit without the directory fsync: the file is in place but
 * its rename not yet durable.  For a set of files in one directory: rename
 * each, then call oc_sync_dir_of once. */
int oc_afile_rename(struct oc_afile *af, struct oc_err *err);

/* fsyncs the directory holding path, which makes renames in it durable
 * (best effort, as oc_afile_commit). */
void oc_sync_dir_of(const char *path);

/* Discards the temporary.  Safe after a commit and on a zeroed struct. */
void oc_afile_abort(struct oc_afile *af);

/* OC_OK when path is absent or a regular file, which a rename can replace;
 * OC_ECANTCREAT when it is a directory or another kind of file.  Checking
 * every file of a set before renaming the first keeps the set whole. */
int oc_afile_check_target(const char *path, struct oc_err *err);

/* Creates directory dir with any missing parents, as mkdir -p does (mode
 * 0777 less the umask).  OC_OK when it exists; OC_ECANTCREAT with the
 * reason when it cannot be made or is not a directory.  Messages name it
 * as shown (dir when NULL). */
int oc_mkdir_p(const char *dir, const char *shown, struct oc_err *err);

/* Writes len bytes of buf as path, atomically. */
int oc_atomic_write(const char *path, const void *buf, size_t len, struct oc_err *err);

/* Unlinks every temporary still pending (async-signal-safe). */
void oc_atomic_cleanup(void);

/* Joins dir and name into a malloc'd path ("dir/name"; just name for "" or "."). */
char *oc_path_join(const char *dir, const char *name);

#endif
