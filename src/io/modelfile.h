/* SPDX-License-Identifier: MIT */
/* modelfile.h - the trained bundle and its file, bat_curing_pipeline.model.
 *
 * A bundle holds everything the dashboard and --predict need: the feature
 * columns with their slider ranges and defaults, the class names, the
 * training settings and the SHA-256 of the training data, every trained
 * model with its test metrics, and which one is best.  The file format
 * (documented in opticure-model(5)) is line-oriented text: a magic line
 * with the format version, header records, one block per model written by
 * that model's ops->save, and a final checksum line. */
#ifndef OC_MODELFILE_H
#define OC_MODELFILE_H

#include <stddef.h>

#include "ml/cv.h"
#include "ml/metrics.h"
#include "io/artset.h"
#include "ml/model.h"
#include "core/modelio.h"
#include "data/profile.h"
#include "core/status.h"

#define OC_MODELFILE_MAGIC "opticure-model"
#define OC_MODELFILE_MAJOR 1
/* The newest minor version written and read.  1.1 added the numpy_simd
 * record, the logistic regression solver, a training profile after the
 * settings and the node covers of gradient boosting's trees
 * (explanations); 1.0 files still load without them.  1.2 added K > 2
 * classes, the class_type record (written only when the label column is not
 * one of strings) and the cross-validation report (modelfile_cv.h, when a
 * run cross-validated): a two-class model of string labels without a
 * cross-validation report needs none of 1.2 and is written as
 * OC_MODELFILE_MINOR_TWO_CLASSES, byte for byte as before 1.2 existed. */
#define OC_MODELFILE_MINOR 2
#define OC_MODELFILE_MINOR_CLASSES 2        /* first minor with K > 2 classes */
#define OC_MODELFILE_MINOR_TWO_CLASSES 1    /* the minor of a two-class file */
/* Largest model file written or read (100 MiB, the largest file GitHub
 * accepts: the artifacts are meant to be committed).  The reader checks the
 * size before reading; the writer refuses to produce a larger file. */
#define OC_MODELFILE_MAX_BYTES (100L * 1024 * 1024)

struct oc_feature_info {
	char *name;
	char *unit;         /* "°C", "%", ... or "" (UTF-8) */
	double lo, hi;      /* slider range */
	double def;         /* slider default */
};

struct oc_trained {
	const struct oc_model_ops *ops;     /* which classifier */
	void *state;                        /* its learned state */
	struct oc_metrics metrics;          /* on the test rows */
	double fit_seconds;                 /* in memory only: never written to the */
	double predict_seconds;             /* file (artifacts must be reproducible) */
	/* In memory only, NULL after a load: the test rows' classes and
	 * probabilities (2 per row) as evaluated, for oc_bundle_verify. */
	unsigned char *test_pred;
	double *test_proba;
};

struct oc_bundle {
	char *producer;                     /* "opticure 0.1.0" */
	size_t n_features;
	struct oc_feature_info *features;
	char *label_name;
	size_t n_classes;                   /* K, 2..OC_MAX_CLASSES */
	char *class_names[OC_MAX_CLASSES];  /* K, in np.unique order; [1] is the
	                                       positive class when K = 2 */
	enum oc_class_type class_type;      /* the label column's type (classes.h) */
	struct oc_model_params params;      /* training settings */
	enum oc_np_kernel np_kernel;        /* numpy log/exp the training ran with */
	double test_ratio;
	long split_seed;
	int test_file;                      /* 1: test rows from a separate file, no split */
	char data_sha256[65];               /* of the training data file */
	size_t n_train, n_test;
	struct oc_profile *profile;         /* of the training rows; NULL when
	                                       read from a format 1.0 file */
	size_t n_models;
	struct oc_trained models[OC_MODEL_COUNT];   /* in pipeline order */
	int best;                           /* index into models[] */
	/* Cross-validation of the run ([cv] folds >= 2), models in the order
	 * of models[]; NULL when none ran.  params holds the chosen values. */
	struct oc_cv_report *cv;
	int select_by;                      /* enum oc_select_by the best was chosen by */
	int file_minor;                     /* format minor version read (reader only) */
};

/* Renders b as the complete file text, checksum line included, into w
 * (initialised by the caller).  OC_EINTERNAL when out of memory,
 * OC_ECANTCREAT when the text would exceed OC_MODELFILE_MAX_BYTES, or the
 * error of a model's save. */
int oc_bundle_format(const struct oc_bundle *b, struct oc_mwriter *w, struct oc_err *err);

/* Writes b to path atomically (temp file, fsync, rename).  OC_ECANTCREAT or
 * OC_EIO on failure, with the old file untouched. */
int oc_bundle_save(const struct oc_bundle *b, const char *path, struct oc_err *err);

/* Parses and validates file text buf[0..len) (modified in place); name is
 * used in messages.  Same errors as oc_bundle_load. */
int oc_bundle_parse(const char *name, char *buf, size_t len, struct oc_bundle **out,
                    struct oc_err *err);

/* Reads and fully validates a model file.  OC_ENOINPUT when it does not
 * exist or cannot be opened, OC_EDATA with "FILE:LINE: message" for a wrong
 * magic, newer major version, bad checksum, truncation, bad numbers,
 * trailing garbage or a file larger than OC_MODELFILE_MAX_BYTES.  *out is owned by the caller; timings read back as 0. */
int oc_bundle_load(const char *path, struct oc_bundle **out, struct oc_err *err);

/* Checks, before text replaces a model file, that it is what readers will
 * see: it parses (name is used in messages), writes back to the same bytes,
 * holds b's models in b's order, and each of them gives the same class and
 * bit-identical probabilities on every row of rows (compared with the
 * models' test_pred and test_proba where set, else with b's models
 * scored again), and the same importances, as b's.  Rows are scored on
 * n_jobs threads.  OC_OK, or OC_EINTERNAL (an opticure bug, exit 70)
 * naming what differs (modelcheck.c). */
int oc_bundle_verify(const struct oc_bundle *b, const char *name, const char *text, size_t len,
                     const struct oc_dataset *rows, int n_jobs, struct oc_err *err);

/* Frees b and its models; sets *b to NULL.  NULL-safe. */
void oc_bundle_free(struct oc_bundle **b);

/* Index into b->models of the model with key ("lr"...), of the best one
 * for "best"; -2 when b has no such model. */
int oc_bundle_find(const struct oc_bundle *b, const char *key);

#endif
