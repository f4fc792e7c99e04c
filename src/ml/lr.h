/* lr.h - Logistic regression (L2, lbfgs objective). */
#ifndef OC_ML_LR_H
#define OC_ML_LR_H

#include "ml/model.h"

extern const struct oc_model_ops oc_lr_ops;

#endif
