/* SPDX-License-Identifier: MIT */
/* lbfgsb.c - port of L-BFGS-B 3.0 as Debian 12's scipy 1.10.1 runs it
 * (see lbfgsb.h).
 *
 * References: scipy v1.10.1, scipy/optimize/lbfgsb_src/lbfgsb.f; the
 * L-BFGS-B 3.0 library Debian's python3-scipy links instead of that copy
 * (package liblbfgsb0 3.0+dfsg.4: upstream lbfgsb.f with Debian's patches,
 * whose replace-linpack-with-lapack.patch swaps LINPACK's dpofa and dtrsl
 * for LAPACK's dpotrf and dtrtrs); LAPACK 3.11 dpotrf.f, dpotrf2.f and
 * dtrtrs.f; R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory
 * algorithm for bound constrained optimization" (1995); J. L. Morales and
 * J. Nocedal, "L-BFGS-B: Remark on Algorithm 778" (2011); J. J. More and
 * D. J. Thuente, "Line search algorithms with guaranteed sufficient
 * decrease" (1994) for dcsrch/dcstep.
 *
 * scipy's lbfgsb.f and the Debian library differ only in those eight
 * calls (the Cholesky factorisations of formk and formt and the triangular
 * solves of bmv, formk and subsm), which round differently: the LAPACK
 * versions are ported here, because scikit-learn on Debian 12 computes
 * with them.  Everything else is scipy's lbfgsb.f (its bound-violation and
 * NaN fixes are in both).
 *
 * Each Fortran routine is one C function of the same name, statement for
 * statement, with Fortran's 1-based indices kept through the E1/E2 access
 * macros so the two read side by side; labels keep their numbers.  What
 * is left out: the printing (prn1lb, prn2lb, prn3lb and the write
 * statements; scikit-learn runs with iprint = -1, which prints nothing) and
 * the timer calls, neither of which touches a value the algorithm uses.
 * Arithmetic is in the Fortran's order; the build compiles without fused
 * multiply-add, like the Fortran. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/lbfgsb.h"
#include "ml/refblas.h"

/* a(i) and a(i,j) of Fortran arrays: 1-based, column-major, leading
 * dimension ld. */
#define E1(a, i) ((a)[(i) - 1])
#define E2(a, ld, i, j) ((a)[((j) - 1) * (ld) + ((i) - 1)])

#define TASK_LEN 60

/* Fortran's character*60 assignment: the text, then padding. */
static void setstr(char *t, const char *s)
{
	memset(t, 0, TASK_LEN + 1);
	strncpy(t, s, TASK_LEN);
}

/* task(pos:pos+len(s)-1) .eq. s */
static int sub_is(const char *t, int pos, const char *s)
{
	return strncmp(t + pos - 1, s, strlen(s)) == 0;
}

static double dmax(double a, double b)
{
	return a >= b ? a : b;     /* Fortran max of two non-NaN values */
}

static double dmin(double a, double b)
{
	return a <= b ? a : b;
}

/* ---- LAPACK 3.11 (SRC/dpotrf.f, dpotrf2.f, dtrtrs.f) -------------------- */

/* Recursive Cholesky factorisation A = U'U of the upper triangle. */
static void dpotrf2(long n, double *a, long lda, long *info)
{
	long n1, n2, iinfo;
	*info = 0;
	if (n == 0)
		return;
	if (n == 1) {
		if (E2(a, lda, 1, 1) <= 0.0 || isnan(E2(a, lda, 1, 1))) {
			*info = 1;
			return;
		}
		E2(a, lda, 1, 1) = sqrt(E2(a, lda, 1, 1));
	} else {
		n1 = n / 2;
		n2 = n - n1;
		dpotrf2(n1, &E2(a, lda, 1, 1), lda, &iinfo);
		if (iinfo != 0) {
			*info = iinfo;
			return;
		}
		oc_dtrsm_left('U', 'T', 'N', n1, n2, 1.0, &E2(a, lda, 1, 1), lda,
		              &E2(a, lda, 1, n1 + 1), lda);
		oc_dsyrk_upper('T', n2, n1, -1.0, &E2(a, lda, 1, n1 + 1), lda, 1.0,
		               &E2(a, lda, n1 + 1, n1 + 1), lda);
		dpotrf2(n2, &E2(a, lda, n1 + 1, n1 + 1), lda, &iinfo);
		if (iinfo != 0) {
			*info = iinfo + n1;
			return;
		}
	}
}

/* dpotrf('U', ...): ILAENV's block size for DPOTRF is 64, and the
 * matrices here are at most 2m = 20 wide, so it is always the unblocked
 * path, dpotrf2. */
static void dpotrf(long n, double *a, long lda, long *info)
{
	const long nb = 64;
	*info = 0;
	if (n == 0)
		return;
	if (nb <= 1 || nb >= n)
		dpotrf2(n, a, lda, info);
	else
		*info = -2;     /* not reached: n <= 2m */
}

/* dtrtrs(uplo, trans, 'N', n, 1, a, lda, b, n, info): solves op(A) x = b
 * for one right-hand side; info = i when A(i,i) is zero. */
static void dtrtrs(char uplo, char trans, long n, const double *a, long lda, double *b,
                   long *info)
{
	*info = 0;
	if (n == 0)
		return;
	for (*info = 1; *info <= n; (*info)++)
		if (E2(a, lda, *info, *info) == 0.0)
			return;
	*info = 0;
	oc_dtrsm_left(uplo, trans, 'N', n, 1, 1.0, a, lda, b, n);
}

/* ---- lbfgsb.f ---------------------------------------------------------- */

/* Initialises iwhere and projects x onto the feasible set. */
static void active(long n, const double *l, const double *u, const long *nbd, double *x,
                   long *iwhere, int *prjctd, int *cnstnd, int *boxed)
{
	long nbdd, i;
	nbdd = 0;
	*prjctd = 0;
	*cnstnd = 0;
	*boxed = 1;
	for (i = 1; i <= n; i++) {
		if (E1(nbd, i) > 0) {
			if (E1(nbd, i) <= 2 && E1(x, i) <= E1(l, i)) {
				if (E1(x, i) < E1(l, i)) {
					*prjctd = 1;
					E1(x, i) = E1(l, i);
				}
				nbdd = nbdd + 1;
			} else if (E1(nbd, i) >= 2 && E1(x, i) >= E1(u, i)) {
				if (E1(x, i) > E1(u, i)) {
					*prjctd = 1;
					E1(x, i) = E1(u, i);
				}
				nbdd = nbdd + 1;
			}
		}
	}
	for (i = 1; i <= n; i++) {
		if (E1(nbd, i) != 2)
			*boxed = 0;
		if (E1(nbd, i) == 0) {
			E1(iwhere, i) = -1;
		} else {
			*cnstnd = 1;
			if (E1(nbd, i) == 2 && E1(u, i) - E1(l, i) <= 0.0)
				E1(iwhere, i) = 3;
			else
				E1(iwhere, i) = 0;
		}
	}
}

/* Product of the 2m x 2m middle matrix of the compact L-BFGS formula with
 * the 2col vector v, into p. */
static void bmv(long m, const double *sy, const double *wt, long col, const double *v,
                double *p, long *info)
{
	long i, k, i2;
	double sum;
	if (col == 0)
		return;
	E1(p, col + 1) = E1(v, col + 1);
	for (i = 2; i <= col; i++) {
		i2 = col + i;
		sum = 0.0;
		for (k = 1; k <= i - 1; k++)
			sum = sum + E2(sy, m, i, k) * E1(v, k) / E2(sy, m, k, k);
		E1(p, i2) = E1(v, i2) + sum;
	}
	dtrtrs('U', 'T', col, wt, m, &E1(p, col + 1), info);
	if (*info != 0)
		return;
	for (i = 1; i <= col; i++)
		E1(p, i) = E1(v, i) / sqrt(E2(sy, m, i, i));
	dtrtrs('U', 'N', col, wt, m, &E1(p, col + 1), info);
	if (*info != 0)
		return;
	for (i = 1; i <= col; i++)
		E1(p, i) = -E1(p, i) / sqrt(E2(sy, m, i, i));
	for (i = 1; i <= col; i++) {
		sum = 0.0;
		for (k = i + 1; k <= col; k++)
			sum = sum + E2(sy, m, k, i) * E1(p, col + k) / E2(sy, m, i, i);
		E1(p, i) = E1(p, i) + sum;
	}
}

/* Heap sort helper of cauchy: the least breakpoint moves to t(n). */
static void hpsolb(long n, double *t, long *iorder, long iheap)
{
	long i, j, k, indxin, indxou;
	double ddum, out;
	if (iheap == 0) {
		for (k = 2; k <= n; k++) {
			ddum = E1(t, k);
			indxin = E1(iorder, k);
			i = k;
l10:
			if (i > 1) {
				j = i / 2;
				if (ddum < E1(t, j)) {
					E1(t, i) = E1(t, j);
					E1(iorder, i) = E1(iorder, j);
					i = j;
					goto l10;
				}
			}
			E1(t, i) = ddum;
			E1(iorder, i) = indxin;
		}
	}
	if (n > 1) {
		i = 1;
		out = E1(t, 1);
		indxou = E1(iorder, 1);
		ddum = E1(t, n);
		indxin = E1(iorder, n);
l30:
		j = i + i;
		if (j <= n - 1) {
			if (E1(t, j + 1) < E1(t, j))
				j = j + 1;
			if (E1(t, j) < ddum) {
				E1(t, i) = E1(t, j);
				E1(iorder, i) = E1(iorder, j);
				i = j;
				goto l30;
			}
		}
		E1(t, i) = ddum;
		E1(iorder, i) = indxin;
		E1(t, n) = out;
		E1(iorder, n) = indxou;
	}
}

/* Generalized Cauchy point along the projected steepest descent path. */
static void cauchy(long n, const double *x, const double *l, const double *u, const long *nbd,
                   const double *g, long *iorder, long *iwhere, double *t, double *d,
                   double *xcp, long m, const double *wy, const double *ws, const double *sy,
                   const double *wt, double theta, long col, long head, double *p, double *c,
                   double *wbp, double *v, long *nseg, double sbgnrm, long *info, double epsmch)
{
	int xlower, xupper, bnded;
	long i, j, col2, nfree, nbreak, pointr, ibp, nleft, ibkmin, iter;
	double f1, f2, dt, dtm, tsum, dibp, zibp, dibp2, bkmin, tu, tl, wmc, wmp, wmw, tj, tj0,
	       neggi, f2_org;

	if (sbgnrm <= 0.0) {
		oc_dcopy(n, x, xcp);
		return;
	}
	bnded = 1;
	nfree = n + 1;
	nbreak = 0;
	ibkmin = 0;
	tl = 0;
	tu = 0;
	bkmin = 0.0;
	col2 = 2 * col;
	f1 = 0.0;
	for (i = 1; i <= col2; i++)
		E1(p, i) = 0.0;
	for (i = 1; i <= n; i++) {
		neggi = -E1(g, i);
		if (E1(iwhere, i) != 3 && E1(iwhere, i) != -1) {
			if (E1(nbd, i) <= 2)
				tl = E1(x, i) - E1(l, i);
			if (E1(nbd, i) >= 2)
				tu = E1(u, i) - E1(x, i);
			xlower = E1(nbd, i) <= 2 && tl <= 0.0;
			xupper = E1(nbd, i) >= 2 && tu <= 0.0;
			E1(iwhere, i) = 0;
			if (xlower) {
				if (neggi <= 0.0)
					E1(iwhere, i) = 1;
			} else if (xupper) {
				if (neggi >= 0.0)
					E1(iwhere, i) = 2;
			} else {
				if (fabs(neggi) <= 0.0)
					E1(iwhere, i) = -3;
			}
		}
		pointr = head;
		if (E1(iwhere, i) != 0 && E1(iwhere, i) != -1) {
			E1(d, i) = 0.0;
		} else {
			E1(d, i) = neggi;
			f1 = f1 - neggi * neggi;
			for (j = 1; j <= col; j++) {
				E1(p, j) = E1(p, j) + E2(wy, n, i, pointr) * neggi;
				E1(p, col + j) = E1(p, col + j) + E2(ws, n, i, pointr) * neggi;
				pointr = pointr % m + 1;
			}
			if (E1(nbd, i) <= 2 && E1(nbd, i) != 0 && neggi < 0.0) {
				nbreak = nbreak + 1;
				E1(iorder, nbreak) = i;
				E1(t, nbreak) = tl / (-neggi);
				if (nbreak == 1 || E1(t, nbreak) < bkmin) {
					bkmin = E1(t, nbreak);
					ibkmin = nbreak;
				}
			} else if (E1(nbd, i) >= 2 && neggi > 0.0) {
				nbreak = nbreak + 1;
				E1(iorder, nbreak) = i;
				E1(t, nbreak) = tu / neggi;
				if (nbreak == 1 || E1(t, nbreak) < bkmin) {
					bkmin = E1(t, nbreak);
					ibkmin = nbreak;
				}
			} else {
				nfree = nfree - 1;
				E1(iorder, nfree) = i;
				if (fabs(neggi) > 0.0)
					bnded = 0;
			}
		}
	}
	if (theta != 1.0)
		oc_dscal(col, theta, &E1(p, col + 1));
	oc_dcopy(n, x, xcp);
	if (nbreak == 0 && nfree == n + 1)
		return;
	for (j = 1; j <= col2; j++)
		E1(c, j) = 0.0;
	f2 = -theta * f1;
	f2_org = f2;
	if (col > 0) {
		bmv(m, sy, wt, col, p, v, info);
		if (*info != 0)
			return;
		f2 = f2 - oc_ddot(col2, v, p);
	}
	dtm = -f1 / f2;
	tsum = 0.0;
	*nseg = 1;
	if (nbreak == 0)
		goto l888;
	nleft = nbreak;
	iter = 1;
	tj = 0.0;
l777:
	tj0 = tj;
	if (iter == 1) {
		tj = bkmin;
		ibp = E1(iorder, ibkmin);
	} else {
		if (iter == 2) {
			if (ibkmin != nbreak) {
				E1(t, ibkmin) = E1(t, nbreak);
				E1(iorder, ibkmin) = E1(iorder, nbreak);
			}
		}
		hpsolb(nleft, t, iorder, iter - 2);
		tj = E1(t, nleft);
		ibp = E1(iorder, nleft);
	}
	dt = tj - tj0;
	if (dtm < dt)
		goto l888;
	tsum = tsum + dt;
	nleft = nleft - 1;
	iter = iter + 1;
	dibp = E1(d, ibp);
	E1(d, ibp) = 0.0;
	if (dibp > 0.0) {
		zibp = E1(u, ibp) - E1(x, ibp);
		E1(xcp, ibp) = E1(u, ibp);
		E1(iwhere, ibp) = 2;
	} else {
		zibp = E1(l, ibp) - E1(x, ibp);
		E1(xcp, ibp) = E1(l, ibp);
		E1(iwhere, ibp) = 1;
	}
	if (nleft == 0 && nbreak == n) {
		dtm = dt;
		goto l999;
	}
	*nseg = *nseg + 1;
	dibp2 = dibp * dibp;    /* dibp**2: gfortran multiplies */
	f1 = f1 + dt * f2 + dibp2 - theta * dibp * zibp;
	f2 = f2 - theta * dibp2;
	if (col > 0) {
		oc_daxpy(col2, dt, p, c);
		pointr = head;
		for (j = 1; j <= col; j++) {
			E1(wbp, j) = E2(wy, n, ibp, pointr);
			E1(wbp, col + j) = theta * E2(ws, n, ibp, pointr);
			pointr = pointr % m + 1;
		}
		bmv(m, sy, wt, col, wbp, v, info);
		if (*info != 0)
			return;
		wmc = oc_ddot(col2, c, v);
		wmp = oc_ddot(col2, p, v);
		wmw = oc_ddot(col2, wbp, v);
		oc_daxpy(col2, -dibp, wbp, p);
		f1 = f1 + dibp * wmc;
		f2 = f2 + 2.0 * dibp * wmp - dibp2 * wmw;
	}
	f2 = dmax(epsmch * f2_org, f2);
	if (nleft > 0) {
		dtm = -f1 / f2;
		goto l777;
	} else if (bnded) {
		f1 = 0.0;
		f2 = 0.0;
		dtm = 0.0;
	} else {
		dtm = -f1 / f2;
	}
l888:
	if (dtm <= 0.0)
		dtm = 0.0;
	tsum = tsum + dtm;
	oc_daxpy(n, tsum, d, xcp);
l999:
	if (col > 0)
		oc_daxpy(col2, dtm, p, c);
}

/* r = -Z'B(xcp - xk) - Z'g, the reduced gradient of the subspace problem. */
static void cmprlb(long n, long m, const double *x, const double *g, const double *ws,
                   const double *wy, const double *sy, const double *wt, const double *z,
                   double *r, double *wa, const long *index, double theta, long col, long head,
                   long nfree, int cnstnd, long *info)
{
	long i, j, k, pointr;
	double a1, a2;
	if (!cnstnd && col > 0) {
		for (i = 1; i <= n; i++)
			E1(r, i) = -E1(g, i);
	} else {
		for (i = 1; i <= nfree; i++) {
			k = E1(index, i);
			E1(r, i) = -theta * (E1(z, k) - E1(x, k)) - E1(g, k);
		}
		bmv(m, sy, wt, col, &E1(wa, 2 * m + 1), &E1(wa, 1), info);
		if (*info != 0) {
			*info = -8;
			return;
		}
		pointr = head;
		for (j = 1; j <= col; j++) {
			a1 = E1(wa, j);
			a2 = theta * E1(wa, col + j);
			for (i = 1; i <= nfree; i++) {
				k = E1(index, i);
				E1(r, i) = E1(r, i) + E2(wy, n, k, pointr) * a1 + E2(ws, n, k, pointr) * a2;
			}
			pointr = pointr % m + 1;
		}
	}
}

/* Checks the input arguments. */
static void errclb(long n, long m, double factr, const double *l, const double *u,
                   const long *nbd, char *task, long *info, long *k)
{
	long i;
	if (n <= 0)
		setstr(task, "ERROR: N .LE. 0");
	if (m <= 0)
		setstr(task, "ERROR: M .LE. 0");
	if (factr < 0.0)
		setstr(task, "ERROR: FACTR .LT. 0");
	for (i = 1; i <= n; i++) {
		if (E1(nbd, i) < 0 || E1(nbd, i) > 3) {
			setstr(task, "ERROR: INVALID NBD");
			*info = -6;
			*k = i;
		}
		if (E1(nbd, i) == 2) {
			if (E1(l, i) > E1(u, i)) {
				setstr(task, "ERROR: NO FEASIBLE SOLUTION");
				*info = -7;
				*k = i;
			}
		}
	}
}

/* The LEL^T factorization of the indefinite matrix K of the subspace
 * minimisation, in wn; wn1 keeps the inner products between iterations. */
static void formk(long n, long nsub, const long *ind, long nenter, long ileave,
                  const long *indx2, long iupdat, int updatd, double *wn, double *wn1, long m,
                  const double *ws, const double *wy, const double *sy, double theta, long col,
                  long head, long *info)
{
	long m2, ipntr, jpntr, iy, is, jy, js, is1, js1, k1, i, k, col2, pbegin, pend, dbegin,
	     dend, upcl;
	double temp1, temp2, temp3, temp4;
	m2 = 2 * m;
#define WN(i, j) E2(wn, m2, i, j)
#define WN1(i, j) E2(wn1, m2, i, j)
#define WS(i, j) E2(ws, n, i, j)
#define WY(i, j) E2(wy, n, i, j)
	if (updatd) {
		if (iupdat > m) {
			for (jy = 1; jy <= m - 1; jy++) {
				js = m + jy;
				oc_dcopy(m - jy, &WN1(jy + 1, jy + 1), &WN1(jy, jy));
				oc_dcopy(m - jy, &WN1(js + 1, js + 1), &WN1(js, js));
				oc_dcopy(m - 1, &WN1(m + 2, jy + 1), &WN1(m + 1, jy));
			}
		}
		pbegin = 1;
		pend = nsub;
		dbegin = nsub + 1;
		dend = n;
		iy = col;
		is = m + col;
		ipntr = head + col - 1;
		if (ipntr > m)
			ipntr = ipntr - m;
		jpntr = head;
		for (jy = 1; jy <= col; jy++) {
			js = m + jy;
			temp1 = 0.0;
			temp2 = 0.0;
			temp3 = 0.0;
			for (k = pbegin; k <= pend; k++) {
				k1 = E1(ind, k);
				temp1 = temp1 + WY(k1, ipntr) * WY(k1, jpntr);
			}
			for (k = dbegin; k <= dend; k++) {
				k1 = E1(ind, k);
				temp2 = temp2 + WS(k1, ipntr) * WS(k1, jpntr);
				temp3 = temp3 + WS(k1, ipntr) * WY(k1, jpntr);
			}
			WN1(iy, jy) = temp1;
			WN1(is, js) = temp2;
			WN1(is, jy) = temp3;
			jpntr = jpntr % m + 1;
		}
		jy = col;
		jpntr = head + col - 1;
		if (jpntr > m)
			jpntr = jpntr - m;
		ipntr = head;
		for (i = 1; i <= col; i++) {
			is = m + i;
			temp3 = 0.0;
			for (k = pbegin; k <= pend; k++) {
				k1 = E1(ind, k);
				temp3 = temp3 + WS(k1, ipntr) * WY(k1, jpntr);
			}
			ipntr = ipntr % m + 1;
			WN1(is, jy) = temp3;
		}
		upcl = col - 1;
	} else {
		upcl = col;
	}
	ipntr = head;
	for (iy = 1; iy <= upcl; iy++) {
		is = m + iy;
		jpntr = head;
		for (jy = 1; jy <= iy; jy++) {
			js = m + jy;
			temp1 = 0.0;
			temp2 = 0.0;
			temp3 = 0.0;
			temp4 = 0.0;
			for (k = 1; k <= nenter; k++) {
				k1 = E1(indx2, k);
				temp1 = temp1 + WY(k1, ipntr) * WY(k1, jpntr);
				temp2 = temp2 + WS(k1, ipntr) * WS(k1, jpntr);
			}
			for (k = ileave; k <= n; k++) {
				k1 = E1(indx2, k);
				temp3 = temp3 + WY(k1, ipntr) * WY(k1, jpntr);
				temp4 = temp4 + WS(k1, ipntr) * WS(k1, jpntr);
			}
			WN1(iy, jy) = WN1(iy, jy) + temp1 - temp3;
			WN1(is, js) = WN1(is, js) - temp2 + temp4;
			jpntr = jpntr % m + 1;
		}
		ipntr = ipntr % m + 1;
	}
	ipntr = head;
	for (is = m + 1; is <= m + upcl; is++) {
		jpntr = head;
		for (jy = 1; jy <= upcl; jy++) {
			temp1 = 0.0;
			temp3 = 0.0;
			for (k = 1; k <= nenter; k++) {
				k1 = E1(indx2, k);
				temp1 = temp1 + WS(k1, ipntr) * WY(k1, jpntr);
			}
			for (k = ileave; k <= n; k++) {
				k1 = E1(indx2, k);
				temp3 = temp3 + WS(k1, ipntr) * WY(k1, jpntr);
			}
			if (is <= jy + m)
				WN1(is, jy) = WN1(is, jy) + temp1 - temp3;
			else
				WN1(is, jy) = WN1(is, jy) - temp1 + temp3;
			jpntr = jpntr % m + 1;
		}
		ipntr = ipntr % m + 1;
	}
	for (iy = 1; iy <= col; iy++) {
		is = col + iy;
		is1 = m + iy;
		for (jy = 1; jy <= iy; jy++) {
			js = col + jy;
			js1 = m + jy;
			WN(jy, iy) = WN1(iy, jy) / theta;
			WN(js, is) = WN1(is1, js1) * theta;
		}
		for (jy = 1; jy <= iy - 1; jy++)
			WN(jy, is) = -WN1(is1, jy);
		for (jy = iy; jy <= col; jy++)
			WN(jy, is) = WN1(is1, jy);
		WN(iy, iy) = WN(iy, iy) + E2(sy, m, iy, iy);
	}
	dpotrf(col, wn, m2, info);
	if (*info != 0) {
		*info = -1;
		return;
	}
	col2 = 2 * col;
	for (js = col + 1; js <= col2; js++)
		dtrtrs('U', 'T', col, wn, m2, &WN(1, js), info);
	for (is = col + 1; is <= col2; is++)
		for (js = is; js <= col2; js++)
			WN(is, js) = WN(is, js) + oc_ddot(col, &WN(1, is), &WN(1, js));
	dpotrf(col, &WN(col + 1, col + 1), m2, info);
	if (*info != 0) {
		*info = -2;
		return;
	}
#undef WN
#undef WN1
#undef WS
#undef WY
}

/* T = theta*SS + L*D^(-1)*L', Cholesky-factored in the upper triangle of wt. */
static void formt(long m, double *wt, const double *sy, const double *ss, long col, double theta,
                  long *info)
{
	long i, j, k, k1;
	double ddum;
	for (j = 1; j <= col; j++)
		E2(wt, m, 1, j) = theta * E2(ss, m, 1, j);
	for (i = 2; i <= col; i++) {
		for (j = i; j <= col; j++) {
			k1 = (i <= j ? i : j) - 1;
			ddum = 0.0;
			for (k = 1; k <= k1; k++)
				ddum = ddum + E2(sy, m, i, k) * E2(sy, m, j, k) / E2(sy, m, k, k);
			E2(wt, m, i, j) = ddum + theta * E2(ss, m, i, j);
		}
	}
	dpotrf(col, wt, m, info);
	if (*info != 0)
		*info = -3;
}

/* The free variables at the Cauchy point, and those that entered or left. */
static void freev(long n, long *nfree, long *index, long *nenter, long *ileave, long *indx2,
                  const long *iwhere, int *wrk, int updatd, int cnstnd, long iter)
{
	long iact, i, k;
	*nenter = 0;
	*ileave = n + 1;
	if (iter > 0 && cnstnd) {
		for (i = 1; i <= *nfree; i++) {
			k = E1(index, i);
			if (E1(iwhere, k) > 0) {
				*ileave = *ileave - 1;
				E1(indx2, *ileave) = k;
			}
		}
		for (i = 1 + *nfree; i <= n; i++) {
			k = E1(index, i);
			if (E1(iwhere, k) <= 0) {
				*nenter = *nenter + 1;
				E1(indx2, *nenter) = k;
			}
		}
	}
	*wrk = (*ileave < n + 1) || (*nenter > 0) || updatd;
	*nfree = 0;
	iact = n + 1;
	for (i = 1; i <= n; i++) {
		if (E1(iwhere, i) <= 0) {
			*nfree = *nfree + 1;
			E1(index, *nfree) = i;
		} else {
			iact = iact - 1;
			E1(index, iact) = i;
		}
	}
}

static void dcstep(double *stx, double *fx, double *dx, double *sty, double *fy, double *dy,
                   double *stp, double fp, double dp, int *brackt, double stpmin, double stpmax);

/* More and Thuente's line search: a step satisfying the strong Wolfe
 * conditions, by reverse communication through task. */
static void dcsrch(double f, double g, double *stp, double ftol, double gtol, double xtol,
                   double stpmin, double stpmax, char *task, long *isave, double *dsave)
{
	const double p5 = 0.5, p66 = 0.66, xtrapl = 1.1, xtrapu = 4.0;
	int brackt;
	long stage;
	double finit, ftest, fm, fx, fxm, fy, fym, ginit, gtest, gm, gx, gxm, gy, gym, stx, sty,
	       stmin, stmax, width, width1;

	if (sub_is(task, 1, "START")) {
		if (*stp < stpmin)
			setstr(task, "ERROR: STP .LT. STPMIN");
		if (*stp > stpmax)
			setstr(task, "ERROR: STP .GT. STPMAX");
		if (g >= 0.0)
			setstr(task, "ERROR: INITIAL G .GE. ZERO");
		if (ftol < 0.0)
			setstr(task, "ERROR: FTOL .LT. ZERO");
		if (gtol < 0.0)
			setstr(task, "ERROR: GTOL .LT. ZERO");
		if (xtol < 0.0)
			setstr(task, "ERROR: XTOL .LT. ZERO");
		if (stpmin < 0.0)
			setstr(task, "ERROR: STPMIN .LT. ZERO");
		if (stpmax < stpmin)
			setstr(task, "ERROR: STPMAX .LT. STPMIN");
		if (sub_is(task, 1, "ERROR"))
			return;
		brackt = 0;
		stage = 1;
		finit = f;
		ginit = g;
		gtest = ftol * ginit;
		width = stpmax - stpmin;
		width1 = width / p5;
		stx = 0.0;
		fx = finit;
		gx = ginit;
		sty = 0.0;
		fy = finit;
		gy = ginit;
		stmin = 0.0;
		stmax = *stp + xtrapu * *stp;
		setstr(task, "FG");
		goto l1000;
	} else {
		brackt = E1(isave, 1) == 1;
		stage = E1(isave, 2);
		ginit = E1(dsave, 1);
		gtest = E1(dsave, 2);
		gx = E1(dsave, 3);
		gy = E1(dsave, 4);
		finit = E1(dsave, 5);
		fx = E1(dsave, 6);
		fy = E1(dsave, 7);
		stx = E1(dsave, 8);
		sty = E1(dsave, 9);
		stmin = E1(dsave, 10);
		stmax = E1(dsave, 11);
		width = E1(dsave, 12);
		width1 = E1(dsave, 13);
	}
	ftest = finit + *stp * gtest;
	if (stage == 1 && f <= ftest && g >= 0.0)
		stage = 2;
	if (brackt && (*stp <= stmin || *stp >= stmax))
		setstr(task, "WARNING: ROUNDING ERRORS PREVENT PROGRESS");
	if (brackt && stmax - stmin <= xtol * stmax)
		setstr(task, "WARNING: XTOL TEST SATISFIED");
	if (*stp == stpmax && f <= ftest && g <= gtest)
		setstr(task, "WARNING: STP = STPMAX");
	if (*stp == stpmin && (f > ftest || g >= gtest))
		setstr(task, "WARNING: STP = STPMIN");
	if (f <= ftest && fabs(g) <= gtol * (-ginit))
		setstr(task, "CONVERGENCE");
	if (sub_is(task, 1, "WARN") || sub_is(task, 1, "CONV"))
		goto l1000;
	if (stage == 1 && f <= fx && f > ftest) {
		fm = f - *stp * gtest;
		fxm = fx - stx * gtest;
		fym = fy - sty * gtest;
		gm = g - gtest;
		gxm = gx - gtest;
		gym = gy - gtest;
		dcstep(&stx, &fxm, &gxm, &sty, &fym, &gym, stp, fm, gm, &brackt, stmin, stmax);
		fx = fxm + stx * gtest;
		fy = fym + sty * gtest;
		gx = gxm + gtest;
		gy = gym + gtest;
	} else {
		dcstep(&stx, &fx, &gx, &sty, &fy, &gy, stp, f, g, &brackt, stmin, stmax);
	}
	if (brackt) {
		if (fabs(sty - stx) >= p66 * width1)
			*stp = stx + p5 * (sty - stx);
		width1 = width;
		width = fabs(sty - stx);
	}
	if (brackt) {
		stmin = dmin(stx, sty);
		stmax = dmax(stx, sty);
	} else {
		stmin = *stp + xtrapl * (*stp - stx);
		stmax = *stp + xtrapu * (*stp - stx);
	}
	*stp = dmax(*stp, stpmin);
	*stp = dmin(*stp, stpmax);
	if ((brackt && (*stp <= stmin || *stp >= stmax)) ||
	    (brackt && stmax - stmin <= xtol * stmax))
		*stp = stx;
	setstr(task, "FG");
l1000:
	E1(isave, 1) = brackt ? 1 : 0;
	E1(isave, 2) = stage;
	E1(dsave, 1) = ginit;
	E1(dsave, 2) = gtest;
	E1(dsave, 3) = gx;
	E1(dsave, 4) = gy;
	E1(dsave, 5) = finit;
	E1(dsave, 6) = fx;
	E1(dsave, 7) = fy;
	E1(dsave, 8) = stx;
	E1(dsave, 9) = sty;
	E1(dsave, 10) = stmin;
	E1(dsave, 11) = stmax;
	E1(dsave, 12) = width;
	E1(dsave, 13) = width1;
}

/* max(|a|, |b|, |c|) as gfortran evaluates MAX with three arguments. */
static double max3(double a, double b, double c)
{
	return dmax(dmax(a, b), c);
}

/* One safeguarded step of the line search (cubic/quadratic interpolation). */
static void dcstep(double *stx, double *fx, double *dx, double *sty, double *fy, double *dy,
                   double *stp, double fp, double dp, int *brackt, double stpmin, double stpmax)
{
	const double p66 = 0.66, two = 2.0, three = 3.0;
	double gamma, p, q, r, s, sgnd, stpc, stpf, stpq, theta;

	sgnd = dp * (*dx / fabs(*dx));
	if (fp > *fx) {
		theta = three * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		gamma = s * sqrt((theta / s) * (theta / s) - (*dx / s) * (dp / s));
		if (*stp < *stx)
			gamma = -gamma;
		p = (gamma - *dx) + theta;
		q = ((gamma - *dx) + gamma) + dp;
		r = p / q;
		stpc = *stx + r * (*stp - *stx);
		stpq = *stx + ((*dx / ((*fx - fp) / (*stp - *stx) + *dx)) / two) * (*stp - *stx);
		if (fabs(stpc - *stx) < fabs(stpq - *stx))
			stpf = stpc;
		else
			stpf = stpc + (stpq - stpc) / two;
		*brackt = 1;
	} else if (sgnd < 0.0) {
		theta = three * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		gamma = s * sqrt((theta / s) * (theta / s) - (*dx / s) * (dp / s));
		if (*stp > *stx)
			gamma = -gamma;
		p = (gamma - dp) + theta;
		q = ((gamma - dp) + gamma) + *dx;
		r = p / q;
		stpc = *stp + r * (*stx - *stp);
		stpq = *stp + (dp / (dp - *dx)) * (*stx - *stp);
		if (fabs(stpc - *stp) > fabs(stpq - *stp))
			stpf = stpc;
		else
			stpf = stpq;
		*brackt = 1;
	} else if (fabs(dp) < fabs(*dx)) {
		theta = three * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		gamma = s * sqrt(dmax(0.0, (theta / s) * (theta / s) - (*dx / s) * (dp / s)));
		if (*stp > *stx)
			gamma = -gamma;
		p = (gamma - dp) + theta;
		q = (gamma + (*dx - dp)) + gamma;
		r = p / q;
		if (r < 0.0 && gamma != 0.0)
			stpc = *stp + r * (*stx - *stp);
		else if (*stp > *stx)
			stpc = stpmax;
		else
			stpc = stpmin;
		stpq = *stp + (dp / (dp - *dx)) * (*stx - *stp);
		if (*brackt) {
			if (fabs(stpc - *stp) < fabs(stpq - *stp))
				stpf = stpc;
			else
				stpf = stpq;
			if (*stp > *stx)
				stpf = dmin(*stp + p66 * (*sty - *stp), stpf);
			else
				stpf = dmax(*stp + p66 * (*sty - *stp), stpf);
		} else {
			if (fabs(stpc - *stp) > fabs(stpq - *stp))
				stpf = stpc;
			else
				stpf = stpq;
			stpf = dmin(stpmax, stpf);
			stpf = dmax(stpmin, stpf);
		}
	} else {
		if (*brackt) {
			theta = three * (fp - *fy) / (*sty - *stp) + *dy + dp;
			s = max3(fabs(theta), fabs(*dy), fabs(dp));
			gamma = s * sqrt((theta / s) * (theta / s) - (*dy / s) * (dp / s));
			if (*stp > *sty)
				gamma = -gamma;
			p = (gamma - dp) + theta;
			q = ((gamma - dp) + gamma) + *dy;
			r = p / q;
			stpc = *stp + r * (*sty - *stp);
			stpf = stpc;
		} else if (*stp > *stx) {
			stpf = stpmax;
		} else {
			stpf = stpmin;
		}
	}
	if (fp > *fx) {
		*sty = *stp;
		*fy = fp;
		*dy = dp;
	} else {
		if (sgnd < 0.0) {
			*sty = *stx;
			*fy = *fx;
			*dy = *dx;
		}
		*stx = *stp;
		*fx = fp;
		*dx = dp;
	}
	*stp = stpf;
}

/* The line search along d from x (bounds kept), by reverse communication. */
static void lnsrlb(long n, const double *l, const double *u, const long *nbd, double *x,
                   double f, double *fold, double *gd, double *gdold, const double *g,
                   const double *d, double *r, double *t, const double *z, double *stp,
                   double *dnorm, double *dtd, double *xstep, double *stpmx, long iter,
                   long *ifun, long *iback, long *nfgv, long *info, char *task, int boxed,
                   int cnstnd, char *csave, long *isave, double *dsave)
{
	const double big = 1.0e10, ftol = 1.0e-3, gtol = 0.9, xtol = 0.1;
	long i;
	double a1, a2;

	if (sub_is(task, 1, "FG_LN"))
		goto l556;
	*dtd = oc_ddot(n, d, d);
	*dnorm = sqrt(*dtd);
	*stpmx = big;
	if (cnstnd) {
		if (iter == 0) {
			*stpmx = 1.0;
		} else {
			for (i = 1; i <= n; i++) {
				a1 = E1(d, i);
				if (E1(nbd, i) != 0) {
					if (a1 < 0.0 && E1(nbd, i) <= 2) {
						a2 = E1(l, i) - E1(x, i);
						if (a2 >= 0.0)
							*stpmx = 0.0;
						else if (a1 * *stpmx < a2)
							*stpmx = a2 / a1;
					} else if (a1 > 0.0 && E1(nbd, i) >= 2) {
						a2 = E1(u, i) - E1(x, i);
						if (a2 <= 0.0)
							*stpmx = 0.0;
						else if (a1 * *stpmx > a2)
							*stpmx = a2 / a1;
					}
				}
			}
		}
	}
	if (iter == 0 && !boxed)
		*stp = dmin(1.0 / *dnorm, *stpmx);
	else
		*stp = 1.0;
	oc_dcopy(n, x, t);
	oc_dcopy(n, g, r);
	*fold = f;
	*ifun = 0;
	*iback = 0;
	setstr(csave, "START");
l556:
	*gd = oc_ddot(n, g, d);
	if (*ifun == 0) {
		*gdold = *gd;
		if (*gd >= 0.0) {
			/* the directional derivative is >= 0: not a descent direction */
			*info = -4;
			return;
		}
	}
	dcsrch(f, *gd, stp, ftol, gtol, xtol, 0.0, *stpmx, csave, isave, dsave);
	*xstep = *stp * *dnorm;
	if (!sub_is(csave, 1, "CONV") && !sub_is(csave, 1, "WARN")) {
		setstr(task, "FG_LNSRCH");
		*ifun = *ifun + 1;
		*nfgv = *nfgv + 1;
		*iback = *ifun - 1;
		if (*stp == 1.0) {
			oc_dcopy(n, z, x);
		} else {
			for (i = 1; i <= n; i++) {
				E1(x, i) = *stp * E1(d, i) + E1(t, i);
				if (E1(nbd, i) == 1 || E1(nbd, i) == 2)
					E1(x, i) = dmax(E1(x, i), E1(l, i));
				if (E1(nbd, i) == 2 || E1(nbd, i) == 3)
					E1(x, i) = dmin(E1(x, i), E1(u, i));
			}
		}
	} else {
		setstr(task, "NEW_X");
	}
}

/* Updates the matrices WS, WY, SY and SS with the newest correction pair. */
static void matupd(long n, long m, double *ws, double *wy, double *sy, double *ss,
                   const double *d, const double *r, long *itail, long iupdat, long *col,
                   long *head, double *theta, double rr, double dr, double stp, double dtd)
{
	long j, pointr;
	if (iupdat <= m) {
		*col = iupdat;
		*itail = (*head + iupdat - 2) % m + 1;
	} else {
		*itail = *itail % m + 1;
		*head = *head % m + 1;
	}
	oc_dcopy(n, d, &E2(ws, n, 1, *itail));
	oc_dcopy(n, r, &E2(wy, n, 1, *itail));
	*theta = rr / dr;
	if (iupdat > m) {
		for (j = 1; j <= *col - 1; j++) {
			oc_dcopy(j, &E2(ss, m, 2, j + 1), &E2(ss, m, 1, j));
			oc_dcopy(*col - j, &E2(sy, m, j + 1, j + 1), &E2(sy, m, j, j));
		}
	}
	pointr = *head;
	for (j = 1; j <= *col - 1; j++) {
		E2(sy, m, *col, j) = oc_ddot(n, d, &E2(wy, n, 1, pointr));
		E2(ss, m, j, *col) = oc_ddot(n, &E2(ws, n, 1, pointr), d);
		pointr = pointr % m + 1;
	}
	if (stp == 1.0)
		E2(ss, m, *col, *col) = dtd;
	else
		E2(ss, m, *col, *col) = stp * stp * dtd;
	E2(sy, m, *col, *col) = dr;
}

/* Infinity norm of the projected gradient. */
static void projgr(long n, const double *l, const double *u, const long *nbd, const double *x,
                   const double *g, double *sbgnrm)
{
	long i;
	double gi;
	*sbgnrm = 0.0;
	for (i = 1; i <= n; i++) {
		gi = E1(g, i);
		if (gi != gi) {
			*sbgnrm = gi;
			return;
		}
		if (E1(nbd, i) != 0) {
			if (gi < 0.0) {
				if (E1(nbd, i) >= 2)
					gi = dmax(E1(x, i) - E1(u, i), gi);
			} else {
				if (E1(nbd, i) <= 2)
					gi = dmin(E1(x, i) - E1(l, i), gi);
			}
		}
		*sbgnrm = dmax(*sbgnrm, fabs(gi));
	}
}

/* Subspace minimisation over the free variables, then the projection with
 * Morales and Nocedal's backtracking fix. */
static void subsm(long n, long m, long nsub, const long *ind, const double *l, const double *u,
                  const long *nbd, double *x, double *d, double *xp, const double *ws,
                  const double *wy, double theta, const double *xx, const double *gg, long col,
                  long head, long *iword, double *wv, const double *wn, long *info)
{
	long pointr, m2, col2, ibd, jy, js, i, j, k;
	double alpha, xk, dk, temp1, temp2, dd_p;
	if (nsub <= 0)
		return;
	pointr = head;
	for (i = 1; i <= col; i++) {
		temp1 = 0.0;
		temp2 = 0.0;
		for (j = 1; j <= nsub; j++) {
			k = E1(ind, j);
			temp1 = temp1 + E2(wy, n, k, pointr) * E1(d, j);
			temp2 = temp2 + E2(ws, n, k, pointr) * E1(d, j);
		}
		E1(wv, i) = temp1;
		E1(wv, col + i) = theta * temp2;
		pointr = pointr % m + 1;
	}
	m2 = 2 * m;
	col2 = 2 * col;
	dtrtrs('U', 'T', col2, wn, m2, wv, info);
	if (*info != 0)
		return;
	for (i = 1; i <= col; i++)
		E1(wv, i) = -E1(wv, i);
	dtrtrs('U', 'N', col2, wn, m2, wv, info);
	if (*info != 0)
		return;
	pointr = head;
	for (jy = 1; jy <= col; jy++) {
		js = col + jy;
		for (i = 1; i <= nsub; i++) {
			k = E1(ind, i);
			E1(d, i) = E1(d, i) + E2(wy, n, k, pointr) * E1(wv, jy) / theta +
			           E2(ws, n, k, pointr) * E1(wv, js);
		}
		pointr = pointr % m + 1;
	}
	oc_dscal(nsub, 1.0 / theta, d);
	*iword = 0;
	oc_dcopy(n, x, xp);
	for (i = 1; i <= nsub; i++) {
		k = E1(ind, i);
		dk = E1(d, i);
		xk = E1(x, k);
		if (E1(nbd, k) != 0) {
			if (E1(nbd, k) == 1) {
				E1(x, k) = dmax(E1(l, k), xk + dk);
				if (E1(x, k) == E1(l, k))
					*iword = 1;
			} else {
				if (E1(nbd, k) == 2) {
					xk = dmax(E1(l, k), xk + dk);
					E1(x, k) = dmin(E1(u, k), xk);
					if (E1(x, k) == E1(l, k) || E1(x, k) == E1(u, k))
						*iword = 1;
				} else {
					if (E1(nbd, k) == 3) {
						E1(x, k) = dmin(E1(u, k), xk + dk);
						if (E1(x, k) == E1(u, k))
							*iword = 1;
					}
				}
			}
		} else {
			E1(x, k) = xk + dk;
		}
	}
	if (*iword == 0)
		return;
	dd_p = 0.0;
	for (i = 1; i <= n; i++)
		dd_p = dd_p + (E1(x, i) - E1(xx, i)) * E1(gg, i);
	if (dd_p > 0.0)
		oc_dcopy(n, xp, x);
	else
		return;
	alpha = 1.0;
	temp1 = alpha;
	ibd = 0;
	for (i = 1; i <= nsub; i++) {
		k = E1(ind, i);
		dk = E1(d, i);
		if (E1(nbd, k) != 0) {
			if (dk < 0.0 && E1(nbd, k) <= 2) {
				temp2 = E1(l, k) - E1(x, k);
				if (temp2 >= 0.0)
					temp1 = 0.0;
				else if (dk * alpha < temp2)
					temp1 = temp2 / dk;
			} else if (dk > 0.0 && E1(nbd, k) >= 2) {
				temp2 = E1(u, k) - E1(x, k);
				if (temp2 <= 0.0)
					temp1 = 0.0;
				else if (dk * alpha > temp2)
					temp1 = temp2 / dk;
			}
			if (temp1 < alpha) {
				alpha = temp1;
				ibd = i;
			}
		}
	}
	if (alpha < 1.0) {
		dk = E1(d, ibd);
		k = E1(ind, ibd);
		if (dk > 0.0) {
			E1(x, k) = E1(u, k);
			E1(d, ibd) = 0.0;
		} else if (dk < 0.0) {
			E1(x, k) = E1(l, k);
			E1(d, ibd) = 0.0;
		}
	}
	for (i = 1; i <= nsub; i++) {
		k = E1(ind, i);
		E1(x, k) = E1(x, k) + alpha * E1(d, i);
	}
}

/* The main loop, by reverse communication through task; its locals survive
 * between calls in lsave, isave and dsave exactly as in the Fortran. */
static void mainlb(long n, long m, double *x, const double *l, const double *u, const long *nbd,
                   double *f, double *g, double factr, double pgtol, double *ws, double *wy,
                   double *sy, double *ss, double *wt, double *wn, double *snd, double *z,
                   double *r, double *d, double *t, double *xp, double *wa, long *index,
                   long *iwhere, long *indx2, char *task, char *csave, int *lsave, long *isave,
                   double *dsave, long maxls)
{
	int prjctd, cnstnd, boxed, updatd, wrk;
	long i, k, nintol, iback, nskip, head, col, iter, itail, iupdat, nseg, nfgv, info, ifun,
	     iword, nfree, nact, ileave, nenter;
	double theta, fold, dr, rr, tol, xstep, sbgnrm, ddum, dnorm, dtd, epsmch, gd, gdold, stp,
	       stpmx;

	if (strcmp(task, "START") == 0) {
		/* scipy: epsmch = 2 * dlamch('e'); LAPACK's dlamch('e') is the
		 * unit roundoff 2^-53, so epsmch is DBL_EPSILON. */
		epsmch = 2 * (DBL_EPSILON * 0.5);
		col = 0;
		head = 1;
		theta = 1.0;
		iupdat = 0;
		updatd = 0;
		iback = 0;
		itail = 0;
		iword = 0;
		nact = 0;
		ileave = 0;
		nenter = 0;
		fold = 0.0;
		dnorm = 0.0;
		gd = 0.0;
		stpmx = 0.0;
		sbgnrm = 0.0;
		stp = 0.0;
		gdold = 0.0;
		dtd = 0.0;
		iter = 0;
		nfgv = 0;
		nseg = 0;
		nintol = 0;
		nskip = 0;
		nfree = n;
		ifun = 0;
		tol = factr * epsmch;
		info = 0;
		k = 0;
		errclb(n, m, factr, l, u, nbd, task, &info, &k);
		if (sub_is(task, 1, "ERROR"))
			return;
		active(n, l, u, nbd, x, iwhere, &prjctd, &cnstnd, &boxed);
	} else {
		prjctd = E1(lsave, 1);
		cnstnd = E1(lsave, 2);
		boxed = E1(lsave, 3);
		updatd = E1(lsave, 4);
		nintol = E1(isave, 1);
		iback = E1(isave, 4);
		nskip = E1(isave, 5);
		head = E1(isave, 6);
		col = E1(isave, 7);
		itail = E1(isave, 8);
		iter = E1(isave, 9);
		iupdat = E1(isave, 10);
		nseg = E1(isave, 12);
		nfgv = E1(isave, 13);
		info = E1(isave, 14);
		ifun = E1(isave, 15);
		iword = E1(isave, 16);
		nfree = E1(isave, 17);
		nact = E1(isave, 18);
		ileave = E1(isave, 19);
		nenter = E1(isave, 20);
		theta = E1(dsave, 1);
		fold = E1(dsave, 2);
		tol = E1(dsave, 3);
		dnorm = E1(dsave, 4);
		epsmch = E1(dsave, 5);
		gd = E1(dsave, 11);
		stpmx = E1(dsave, 12);
		sbgnrm = E1(dsave, 13);
		stp = E1(dsave, 14);
		gdold = E1(dsave, 15);
		dtd = E1(dsave, 16);
		if (sub_is(task, 1, "FG_LN"))
			goto l666;
		if (sub_is(task, 1, "NEW_X"))
			goto l777;
		if (sub_is(task, 1, "FG_ST"))
			goto l111;
		if (sub_is(task, 1, "STOP")) {
			if (sub_is(task, 7, "CPU")) {
				oc_dcopy(n, t, x);
				oc_dcopy(n, r, g);
				*f = fold;
			}
			goto l999;
		}
	}
	setstr(task, "FG_START");
	goto l1000;
l111:
	nfgv = 1;
	projgr(n, l, u, nbd, x, g, &sbgnrm);
	if (sbgnrm <= pgtol) {
		setstr(task, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
		goto l999;
	}
l222:
	iword = -1;
	if (!cnstnd && col > 0) {
		oc_dcopy(n, x, z);
		wrk = updatd;
		nseg = 0;
		goto l333;
	}
	cauchy(n, x, l, u, nbd, g, indx2, iwhere, t, d, z, m, wy, ws, sy, wt, theta, col, head,
	       &E1(wa, 1), &E1(wa, 2 * m + 1), &E1(wa, 4 * m + 1), &E1(wa, 6 * m + 1), &nseg,
	       sbgnrm, &info, epsmch);
	if (info != 0) {
		/* singular triangular system: refresh the memory and restart */
		info = 0;
		col = 0;
		head = 1;
		theta = 1.0;
		iupdat = 0;
		updatd = 0;
		goto l222;
	}
	nintol = nintol + nseg;
	freev(n, &nfree, index, &nenter, &ileave, indx2, iwhere, &wrk, updatd, cnstnd, iter);
	nact = n - nfree;
l333:
	if (nfree == 0 || col == 0)
		goto l555;
	if (wrk)
		formk(n, nfree, index, nenter, ileave, indx2, iupdat, updatd, wn, snd, m, ws, wy, sy,
		      theta, col, head, &info);
	if (info != 0) {
		/* nonpositive definiteness in formk: refresh and restart */
		info = 0;
		col = 0;
		head = 1;
		theta = 1.0;
		iupdat = 0;
		updatd = 0;
		goto l222;
	}
	cmprlb(n, m, x, g, ws, wy, sy, wt, z, r, wa, index, theta, col, head, nfree, cnstnd, &info);
	if (info != 0)
		goto l444;
	subsm(n, m, nfree, index, l, u, nbd, z, r, xp, ws, wy, theta, x, g, col, head, &iword, wa,
	      wn, &info);
l444:
	if (info != 0) {
		/* singular triangular system: refresh and restart */
		info = 0;
		col = 0;
		head = 1;
		theta = 1.0;
		iupdat = 0;
		updatd = 0;
		goto l222;
	}
l555:
	for (i = 1; i <= n; i++)
		E1(d, i) = E1(z, i) - E1(x, i);
l666:
	lnsrlb(n, l, u, nbd, x, *f, &fold, &gd, &gdold, g, d, r, t, z, &stp, &dnorm, &dtd, &xstep,
	       &stpmx, iter, &ifun, &iback, &nfgv, &info, task, boxed, cnstnd, csave,
	       &E1(isave, 22), &E1(dsave, 17));
	if (info != 0 || iback >= maxls) {
		oc_dcopy(n, t, x);
		oc_dcopy(n, r, g);
		*f = fold;
		if (col == 0) {
			if (info == 0) {
				info = -9;
				nfgv = nfgv - 1;
				ifun = ifun - 1;
				iback = iback - 1;
			}
			setstr(task, "ABNORMAL_TERMINATION_IN_LNSRCH");
			iter = iter + 1;
			goto l999;
		} else {
			/* bad direction in the line search: refresh and restart */
			if (info == 0)
				nfgv = nfgv - 1;
			info = 0;
			col = 0;
			head = 1;
			theta = 1.0;
			iupdat = 0;
			updatd = 0;
			setstr(task, "RESTART_FROM_LNSRCH");
			goto l222;
		}
	} else if (sub_is(task, 1, "FG_LN")) {
		goto l1000;
	} else {
		iter = iter + 1;
		projgr(n, l, u, nbd, x, g, &sbgnrm);
		goto l1000;
	}
l777:
	if (sbgnrm <= pgtol) {
		setstr(task, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
		goto l999;
	}
	ddum = max3(fabs(fold), fabs(*f), 1.0);
	if ((fold - *f) <= tol * ddum) {
		setstr(task, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
		if (iback >= 10)
			info = -5;
		goto l999;
	}
	for (i = 1; i <= n; i++)
		E1(r, i) = E1(g, i) - E1(r, i);
	rr = oc_ddot(n, r, r);
	if (stp == 1.0) {
		dr = gd - gdold;
		ddum = -gdold;
	} else {
		dr = (gd - gdold) * stp;
		oc_dscal(n, stp, d);
		ddum = -gdold * stp;
	}
	if (dr <= epsmch * ddum) {
		/* the BFGS update would not keep the matrix positive definite */
		nskip = nskip + 1;
		updatd = 0;
		goto l888;
	}
	updatd = 1;
	iupdat = iupdat + 1;
	matupd(n, m, ws, wy, sy, ss, d, r, &itail, iupdat, &col, &head, &theta, rr, dr, stp, dtd);
	formt(m, wt, sy, ss, col, theta, &info);
	if (info != 0) {
		/* nonpositive definiteness in formt: refresh and restart */
		info = 0;
		col = 0;
		head = 1;
		theta = 1.0;
		iupdat = 0;
		updatd = 0;
		goto l222;
	}
l888:
	goto l222;
l999:
l1000:
	E1(lsave, 1) = prjctd;
	E1(lsave, 2) = cnstnd;
	E1(lsave, 3) = boxed;
	E1(lsave, 4) = updatd;
	E1(isave, 1) = nintol;
	E1(isave, 4) = iback;
	E1(isave, 5) = nskip;
	E1(isave, 6) = head;
	E1(isave, 7) = col;
	E1(isave, 8) = itail;
	E1(isave, 9) = iter;
	E1(isave, 10) = iupdat;
	E1(isave, 12) = nseg;
	E1(isave, 13) = nfgv;
	E1(isave, 14) = info;
	E1(isave, 15) = ifun;
	E1(isave, 16) = iword;
	E1(isave, 17) = nfree;
	E1(isave, 18) = nact;
	E1(isave, 19) = ileave;
	E1(isave, 20) = nenter;
	E1(dsave, 1) = theta;
	E1(dsave, 2) = fold;
	E1(dsave, 3) = tol;
	E1(dsave, 4) = dnorm;
	E1(dsave, 5) = epsmch;
	E1(dsave, 11) = gd;
	E1(dsave, 12) = stpmx;
	E1(dsave, 13) = sbgnrm;
	E1(dsave, 14) = stp;
	E1(dsave, 15) = gdold;
	E1(dsave, 16) = dtd;
	(void)xstep;
}

/* Partitions the work arrays and calls mainlb. */
static void setulb(long n, long m, double *x, const double *l, const double *u, const long *nbd,
                   double *f, double *g, double factr, double pgtol, double *wa, long *iwa,
                   char *task, char *csave, int *lsave, long *isave, double *dsave, long maxls)
{
	long lws, lr, lz, lt, ld, lxp, lwa, lwy, lsy, lss, lwt, lwn, lsnd;
	if (strcmp(task, "START") == 0) {
		E1(isave, 1) = m * n;
		E1(isave, 2) = m * m;
		E1(isave, 3) = 4 * m * m;
		E1(isave, 4) = 1;
		E1(isave, 5) = E1(isave, 4) + E1(isave, 1);
		E1(isave, 6) = E1(isave, 5) + E1(isave, 1);
		E1(isave, 7) = E1(isave, 6) + E1(isave, 2);
		E1(isave, 8) = E1(isave, 7) + E1(isave, 2);
		E1(isave, 9) = E1(isave, 8) + E1(isave, 2);
		E1(isave, 10) = E1(isave, 9) + E1(isave, 3);
		E1(isave, 11) = E1(isave, 10) + E1(isave, 3);
		E1(isave, 12) = E1(isave, 11) + n;
		E1(isave, 13) = E1(isave, 12) + n;
		E1(isave, 14) = E1(isave, 13) + n;
		E1(isave, 15) = E1(isave, 14) + n;
		E1(isave, 16) = E1(isave, 15) + n;
	}
	lws = E1(isave, 4);
	lwy = E1(isave, 5);
	lsy = E1(isave, 6);
	lss = E1(isave, 7);
	lwt = E1(isave, 8);
	lwn = E1(isave, 9);
	lsnd = E1(isave, 10);
	lz = E1(isave, 11);
	lr = E1(isave, 12);
	ld = E1(isave, 13);
	lt = E1(isave, 14);
	lxp = E1(isave, 15);
	lwa = E1(isave, 16);
	mainlb(n, m, x, l, u, nbd, f, g, factr, pgtol, &E1(wa, lws), &E1(wa, lwy), &E1(wa, lsy),
	       &E1(wa, lss), &E1(wa, lwt), &E1(wa, lwn), &E1(wa, lsnd), &E1(wa, lz), &E1(wa, lr),
	       &E1(wa, ld), &E1(wa, lt), &E1(wa, lxp), &E1(wa, lwa), &E1(iwa, 1), &E1(iwa, n + 1),
	       &E1(iwa, 2 * n + 1), task, csave, lsave, &E1(isave, 22), dsave, maxls);
}

/* ---- scipy/optimize/_lbfgsb_py.py, _minimize_lbfgsb -------------------- */

struct oc_lbfgsb_opts oc_lbfgsb_defaults(void)
{
	struct oc_lbfgsb_opts o = {
		.m = 10, .ftol = 2.2204460492503131e-09, .gtol = 1e-5,
		.maxiter = 15000, .maxfun = 15000, .maxls = 20,
	};
	return o;
}

/* scipy's ScalarFunction: evaluates only when x differs (==, element by
 * element) from the point of the last evaluation, counting nfev. */
struct scalar_fn {
	oc_lbfgsb_fg fg;
	void *ctx;
	size_t n;
	double *xlast, *glast, flast;
	long nfev;
};

static int sf_eval(struct scalar_fn *sf, const double *x, int force)
{
	int same = !force;
	for (size_t i = 0; same && i < sf->n; i++)
		same = x[i] == sf->xlast[i];
	if (same)
		return 0;
	memcpy(sf->xlast, x, sf->n * sizeof *x);
	sf->nfev++;
	return sf->fg(sf->ctx, x, &sf->flast, sf->glast);
}

int oc_lbfgsb_minimize(size_t n, double *x, double *g, oc_lbfgsb_fg fg, void *ctx,
                       const struct oc_lbfgsb_opts *o, struct oc_lbfgsb_result *res)
{
	long m = o->m, nn = (long)n;
	size_t nwa = 2 * (size_t)m * n + 5 * n + 11 * (size_t)(m * m) + 8 * (size_t)m;
	double *wa = calloc(nwa + 4 * n + 1, sizeof *wa);
	long *iwa = calloc(4 * n + 1, sizeof *iwa);
	double *l, *u, f = 0.0, dsave[29] = { 0 };
	long *nbd, isave[44] = { 0 }, n_iterations = 0;
	int lsave[4] = { 0 }, rc = 0;
	char task[TASK_LEN + 1], csave[TASK_LEN + 1];
	struct scalar_fn sf = { .fg = fg, .ctx = ctx, .n = n };

	memset(res, 0, sizeof *res);
	if (!wa || !iwa) {
		free(wa);
		free(iwa);
		return -1;
	}
	/* no bounds: l = u = 0, nbd = 0 */
	l = wa + nwa;
	u = l + n;
	sf.xlast = u + n;
	sf.glast = sf.xlast + n;
	nbd = iwa + 3 * n;
	/* ScalarFunction evaluates the objective at x0 when it is built */
	rc = sf_eval(&sf, x, 1);
	memset(g, 0, n * sizeof *g);
	setstr(task, "START");
	setstr(csave, "");
	while (!rc) {
		setulb(nn, m, x, l, u, nbd, &f, g, o->ftol / DBL_EPSILON, o->gtol, wa, iwa, task, csave,
		       lsave, isave, dsave, o->maxls);
		if (sub_is(task, 1, "FG")) {
			rc = sf_eval(&sf, x, 0);
			f = sf.flast;
			memcpy(g, sf.glast, n * sizeof *g);
		} else if (sub_is(task, 1, "NEW_X")) {
			n_iterations++;
			if (n_iterations >= o->maxiter)
				setstr(task, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
			else if (sf.nfev > o->maxfun)
				setstr(task, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
		} else {
			break;
		}
	}
	if (!rc) {
		if (sub_is(task, 1, "CONV"))
			res->status = 0;
		else if (sf.nfev > o->maxfun || n_iterations >= o->maxiter)
			res->status = 1;
		else
			res->status = 2;
		res->nit = n_iterations;
		res->nfev = sf.nfev;
		res->f = f;
		memcpy(res->message, task, sizeof res->message);
	}
	free(wa);
	free(iwa);
	return rc;
}
