/* SPDX-License-Identifier: MIT */
/* artset.h - the artifact set is replaced whole or not at all.
 *
 * One transaction for every mode that writes artifacts:
 *   1. an exclusive flock(2) on the artifact directory itself (no lock
 *      file), waited for, or refused at once (OC_ETEMPFAIL) with no_wait;
 *   2. an unfinished commit left by a killed run is completed or rolled
 *      back (oc_artset_recover) before anything else;
 *   3. each file is written as NAME.tmp.XXXXXX with an existing NAME's mode
 *      and group, and synced;
 *   4. every existing NAME gets a hard link .opticure-old.NAME, then the
 *      journal .opticure-commit (synced) lists the renames to make: from
 *      here the set is committed;
 *   5. the temporaries are renamed over the targets, signals held back;
 *      a failed rename restores the previous files from their links;
 *   6. the directory is synced, the journal and links removed.
 * A crash before 4 leaves the previous set (and strays that recovery
 * removes); after it the next run completes the renames, or, if one
 * cannot be made, restores the previous set. */
#ifndef OC_ARTSET_H
#define OC_ARTSET_H

#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/status.h"

/* The artifacts' file names, every one a run can write. */
#define OC_GEN_CSV "curing_data.csv"
#define OC_GEN_META "curing_data_metadata.json"
#define OC_METRICS_FILE "model_metrics.csv"
#define OC_CV_FILE "model_cv.csv"
#define OC_MODEL_FILE "bat_curing_pipeline.model"

/* Most files one transaction writes (data, metadata, metrics, the
 * cross-validation scores, model). */
#define OC_ARTSET_MAX 5

/* Name of the journal and prefix of the previous files' links. */
#define OC_ARTSET_JOURNAL ".opticure-commit"
#define OC_ARTSET_OLD_PREFIX ".opticure-old."

/* How to wait for the directory's lock. */
struct oc_lock_opts {
	int no_wait;                        /* refuse at once (OC_ETEMPFAIL) when held */
	void (*waiting)(void *ctx, const char *dir); /* called once before waiting */
	void *ctx;
	const atomic_int *cancel;           /* non-zero while waiting: OC_ECANCELED */
};

struct oc_artset_file {
	char name[NAME_MAX + 1];            /* final name in the directory */
	char tmp[NAME_MAX + 1];             /* temporary, "" when none */
	FILE *fp;                           /* open while being written */
	int had_old;                        /* name existed: kept as a link until done */
};

struct oc_artset {
	int dirfd;                          /* locked directory, -1 when closed */
	char *dir;                          /* as given, for messages */
	int n;
	struct oc_artset_file f[OC_ARTSET_MAX];
};

/* Reads the process umask once (call before starting threads); new
 * artifacts get 0666 less it. */
void oc_artset_init_umask(void);

/* Locks dir (which must exist) and recovers any unfinished commit. */
int oc_artset_begin(struct oc_artset *s, const char *dir, const struct oc_lock_opts *lk,
                    struct oc_err *err);

/* Starts file name (no '/') of the set: a temporary with the existing
 * file's mode and group (never wider), or 0666 less the umask.  Write
 * through *fp; OC_ECANTCREAT when name cannot be replaced (a directory,
 * not a regular file) or the temporary cannot be made. */
int oc_artset_add(struct oc_artset *s, const char *name, FILE **fp, struct oc_err *err);

/* oc_artset_add + writing len bytes of buf. */
int oc_artset_add_buf(struct oc_artset *s, const char *name, const void *buf, size_t len,
                      struct oc_err *err);

/* Flushes, syncs and closes every temporary (commit does it too; apart,
 * a caller can look at a cancel flag between the two). */
int oc_artset_sync(struct oc_artset *s, struct oc_err *err);

/* Syncs every temporary and commits the set (steps 4-6 above).  On
 * failure the previous set is in place and err says why (OC_ECANTCREAT,
 * OC_EIO). */
int oc_artset_commit(struct oc_artset *s, struct oc_err *err);

/* Removes temporaries not committed, unlocks and closes.  Safe on a
 * zeroed or ended set. */
void oc_artset_end(struct oc_artset *s);

/* Locks dir, completes or rolls back an unfinished commit there and
 * removes temporaries a killed run left, then unlocks.  *what (may be
 * NULL) is set to 0 (nothing to do), 1 (an interrupted commit completed)
 * or 2 (rolled back).  OC_OK when dir does not exist. */
int oc_artset_recover(const char *dir, const struct oc_lock_opts *lk, int *what,
                      struct oc_err *err);

/* Unlinks every temporary still pending (async-signal-safe). */
void oc_artset_cleanup(void);

#endif
