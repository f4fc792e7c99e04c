/* SPDX-License-Identifier: MIT */
/* partition3.c - scikit-learn's 3-way partition, and the same permutation
 * computed from comparison masks with AVX-512 or AVX2.
 *
 * The loop (_splitter.pyx, introsort) examines every element once: i walks
 * up from the front; an element below the pivot is swapped with a[l] (the
 * first of the elements equal to it so far), an equal one stays, a greater
 * one is swapped with a[r-1] (r decremented), and the element that comes
 * in from the back is examined next at the same i.  Branch by branch, with
 * G elements greater than the pivot, that is:
 *
 *  1. The elements examined that are not greater ("events") are a[0, n-G)
 *     in order, each greater one among them replaced by the element the
 *     back chain it starts stops on: the k-th greater front element takes
 *     the k-th not-greater element of a[n-G, n) counted from the top.  (The
 *     front run is a[0, n-G) or a[0, n-G]; in the second case a[n-G] is
 *     greater and the loop ends before its chain.)
 *  2. Events below the pivot keep their order: they fill a[0, lo).
 *  3. Equal events form a queue: each is appended, and each event below
 *     the pivot after the first equal one moves the queue's head to its
 *     tail (the swap with a[l]), so a run of k of them rotates it by k
 *     modulo its length.
 *  4. Greater elements go from the top down in the order examined; a
 *     greater element of the back moves down one place.  So a[n-1] is the
 *     first greater element of a[0, n-G], and each a[j], j in [n-G, n-1),
 *     is a[j+1] when that is greater, else the next of the greater
 *     elements of a[0, n-G] taken from the last down to the second.
 *
 * Steps 1, 2 and 4 are compressions and expansions under comparison masks,
 * eight elements per instruction with AVX-512 (vpcompressq, vpexpandq),
 * four with AVX2 (vpermd by a table of the 16 masks, and a blend); step 3
 * touches only the elements equal to the pivot, few where it matters.
 * Where the plain loop mispredicts a branch per element on ties, this runs
 * without data-dependent branches.  tests/test_partition3 compares the
 * three forms with scikit-learn's loop on random arrays of every shape. */
#include "config.h"

#include <string.h>

#include "core/cpu.h"
#include "ml/partition3.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_SIMD_PATHS 1
#endif

/* Below this many elements the plain loop is as fast (on arrays of n/2
 * distinct values drawn afresh, so that no branch is learnt). */
#define FAST_MIN_8 12
#define FAST_MIN_4 24

static inline void swap_kv(struct oc_kv *a, size_t i, size_t j)
{
	struct oc_kv t = a[i];
	a[i] = a[j];
	a[j] = t;
}

void oc_partition3_plain(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                         size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	size_t i = 0, l = 0, r = n;
	(void)sorted;
	(void)scratch;
	while (i < r) {
		if (a[i].x < pivot) {
			swap_kv(a, i, l);
			i++;
			l++;
		} else if (a[i].x > pivot) {
			r--;
			swap_kv(a, i, r);
		} else {
			i++;
		}
	}
	*lo = l;
	*hi = r;
}

/* tn, fg and the queue, each n elements and 8 of slack (full-width loads
 * and stores past the live ones; fg's read below its start lands in tn) */
size_t oc_partition3_scratch(size_t n)
{
	return 3 * (n + 8);
}

#ifdef HAVE_SIMD_PATHS
#define AVX512 __attribute__((target("avx512f,avx512vl,popcnt")))

/* an element as one 64-bit word, through which struct oc_kv may be read */
typedef uint64_t __attribute__((may_alias)) word;

/* The equal events' queue (step 3): q[h, t), and the events below the
 * pivot since its last change, each a rotation by one. */
struct eq_queue {
	word *q;
	size_t h, t, rot;
};

/* The pending rotations, done by copying the queue's first rot modulo
 * length elements to its tail. */
static inline void queue_rotate(struct eq_queue *e)
{
	size_t len = e->t - e->h, k = e->rot;
	e->rot = 0;
	if (len <= 1)
		return;                 /* a rotation of one element moves nothing */
	if (k >= len)
		k %= len;
	memcpy(e->q + e->t, e->q + e->h, k * sizeof *e->q);
	e->h += k;
	e->t += k;
}

/* One block's events in lane order: lanes of lt are below the pivot, of eq
 * equal to it; each equal lane is queued after the smaller lanes before
 * it have rotated the queue. */
static inline void queue_block(struct eq_queue *e, const word *lanes, unsigned lt, unsigned eq)
{
	unsigned from = 0;      /* lanes [0, from) are counted */
	while (eq) {
		unsigned j = (unsigned)__builtin_ctz(eq);
		e->rot += (size_t)__builtin_popcount(lt & ((1u << j) - (1u << from)));
		queue_rotate(e);
		e->q[e->t++] = lanes[j];
		from = j + 1;
		eq &= eq - 1;
	}
	e->rot += (size_t)__builtin_popcount(lt & (~0u << from));
}

/* How many of the increasing x[0, n) are below pivot (or_equal: not
 * above it): a bisection with the comparisons of the loop. */
static size_t below(const struct oc_kv *x, size_t n, float pivot, int or_equal)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (or_equal ? !(x[mid].x > pivot) : x[mid].x < pivot)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The counts below and above pivot from the values in increasing order */
static void counts_sorted(const struct oc_kv *sorted, size_t n, float pivot, size_t *L,
                          size_t *G)
{
	*L = below(sorted, n, pivot, 0);
	*G = n - below(sorted + *L, n - *L, pivot, 1) - *L;
}

static inline __mmask8 first(size_t k)
{
	return (__mmask8)((1u << k) - 1u);
}

AVX512 static inline __m256 values(__m512i v)
{
	return _mm256_castsi256_ps(_mm512_cvtepi64_epi32(v));   /* x is the low half */
}

AVX512 static inline __mmask8 greater(__m512i v, __m256 p)
{
	return _mm256_cmp_ps_mask(values(v), p, _CMP_GT_OQ);
}

AVX512 static inline __mmask8 less(__m512i v, __m256 p)
{
	return _mm256_cmp_ps_mask(values(v), p, _CMP_LT_OQ);
}

AVX512 static inline unsigned count(__mmask8 m)
{
	return (unsigned)_mm_popcnt_u32(m);
}

AVX512 static void fast8(struct oc_kv *kv, size_t n, float pivot, const struct oc_kv *sorted,
                        size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	word *a = (word *)(void *)kv;
	word *tn = (word *)(void *)scratch, *fg = tn + n + 8, *q = fg + n + 8;
	const __m256 p = _mm256_set1_ps(pivot);
	const __m512i iota = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
	const __m512i reverse = _mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7);
	size_t G = 0, L = 0;

	if (sorted) {
		counts_sorted(sorted, n, pivot, &L, &G);
	} else {
		for (size_t i = 0; i < n; i += 8) {
			__mmask8 in = n - i >= 8 ? 0xff : first(n - i);
			__m512i v = _mm512_maskz_loadu_epi64(in, a + i);
			G += count(greater(v, p) & in);
			L += count(less(v, p) & in);
		}
	}
	size_t r = n - G, E = r - L;
	*lo = L;
	*hi = r;
	if (G == 0 && E == 0)
		return;                 /* all below: the loop moves nothing */

	/* tn: the not-greater elements of a[r, n), from the top down (step 1) */
	size_t nt = 0;
	for (size_t e = n; e > r;) {
		size_t b = e - r >= 8 ? e - 8 : r, c = e - b;
		__m512i v = _mm512_maskz_loadu_epi64(first(c), a + b);
		v = _mm512_permutexvar_epi64(
		        _mm512_sub_epi64(_mm512_set1_epi64((long long)c - 1), iota), v);
		__mmask8 keep = (__mmask8)(~greater(v, p) & first(c));
		_mm512_storeu_si512(tn + nt, _mm512_maskz_compress_epi64(keep, v));
		nt += count(keep);
		e = b;
	}

	/* the events of a[0, r) (steps 1-3); fg: the greater ones, in order */
	size_t k = 0, g = 0, l = 0;
	struct eq_queue eqq = { q, 0, 0, 0 };
	for (size_t i = 0; i < r; i += 8) {
		size_t c = r - i >= 8 ? 8 : r - i;
		__mmask8 in = first(c);
		__m512i v = _mm512_maskz_loadu_epi64(in, a + i);
		__mmask8 gt = greater(v, p) & in;
		_mm512_storeu_si512(fg + g, _mm512_maskz_compress_epi64(gt, v));
		g += count(gt);
		__m512i ev = _mm512_mask_expand_epi64(v, gt, _mm512_loadu_si512(tn + k));
		k += count(gt);
		__mmask8 lt = less(ev, p) & in;
		__m512i below = _mm512_maskz_compress_epi64(lt, ev);
		/* a[l, l+8) was read (l <= i); short of r, a[r, n) is still needed */
		if (c == 8)
			_mm512_storeu_si512(a + l, below);
		else
			_mm512_mask_storeu_epi64(a + l, first(count(lt)), below);
		l += count(lt);
		__mmask8 eq = (__mmask8)(in & ~lt);
		if (!eq) {
			eqq.rot += count(lt);
			continue;
		}
		word e8[8];
		_mm512_storeu_si512(e8, ev);
		queue_block(&eqq, e8, lt, eq);
	}
	queue_rotate(&eqq);

	/* the greater elements (step 4) */
	if (G) {
		if (kv[r].x > pivot)
			fg[g++] = a[r];
		word top = fg[0];
		size_t m = g - 1;       /* fg[m], fg[m-1], ... replace, down to fg[1] */
		for (size_t j = r; j + 1 < n; j += 8) {
			size_t c = n - 1 - j >= 8 ? 8 : n - 1 - j;
			__mmask8 in = first(c);
			__m512i u = _mm512_maskz_loadu_epi64(in, a + j + 1);
			__mmask8 ng = (__mmask8)(~greater(u, p) & in);
			__m512i down = _mm512_permutexvar_epi64(reverse, _mm512_loadu_si512(fg + m - 7));
			__m512i w = _mm512_mask_expand_epi64(u, ng, down);
			m -= count(ng);
			if (c == 8)
				_mm512_storeu_si512(a + j, w);
			else
				_mm512_mask_storeu_epi64(a + j, in, w);
		}
		a[n - 1] = top;
	}
	memcpy(a + L, q + eqq.h, E * sizeof *a);
}
/* --- AVX2: four elements per vector, compress and expand by tables --- */

#define AVX2 __attribute__((target("avx2,popcnt")))

/* dword indices for vpermd: kcompress[m] puts the lanes of mask m first,
 * in order; kexpand[m] gives lane j (bit j of m set) the source element
 * counted by the set bits below j (the other lanes are blended away) */
static const int32_t kcompress[16][8] = {
	{ 0, 1, 0, 1, 0, 1, 0, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1 }, { 2, 3, 0, 1, 0, 1, 0, 1 },
	{ 0, 1, 2, 3, 0, 1, 0, 1 }, { 4, 5, 0, 1, 0, 1, 0, 1 }, { 0, 1, 4, 5, 0, 1, 0, 1 },
	{ 2, 3, 4, 5, 0, 1, 0, 1 }, { 0, 1, 2, 3, 4, 5, 0, 1 }, { 6, 7, 0, 1, 0, 1, 0, 1 },
	{ 0, 1, 6, 7, 0, 1, 0, 1 }, { 2, 3, 6, 7, 0, 1, 0, 1 }, { 0, 1, 2, 3, 6, 7, 0, 1 },
	{ 4, 5, 6, 7, 0, 1, 0, 1 }, { 0, 1, 4, 5, 6, 7, 0, 1 }, { 2, 3, 4, 5, 6, 7, 0, 1 },
	{ 0, 1, 2, 3, 4, 5, 6, 7 },
};
static const int32_t kexpand[16][8] = {
	{ 0, 1, 0, 1, 0, 1, 0, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1 },
	{ 0, 1, 2, 3, 0, 1, 0, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1 }, { 0, 1, 0, 1, 2, 3, 0, 1 },
	{ 0, 1, 0, 1, 2, 3, 0, 1 }, { 0, 1, 2, 3, 4, 5, 0, 1 }, { 0, 1, 0, 1, 0, 1, 0, 1 },
	{ 0, 1, 0, 1, 0, 1, 2, 3 }, { 0, 1, 0, 1, 0, 1, 2, 3 }, { 0, 1, 2, 3, 0, 1, 4, 5 },
	{ 0, 1, 0, 1, 0, 1, 2, 3 }, { 0, 1, 0, 1, 2, 3, 4, 5 }, { 0, 1, 0, 1, 2, 3, 4, 5 },
	{ 0, 1, 2, 3, 4, 5, 6, 7 },
};

/* the lanes of mask m as a vector (all ones in each selected element) */
AVX2 static inline __m256i lanes4(unsigned m)
{
	const __m256i bit = _mm256_set_epi64x(8, 4, 2, 1);
	__m256i v = _mm256_and_si256(_mm256_set1_epi64x((long long)m), bit);
	return _mm256_cmpeq_epi64(v, bit);
}

/* comparison of x (the low half of each element) with p: a 4-bit mask */
AVX2 static inline unsigned cmp4(__m256i v, __m256 p, int gt)
{
	__m256 x = _mm256_castsi256_ps(v);
	__m256 c = gt ? _mm256_cmp_ps(x, p, _CMP_GT_OQ) : _mm256_cmp_ps(x, p, _CMP_LT_OQ);
	return (unsigned)_mm256_movemask_pd(
	        _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castps_si256(c), 32)));
}

AVX2 static inline __m256i compress4(__m256i v, unsigned m)
{
	return _mm256_permutevar8x32_epi32(v, _mm256_loadu_si256((const void *)kcompress[m]));
}

AVX2 static inline __m256i expand4(__m256i v, unsigned m, __m256i src)
{
	__m256i t = _mm256_permutevar8x32_epi32(src, _mm256_loadu_si256((const void *)kexpand[m]));
	return _mm256_blendv_epi8(v, t, lanes4(m));
}

AVX2 static inline __m256i load4(const word *p, size_t c)
{
	return c == 4 ? _mm256_loadu_si256((const void *)p)
	              : _mm256_maskload_epi64((const long long *)p, lanes4((1u << c) - 1u));
}

AVX2 static inline void store4(word *p, size_t c, __m256i v)
{
	if (c == 4)
		_mm256_storeu_si256((void *)p, v);
	else
		_mm256_maskstore_epi64((long long *)p, lanes4((1u << c) - 1u), v);
}

/* fast8's steps, four elements at a time */
AVX2 static void fast4(struct oc_kv *kv, size_t n, float pivot, const struct oc_kv *sorted,
                       size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	word *a = (word *)(void *)kv;
	word *tn = (word *)(void *)scratch, *fg = tn + n + 8, *q = fg + n + 8;
	const __m256 p = _mm256_set1_ps(pivot);
	size_t G = 0, L = 0;

	if (sorted) {
		counts_sorted(sorted, n, pivot, &L, &G);
	} else {
		for (size_t i = 0; i < n; i += 4) {
			size_t c = n - i >= 4 ? 4 : n - i;
			__m256i v = load4(a + i, c);
			unsigned in = (1u << c) - 1u;
			G += (size_t)__builtin_popcount(cmp4(v, p, 1) & in);
			L += (size_t)__builtin_popcount(cmp4(v, p, 0) & in);
		}
	}
	size_t r = n - G, E = r - L;
	*lo = L;
	*hi = r;
	if (G == 0 && E == 0)
		return;

	size_t nt = 0;
	for (size_t e = n; e > r;) {
		size_t b = e - r >= 4 ? e - 4 : r, c = e - b;
		/* lanes from the top down: a[e-1], a[e-2], ... */
		__m256i v = _mm256_permute4x64_epi64(load4(a + b, c), 0x1b);
		v = _mm256_permutevar8x32_epi32(
		        v, _mm256_add_epi32(_mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0),
		                            _mm256_set1_epi32(2 * (int)(4 - c))));
		unsigned keep = ~cmp4(v, p, 1) & ((1u << c) - 1u);
		_mm256_storeu_si256((void *)(tn + nt), compress4(v, keep));
		nt += (size_t)__builtin_popcount(keep);
		e = b;
	}

	size_t k = 0, g = 0, l = 0;
	struct eq_queue eqq = { q, 0, 0, 0 };
	for (size_t i = 0; i < r; i += 4) {
		size_t c = r - i >= 4 ? 4 : r - i;
		unsigned in = (1u << c) - 1u;
		__m256i v = load4(a + i, c);
		unsigned gt = cmp4(v, p, 1) & in;
		_mm256_storeu_si256((void *)(fg + g), compress4(v, gt));
		g += (size_t)__builtin_popcount(gt);
		__m256i ev = expand4(v, gt, _mm256_loadu_si256((const void *)(tn + k)));
		k += (size_t)__builtin_popcount(gt);
		unsigned lt = cmp4(ev, p, 0) & in;
		store4(a + l, c == 4 ? 4 : (size_t)__builtin_popcount(lt), compress4(ev, lt));
		l += (size_t)__builtin_popcount(lt);
		unsigned eq = in & ~lt;
		if (!eq) {
			eqq.rot += (size_t)__builtin_popcount(lt);
			continue;
		}
		word e4[4];
		_mm256_storeu_si256((void *)e4, ev);
		queue_block(&eqq, e4, lt, eq);
	}
	queue_rotate(&eqq);

	if (G) {
		if (kv[r].x > pivot)
			fg[g++] = a[r];
		word top = fg[0];
		size_t m = g - 1;
		for (size_t j = r; j + 1 < n; j += 4) {
			size_t c = n - 1 - j >= 4 ? 4 : n - 1 - j;
			__m256i u = load4(a + j + 1, c);
			unsigned ng = ~cmp4(u, p, 1) & ((1u << c) - 1u);
			__m256i down = _mm256_permute4x64_epi64(
			        _mm256_loadu_si256((const void *)(fg + m - 3)), 0x1b);
			__m256i w = expand4(u, ng, down);
			m -= (size_t)__builtin_popcount(ng);
			store4(a + j, c, w);
		}
		a[n - 1] = top;
	}
	memcpy(a + L, q + eqq.h, E * sizeof *a);
}

void oc_partition3_avx512(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                          size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	if (n >= FAST_MIN_8)
		fast8(a, n, pivot, sorted, lo, hi, scratch);
	else
		oc_partition3_plain(a, n, pivot, sorted, lo, hi, scratch);
}

void oc_partition3_avx2(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                        size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	if (n >= FAST_MIN_4)
		fast4(a, n, pivot, sorted, lo, hi, scratch);
	else
		oc_partition3_plain(a, n, pivot, sorted, lo, hi, scratch);
}
#else
/* off x86-64: never picked; the plain loop for callers that name them */
void oc_partition3_avx512(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                          size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	oc_partition3_plain(a, n, pivot, sorted, lo, hi, scratch);
}

void oc_partition3_avx2(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                        size_t *lo, size_t *hi, struct oc_kv *scratch)
{
	oc_partition3_plain(a, n, pivot, sorted, lo, hi, scratch);
}
#endif

oc_partition3_fn *oc_partition3_pick(void)
{
#ifdef HAVE_SIMD_PATHS
	if (oc_cpu_has("avx512f avx512vl"))
		return oc_partition3_avx512;
	if (oc_cpu_has("avx2"))
		return oc_partition3_avx2;
#endif
	return oc_partition3_plain;
}
