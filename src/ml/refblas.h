/* SPDX-License-Identifier: MIT */
/* refblas.h - the reference BLAS routines scikit-learn's lbfgs path reaches.
 *
 * L-BFGS-B calls ddot, daxpy, dcopy and dscal (and dtrsm and dsyrk
 * through LAPACK's dpotrf and dtrtrs), and numpy hands X @ w and X.T @ g
 * to dgemv; on Debian 12 all of them are the netlib
 * reference BLAS (LAPACK 3.11 BLAS/SRC, package libblas3).  These are
 * statement-for-statement ports, so sums are formed in the same order and
 * round the same way (the build forbids fused multiply-add).  Vectors are
 * contiguous (increment 1: the only case the callers use); matrices are
 * column-major with leading dimension lda, as in Fortran. */
#ifndef OC_ML_REFBLAS_H
#define OC_ML_REFBLAS_H

/* dx . dy (DDOT). */
double oc_ddot(long n, const double *dx, const double *dy);

/* dy += da * dx (DAXPY). */
void oc_daxpy(long n, double da, const double *dx, double *dy);

/* dy = dx (DCOPY). */
void oc_dcopy(long n, const double *dx, double *dy);

/* dx *= da (DSCAL). */
void oc_dscal(long n, double da, double *dx);

/* DGEMV: y = alpha*A*x + beta*y (trans 'N') or alpha*A'*x + beta*y
 * (trans 'T'), A m-by-n column-major with leading dimension lda. */
void oc_dgemv(char trans, long m, long n, double alpha, const double *a, long lda,
              const double *x, double beta, double *y);

/* DTRSM with side 'L': B := alpha * inv(op(A)) * B, A m-by-m triangular
 * (uplo 'U' or 'L', trans 'N' or 'T', diag 'N' or 'U'), B m-by-n.  (The
 * right-side cases are not ported: nothing here calls them.) */
void oc_dtrsm_left(char uplo, char transa, char diag, long m, long n, double alpha,
                   const double *a, long lda, double *b, long ldb);

/* DSYRK with uplo 'U': the upper triangle of C := alpha*op(A)*op(A)' + beta*C,
 * C n-by-n, op(A) n-by-k (trans 'N': A is n-by-k; 'T': A is k-by-n). */
void oc_dsyrk_upper(char trans, long n, long k, double alpha, const double *a, long lda,
                    double beta, double *c, long ldc);

/* What numpy 1.24's matmul hands a C-ordered n_rows x n_cols matrix X
 * (row i at x + i * n_cols) through CBLAS:
 *   oc_matvec:  out = X @ v   (cblas_dgemv RowMajor NoTrans = dgemv 'T')
 *   oc_tmatvec: out = X.T @ v (cblas_dgemv RowMajor Trans   = dgemv 'N') */
void oc_matvec(const double *x, long n_rows, long n_cols, const double *v, double *out);
void oc_tmatvec(const double *x, long n_rows, long n_cols, const double *v, double *out);

#endif
