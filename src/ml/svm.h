/* svm.h - Support vector classifier (RBF, Platt scaling). */
#ifndef OC_ML_SVM_H
#define OC_ML_SVM_H

#include "ml/model.h"

extern const struct oc_model_ops oc_svm_ops;

#endif
