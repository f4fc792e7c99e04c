/* SPDX-License-Identifier: MIT */
/* test_hash.c - SHA-256 against FIPS 180-4 examples, CRC-32 against the
 * standard check value. */
#include "config.h"

#include <string.h>

#include "core/hash.h"
#include "testutil.h"

static void test_sha256_vectors(void)
{
	char hex[65];
	oc_sha256_hex("abc", 3, hex);
	CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	oc_sha256_hex("", 0, hex);
	CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	oc_sha256_hex(two, strlen(two), hex);
	CU_ASSERT_STRING_EQUAL(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_streaming(void)
{
	/* One million 'a' fed in uneven pieces (FIPS 180-4 example). */
	static char buf[1024];
	struct oc_sha256 s;
	unsigned char d[32];
	char hex[65];
	size_t left = 1000000, step = 1;
	memset(buf, 'a', sizeof buf);
	oc_sha256_init(&s);
	while (left) {
		size_t n = step < left ? step : left;
		oc_sha256_update(&s, buf, n);
		left -= n;
		step = step % 997 + 13;
	}
	oc_sha256_final(&s, d);
	oc_hex(d, 32, hex);
	CU_ASSERT_STRING_EQUAL(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_crc32(void)
{
	CU_ASSERT_EQUAL(oc_crc32(0, "123456789", 9), 0xCBF43926U);
	CU_ASSERT_EQUAL(oc_crc32(oc_crc32(0, "1234", 4), "56789", 5), 0xCBF43926U);
	CU_ASSERT_EQUAL(oc_crc32(0, "", 0), 0U);
}

static CU_TestInfo tests[] = {
	{ "sha256 vectors", test_sha256_vectors },
	{ "sha256 streaming", test_sha256_streaming },
	{ "crc32", test_crc32 },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("hash", tests);
}
