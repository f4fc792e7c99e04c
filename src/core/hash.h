/* SPDX-License-Identifier: MIT */
/* hash.h - SHA-256 and CRC-32 for the project, as thin wrappers so that
 * callers need not know which library computes them: SHA-256 comes from
 * nettle (FIPS 180-4), CRC-32 from zlib (the IEEE 802.3 polynomial the
 * model file's trailer has always used). */
#ifndef OC_HASH_H
#define OC_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

struct oc_sha256 {
	struct sha256_ctx ctx;
};

void oc_sha256_init(struct oc_sha256 *s);
void oc_sha256_update(struct oc_sha256 *s, const void *data, size_t len);
void oc_sha256_final(struct oc_sha256 *s, unsigned char digest[32]);
/* One call: lower-case hex digest of data into hex[65]. */
void oc_sha256_hex(const void *data, size_t len, char hex[65]);
/* Hex of a finished digest. */
void oc_hex(const unsigned char *digest, size_t len, char *hex);

/* CRC-32 continuing from crc (start with 0), as zlib's crc32(). */
uint32_t oc_crc32(uint32_t crc, const void *data, size_t len);

#endif
