/* SPDX-License-Identifier: MIT */
/* lbfgsb.h - L-BFGS-B 3.0 as scipy 1.10.1 runs it, bit for bit.
 *
 * lbfgsb.c is a statement-for-statement port of scipy 1.10.1's
 * scipy/optimize/lbfgsb_src/lbfgsb.f (Byrd, Lu, Nocedal and Zhu; version 3.0
 * with Morales and Nocedal's subspace-minimisation fix), each Fortran
 * routine one C function of the same name, with the Cholesky factorisations
 * and triangular solves of LAPACK (dpotrf, dtrtrs) where scipy's copy uses
 * LINPACK (dpofa, dtrsl): Debian 12's python3-scipy runs the system
 * liblbfgsb, which makes that substitution.  oc_lbfgsb_minimize drives it the way
 * scipy.optimize.minimize(method="L-BFGS-B", jac=True) does
 * (scipy/optimize/_lbfgsb_py.py, _minimize_lbfgsb): it evaluates the
 * objective at x0 first, answers each "FG" request (reusing the last value
 * when x did not change, as ScalarFunction does), counts iterations on
 * "NEW_X" and stops at maxiter iterations or after more than maxfun
 * evaluations.
 *
 * The objective is a callback of n variables, so every model that minimises
 * a smooth function with scipy's lbfgs (binary or multinomial logistic
 * regression) shares this one port. */
#ifndef OC_ML_LBFGSB_H
#define OC_ML_LBFGSB_H

#include <stddef.h>

/* Writes f(x) to *f and its gradient to g (n values).  Returns 0, or
 * nonzero to abandon the minimisation (oc_lbfgsb_minimize then returns that
 * value). */
typedef int (*oc_lbfgsb_fg)(void *ctx, const double *x, double *f, double *g);

struct oc_lbfgsb_opts {
	long m;             /* maxcor: stored correction pairs */
	double ftol;        /* relative reduction of f that stops (factr = ftol / eps) */
	double gtol;        /* projected-gradient infinity norm that stops (pgtol) */
	long maxiter;
	long maxfun;
	long maxls;         /* line-search steps per iteration */
};

/* scipy 1.10.1's defaults: m 10, ftol 2.2204460492503131e-09, gtol 1e-5,
 * maxiter 15000, maxfun 15000, maxls 20. */
struct oc_lbfgsb_opts oc_lbfgsb_defaults(void);

struct oc_lbfgsb_result {
	int status;         /* scipy's OptimizeResult.status: 0 converged,
	                       1 iteration or evaluation limit, 2 other stop */
	long nit;           /* iterations (scipy's nit) */
	long nfev;          /* objective evaluations (scipy's nfev) */
	double f;           /* f at the returned x */
	char message[61];   /* the Fortran task string, e.g.
	                       "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH" */
};

/* Minimises fg over n unbounded variables from x (n values, replaced by the
 * solution); g receives the gradient at the solution.  Returns 0, -1 when
 * out of memory, or the callback's nonzero return. */
int oc_lbfgsb_minimize(size_t n, double *x, double *g, oc_lbfgsb_fg fg, void *ctx,
                       const struct oc_lbfgsb_opts *opts, struct oc_lbfgsb_result *res);

#endif
