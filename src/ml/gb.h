/* SPDX-License-Identifier: MIT */
/* gb.h - Gradient boosting. */
#ifndef OC_ML_GB_H
#define OC_ML_GB_H

#include "ml/model.h"

extern const struct oc_model_ops oc_gb_ops;

#endif
