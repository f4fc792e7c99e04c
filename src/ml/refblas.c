/* SPDX-License-Identifier: MIT */
/* refblas.c - reference BLAS ports (see refblas.h).
 * Reference: LAPACK 3.11 BLAS/SRC/ddot.f, daxpy.f, dcopy.f, dscal.f, dgemv.f,
 * dtrsm.f, dsyrk.f and CBLAS/src/cblas_dgemv.c.  The unrolled loops of ddot/daxpy/dscal are
 * kept: ddot's unrolled body adds its five products left to right, which is
 * the order of the plain loop, so the unrolling is visible only to speed. */
#include "config.h"

#include "ml/refblas.h"

double oc_ddot(long n, const double *dx, const double *dy)
{
	double dtemp = 0.0;
	long i, m, mp1;
	if (n <= 0)
		return 0.0;
	m = n % 5;
	if (m != 0) {
		for (i = 0; i < m; i++)
			dtemp = dtemp + dx[i] * dy[i];
		if (n < 5)
			return dtemp;
	}
	mp1 = m;
	for (i = mp1; i < n; i += 5)
		dtemp = dtemp + dx[i] * dy[i] + dx[i + 1] * dy[i + 1] + dx[i + 2] * dy[i + 2] +
		        dx[i + 3] * dy[i + 3] + dx[i + 4] * dy[i + 4];
	return dtemp;
}

void oc_daxpy(long n, double da, const double *dx, double *dy)
{
	long i, m;
	if (n <= 0)
		return;
	if (da == 0.0)
		return;
	m = n % 4;
	for (i = 0; i < m; i++)
		dy[i] = dy[i] + da * dx[i];
	if (n < 4)
		return;
	for (i = m; i < n; i += 4) {
		dy[i] = dy[i] + da * dx[i];
		dy[i + 1] = dy[i + 1] + da * dx[i + 1];
		dy[i + 2] = dy[i + 2] + da * dx[i + 2];
		dy[i + 3] = dy[i + 3] + da * dx[i + 3];
	}
}

void oc_dcopy(long n, const double *dx, double *dy)
{
	for (long i = 0; i < n; i++)
		dy[i] = dx[i];
}

void oc_dscal(long n, double da, double *dx)
{
	for (long i = 0; i < n; i++)
		dx[i] = da * dx[i];
}

/* dgemv 'N' with m <= 8 outputs (X.T @ v for a training set of up to
 * eight features): the same operations in the same order as the loop
 * below, y[i] + temp * col[i] column after column, with the m partial sums
 * kept in registers instead of being stored and loaded again for every
 * column.  m is a constant after inlining, so the loops unroll. */
static inline __attribute__((always_inline)) void
gemv_n_narrow(long m, long n, double alpha, const double *a, long lda, const double *x,
              double *y)
{
	double acc[8];
#pragma GCC unroll 8
	for (long i = 0; i < m; i++)
		acc[i] = y[i];
	for (long j = 0; j < n; j++) {
		if (x[j] != 0.0) {
			double temp = alpha * x[j];
			const double *col = a + j * lda;
#pragma GCC unroll 8
			for (long i = 0; i < m; i++)
				acc[i] = acc[i] + temp * col[i];
		}
	}
#pragma GCC unroll 8
	for (long i = 0; i < m; i++)
		y[i] = acc[i];
}

/* dgemv 'T' with m <= 8 (X @ w for up to eight features): each column's
 * dot product in the order of the loop below, with x held in registers and
 * the inner loop unrolled. */
static inline __attribute__((always_inline)) void
gemv_t_narrow(long m, long n, double alpha, const double *a, long lda, const double *x,
              double *y)
{
	double xr[8];
#pragma GCC unroll 8
	for (long i = 0; i < m; i++)
		xr[i] = x[i];
	for (long j = 0; j < n; j++) {
		double temp = 0.0;
		const double *col = a + j * lda;
#pragma GCC unroll 8
		for (long i = 0; i < m; i++)
			temp = temp + col[i] * xr[i];
		y[j] = y[j] + alpha * temp;
	}
}

void oc_dgemv(char trans, long m, long n, double alpha, const double *a, long lda,
              const double *x, double beta, double *y)
{
	long leny = trans == 'N' ? m : n;
	if (m == 0 || n == 0 || (alpha == 0.0 && beta == 1.0))
		return;
	/* y := beta*y */
	if (beta != 1.0) {
		if (beta == 0.0)
			for (long i = 0; i < leny; i++)
				y[i] = 0.0;
		else
			for (long i = 0; i < leny; i++)
				y[i] = beta * y[i];
	}
	if (alpha == 0.0)
		return;
	if (trans == 'N') {
		/* y := alpha*A*x + y, column by column; LAPACK 3.11 still skips
		 * the columns whose x is zero */
		switch (m) {
		case 1: gemv_n_narrow(1, n, alpha, a, lda, x, y); return;
		case 2: gemv_n_narrow(2, n, alpha, a, lda, x, y); return;
		case 3: gemv_n_narrow(3, n, alpha, a, lda, x, y); return;
		case 4: gemv_n_narrow(4, n, alpha, a, lda, x, y); return;
		case 5: gemv_n_narrow(5, n, alpha, a, lda, x, y); return;
		case 6: gemv_n_narrow(6, n, alpha, a, lda, x, y); return;
		case 7: gemv_n_narrow(7, n, alpha, a, lda, x, y); return;
		case 8: gemv_n_narrow(8, n, alpha, a, lda, x, y); return;
		default: break;
		}
		for (long j = 0; j < n; j++) {
			if (x[j] != 0.0) {
				double temp = alpha * x[j];
				const double *col = a + j * lda;
				for (long i = 0; i < m; i++)
					y[i] = y[i] + temp * col[i];
			}
		}
	} else {
		/* y := alpha*A'*x + y, one dot product per column */
		switch (m) {
		case 1: gemv_t_narrow(1, n, alpha, a, lda, x, y); return;
		case 2: gemv_t_narrow(2, n, alpha, a, lda, x, y); return;
		case 3: gemv_t_narrow(3, n, alpha, a, lda, x, y); return;
		case 4: gemv_t_narrow(4, n, alpha, a, lda, x, y); return;
		case 5: gemv_t_narrow(5, n, alpha, a, lda, x, y); return;
		case 6: gemv_t_narrow(6, n, alpha, a, lda, x, y); return;
		case 7: gemv_t_narrow(7, n, alpha, a, lda, x, y); return;
		case 8: gemv_t_narrow(8, n, alpha, a, lda, x, y); return;
		default: break;
		}
		for (long j = 0; j < n; j++) {
			double temp = 0.0;
			const double *col = a + j * lda;
			for (long i = 0; i < m; i++)
				temp = temp + col[i] * x[i];
			y[j] = y[j] + alpha * temp;
		}
	}
}

#define E2(a, ld, i, j) ((a)[((j) - 1) * (ld) + ((i) - 1)])

void oc_dtrsm_left(char uplo, char transa, char diag, long m, long n, double alpha,
                   const double *a, long lda, double *b, long ldb)
{
	int upper = uplo == 'U', nounit = diag == 'N';
	long i, j, k;
	double temp;
	if (m == 0 || n == 0)
		return;
	if (alpha == 0.0) {
		for (j = 1; j <= n; j++)
			for (i = 1; i <= m; i++)
				E2(b, ldb, i, j) = 0.0;
		return;
	}
	if (transa == 'N') {
		/* B := alpha*inv(A)*B */
		if (upper) {
			for (j = 1; j <= n; j++) {
				if (alpha != 1.0)
					for (i = 1; i <= m; i++)
						E2(b, ldb, i, j) = alpha * E2(b, ldb, i, j);
				for (k = m; k >= 1; k--) {
					if (E2(b, ldb, k, j) != 0.0) {
						if (nounit)
							E2(b, ldb, k, j) = E2(b, ldb, k, j) / E2(a, lda, k, k);
						for (i = 1; i <= k - 1; i++)
							E2(b, ldb, i, j) = E2(b, ldb, i, j) -
							                   E2(b, ldb, k, j) * E2(a, lda, i, k);
					}
				}
			}
		} else {
			for (j = 1; j <= n; j++) {
				if (alpha != 1.0)
					for (i = 1; i <= m; i++)
						E2(b, ldb, i, j) = alpha * E2(b, ldb, i, j);
				for (k = 1; k <= m; k++) {
					if (E2(b, ldb, k, j) != 0.0) {
						if (nounit)
							E2(b, ldb, k, j) = E2(b, ldb, k, j) / E2(a, lda, k, k);
						for (i = k + 1; i <= m; i++)
							E2(b, ldb, i, j) = E2(b, ldb, i, j) -
							                   E2(b, ldb, k, j) * E2(a, lda, i, k);
					}
				}
			}
		}
	} else {
		/* B := alpha*inv(A')*B */
		if (upper) {
			for (j = 1; j <= n; j++) {
				for (i = 1; i <= m; i++) {
					temp = alpha * E2(b, ldb, i, j);
					for (k = 1; k <= i - 1; k++)
						temp = temp - E2(a, lda, k, i) * E2(b, ldb, k, j);
					if (nounit)
						temp = temp / E2(a, lda, i, i);
					E2(b, ldb, i, j) = temp;
				}
			}
		} else {
			for (j = 1; j <= n; j++) {
				for (i = m; i >= 1; i--) {
					temp = alpha * E2(b, ldb, i, j);
					for (k = i + 1; k <= m; k++)
						temp = temp - E2(a, lda, k, i) * E2(b, ldb, k, j);
					if (nounit)
						temp = temp / E2(a, lda, i, i);
					E2(b, ldb, i, j) = temp;
				}
			}
		}
	}
}

void oc_dsyrk_upper(char trans, long n, long k, double alpha, const double *a, long lda,
                    double beta, double *c, long ldc)
{
	long i, j, l;
	double temp;
	if (n == 0 || ((alpha == 0.0 || k == 0) && beta == 1.0))
		return;
	if (alpha == 0.0) {
		for (j = 1; j <= n; j++)
			for (i = 1; i <= j; i++)
				E2(c, ldc, i, j) = beta == 0.0 ? 0.0 : beta * E2(c, ldc, i, j);
		return;
	}
	if (trans == 'N') {
		/* C := alpha*A*A' + beta*C */
		for (j = 1; j <= n; j++) {
			if (beta == 0.0) {
				for (i = 1; i <= j; i++)
					E2(c, ldc, i, j) = 0.0;
			} else if (beta != 1.0) {
				for (i = 1; i <= j; i++)
					E2(c, ldc, i, j) = beta * E2(c, ldc, i, j);
			}
			for (l = 1; l <= k; l++) {
				if (E2(a, lda, j, l) != 0.0) {
					temp = alpha * E2(a, lda, j, l);
					for (i = 1; i <= j; i++)
						E2(c, ldc, i, j) = E2(c, ldc, i, j) + temp * E2(a, lda, i, l);
				}
			}
		}
	} else {
		/* C := alpha*A'*A + beta*C */
		for (j = 1; j <= n; j++) {
			for (i = 1; i <= j; i++) {
				temp = 0.0;
				for (l = 1; l <= k; l++)
					temp = temp + E2(a, lda, l, i) * E2(a, lda, l, j);
				if (beta == 0.0)
					E2(c, ldc, i, j) = alpha * temp;
				else
					E2(c, ldc, i, j) = alpha * temp + beta * E2(c, ldc, i, j);
			}
		}
	}
}

/* cblas_dgemv(CblasRowMajor, NoTrans, n_rows, n_cols, ...) calls dgemv('T')
 * on the column-major n_cols x n_rows view of the same memory, and Trans
 * calls dgemv('N') on it (numpy: alpha 1, beta 0, lda n_cols). */
void oc_matvec(const double *x, long n_rows, long n_cols, const double *v, double *out)
{
	oc_dgemv('T', n_cols, n_rows, 1.0, x, n_cols > 1 ? n_cols : 1, v, 0.0, out);
}

void oc_tmatvec(const double *x, long n_rows, long n_cols, const double *v, double *out)
{
	oc_dgemv('N', n_cols, n_rows, 1.0, x, n_cols > 1 ? n_cols : 1, v, 0.0, out);
}
