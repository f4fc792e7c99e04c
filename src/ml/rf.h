/* SPDX-License-Identifier: MIT */
/* rf.h - Random forest. */
#ifndef OC_ML_RF_H
#define OC_ML_RF_H

#include "ml/model.h"

extern const struct oc_model_ops oc_rf_ops;

#endif
