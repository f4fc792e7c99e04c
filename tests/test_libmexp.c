/* SPDX-License-Identifier: MIT */
/* test_libmexp.c - oc_exp_many gives exp()'s bits on every argument, on the
 * path the C library's own exp takes and on the other one: the test runs
 * itself again with GLIBC_TUNABLES hiding FMA and AVX2 from glibc, where
 * glibc's exp rounds differently and oc_exp_many must notice and follow. */
#include "config.h"

#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ml/libmexp.h"
#include "testutil.h"

static uint64_t state = 0x9e3779b97f4a7c15u;

static uint64_t next(void)
{
	return tu_xorshift(&state);
}

static double unit(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static int same(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

/* 4,000,000 arguments against exp(), 4096 at a time, from the RBF kernel's
 * range, both signs up to overflow, tiny magnitudes around the fast path's
 * 2^-54 edge, and raw bit patterns (subnormals, inf, nan); returns the
 * number that differ. */
static long sweep(void)
{
	enum { B = 4096 };
	static double x[B], y[B];
	long bad = 0;
	for (int rep = 0; rep < 1000; rep++) {
		for (int i = 0; i < B; i++) {
			uint64_t r;
			switch (rep % 4) {
			case 0: x[i] = -745.0 * unit(); break;
			case 1: x[i] = -800.0 + 1600.0 * unit(); break;
			case 2: x[i] = ldexp(unit(), (int)(next() % 80) - 70) * (next() & 1 ? 1 : -1); break;
			default: r = next(); memcpy(&x[i], &r, sizeof r); break;
			}
		}
		oc_exp_many(x, y, B);
		for (int i = 0; i < B; i++)
			if (!same(y[i], exp(x[i])) && bad++ < 5)
				fprintf(stderr, "exp(%a): %a, exp() %a\n", x[i], y[i], exp(x[i]));
	}
	return bad;
}

static void test_sweep(void)
{
	CU_ASSERT_EQUAL(sweep(), 0);
}

/* Lengths that are not a multiple of four, and y on top of x. */
static void test_lengths_and_aliasing(void)
{
	double x[11], y[11], z[11];
	for (size_t n = 0; n <= 11; n++) {
		for (size_t i = 0; i < 11; i++)
			x[i] = z[i] = y[i] = -3.0 * (double)i - 0.25;
		oc_exp_many(x, y, n);
		oc_exp_many(z, z, n);
		for (size_t i = 0; i < 11; i++) {
			double want = i < n ? exp(x[i]) : x[i];
			CU_ASSERT(same(y[i], want));
			CU_ASSERT(same(z[i], want));
		}
	}
	/* the fast path's edges and special values inside a block of four */
	const double edge[8] = { 0.0, -0.0, 0x1p-54, -0x1p-55, -512.0, 511.9999999999999, -INFINITY,
	                         NAN };
	oc_exp_many(edge, y, 8);
	for (int i = 0; i < 8; i++)
		CU_ASSERT(same(y[i], exp(edge[i])));
}

/* At -0x1.4cd51dff2a7a4p+8 glibc's FMA build of exp gives ...cb1p-481 and
 * its other builds ...cbp-481: which one this process's exp() is tells
 * whether oc_exp_many may run its FMA lanes. */
static void test_path_follows_libm(void)
{
	volatile double x = -0x1.4cd51dff2a7a4p+8;
	double e = exp(x);
	const char *path = oc_exp_many_path();
	fprintf(stderr, "[exp(%a) = %a, path %s] ", x, e, path);
	if (e != 0x1.c544770bbdcb1p-481)
		CU_ASSERT_STRING_EQUAL(path, "libm");
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	/* on Debian's glibc with a CPU that has FMA and AVX2, the fast lanes
	 * must be taken, or the test would pass on exp() alone */
	__builtin_cpu_init();
	if (e == 0x1.c544770bbdcb1p-481 && __builtin_cpu_supports("fma") &&
	    __builtin_cpu_supports("avx2") && !getenv("OPTICURE_DISABLE_CPU_FEATURES"))
		CU_ASSERT_STRING_EQUAL(path, "avx2-fma");
#endif
}

/* Runs this test again as "--child" with the one environment variable env
 * (and the path the child must report, or NULL); true when it passed. */
static int child_passes(char *env, char *want_path)
{
	static char name[] = "test_libmexp", child[] = "--child";
	char *argv[] = { name, child, want_path, NULL };
	char *envp[] = { env, NULL };
	pid_t pid;
	int status = -1;
	if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, envp) != 0 ||
	    waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The same checks in a child whose glibc does not use FMA or AVX2: its exp
 * rounds otherwise, and oc_exp_many must see it and call exp(). */
static void test_without_fma(void)
{
	static char tunables[] = "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA";
	CU_ASSERT(child_passes(tunables, NULL));
}

/* OPTICURE_DISABLE_CPU_FEATURES=fma: exp() one by one, same bits. */
static void test_disabled_by_environment(void)
{
	static char off[] = "OPTICURE_DISABLE_CPU_FEATURES=sse4_2, FMA", libm[] = "libm";
	CU_ASSERT(child_passes(off, libm));
}

static CU_TestInfo tests[] = {
	{ "4,000,000 arguments give exp()'s bits", test_sweep },
	{ "lengths, aliasing and edges", test_lengths_and_aliasing },
	{ "the path follows the C library's exp", test_path_follows_libm },
	{ "glibc without FMA: still exp()'s bits", test_without_fma },
	{ "OPTICURE_DISABLE_CPU_FEATURES: exp() itself", test_disabled_by_environment },
	CU_TEST_INFO_NULL,
};

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--child") == 0) {
		/* glibc without FMA rounds -0x1.4cd51dff2a7a4p+8 the other way;
		 * a C library other than glibc may round it either way */
		volatile double x = -0x1.4cd51dff2a7a4p+8;
		double e = exp(x);
		int path_ok = e == 0x1.c544770bbdcb1p-481 || strcmp(oc_exp_many_path(), "libm") == 0;
		long bad = sweep();
		fprintf(stderr, "child: exp(%a) = %a, path %s, %ld differ\n", x, e,
		        oc_exp_many_path(), bad);
		if (argc == 3 && strcmp(argv[2], oc_exp_many_path()) != 0)
			path_ok = 0;
		return path_ok && bad == 0 ? 0 : 1;
	}
	return tu_run_suite("libmexp", tests);
}
