/* hash.h - SHA-256 (FIPS 180-4) and CRC-32 (IEEE 802.3, as zlib's crc32). */
#ifndef OC_HASH_H
#define OC_HASH_H

#include <stddef.h>
#include <stdint.h>

struct oc_sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

void oc_sha256_init(struct oc_sha256 *s);
void oc_sha256_update(struct oc_sha256 *s, const void *data, size_t len);
void oc_sha256_final(struct oc_sha256 *s, unsigned char digest[32]);
/* One call: lower-case hex digest of data into hex[65]. */
void oc_sha256_hex(const void *data, size_t len, char hex[65]);
/* Hex of a finished digest. */
void oc_hex(const unsigned char *digest, size_t len, char *hex);

/* CRC-32 continuing from crc (start with 0). */
uint32_t oc_crc32(uint32_t crc, const void *data, size_t len);

#endif
