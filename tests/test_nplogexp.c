/* SPDX-License-Identifier: MIT */
/* test_nplogexp.c - numpy 1.24's float64 log/exp, bit for bit, whatever the
 * CPU running the test.  Vectors (tests/fixtures/numpy-simd/): log.txt and
 * exp.txt made by make_vectors.py with numpy on an Intel Xeon (AVX512_SKX),
 * edge.txt and avx512f-*.txt by regen.py. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/nplogexp.h"
#include "testutil.h"

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Checks every line "[name] input numpy libm" of a fixture; fn selects the
 * function when lines carry no name.  Returns the lines checked. */
static long check_file(const char *rel, const char *fn, enum oc_np_kernel k)
{
	char *path = tu_fixture(rel), line[256];
	FILE *fp = fopen(path, "r");
	long n = 0, bad = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	while (fgets(line, sizeof line, fp)) {
		char name[8], a[64], b[64], c[64];
		if (line[0] == '#')
			continue;
		if (fn) {
			if (sscanf(line, "%63s %63s %63s", a, b, c) != 3)
				continue;
			strcpy(name, fn);
		} else if (sscanf(line, "%7s %63s %63s %63s", name, a, b, c) != 4) {
			continue;
		}
		double x = strtod(a, NULL), want = strtod(b, NULL), libm = strtod(c, NULL);
		int is_log = strcmp(name, "log") == 0;
		double got = is_log ? oc_np_log(k, x) : oc_np_exp(k, x);
		double base = is_log ? oc_np_log(OC_NP_LIBM, x) : oc_np_exp(OC_NP_LIBM, x);
		n++;
		/* the libm column is NaN where Python raised instead */
		if (!same_bits(got, want) || (libm == libm && !same_bits(base, libm))) {
			if (bad++ < 5)
				fprintf(stderr, "%s %s(%a): got %a, numpy %a\n", rel, name, x, got, want);
		}
	}
	fclose(fp);
	free(path);
	CU_ASSERT_EQUAL(bad, 0);
	return n;
}

static void test_skx_log(void)
{
	CU_ASSERT_EQUAL(check_file("numpy-simd/log.txt", "log", OC_NP_AVX512_SKX), 20000);
}

static void test_skx_exp(void)
{
	CU_ASSERT_EQUAL(check_file("numpy-simd/exp.txt", "exp", OC_NP_AVX512_SKX), 20000);
}

static void test_skx_edges(void)
{
	CU_ASSERT(check_file("numpy-simd/edge.txt", NULL, OC_NP_AVX512_SKX) > 1500);
}

static void test_avx512f_only(void)
{
	CU_ASSERT_EQUAL(check_file("numpy-simd/avx512f-log.txt", "log", OC_NP_AVX512F), 8003);
	CU_ASSERT_EQUAL(check_file("numpy-simd/avx512f-exp.txt", "exp", OC_NP_AVX512F), 8000);
}

static void test_settings(void)
{
	/* baseline and the pinned setting never depend on the CPU */
	CU_ASSERT_EQUAL(oc_np_kernel_for(OC_NUMPY_SIMD_BASELINE), OC_NP_LIBM);
	CU_ASSERT_EQUAL(oc_np_kernel_for(OC_NUMPY_SIMD_AVX512F), OC_NP_AVX512_SKX);
	CU_ASSERT_EQUAL(oc_np_kernel_for(OC_NUMPY_SIMD_AUTO), oc_np_kernel_of_cpu());
	CU_ASSERT_STRING_EQUAL(oc_numpy_simd_names[OC_NUMPY_SIMD_AVX512F], "avx512f");
	/* the two kernels really differ: 1.548... is one of the fifth */
	double x = 0x1.8c6bf2161f8d7p+0;
	CU_ASSERT(oc_np_log(OC_NP_AVX512_SKX, x) != oc_np_log(OC_NP_LIBM, x));
}

static CU_TestInfo tests[] = {
	{ "AVX512_SKX log: 20000 Xeon vectors", test_skx_log },
	{ "AVX512_SKX exp: 20000 Xeon vectors", test_skx_exp },
	{ "AVX512_SKX edge cases", test_skx_edges },
	{ "AVX512F-only kernels", test_avx512f_only },
	{ "settings and kernels", test_settings },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("nplogexp", tests);
}
