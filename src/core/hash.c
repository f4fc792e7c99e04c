/* SPDX-License-Identifier: MIT */
/* hash.c - SHA-256 through nettle, CRC-32 through zlib.  Both libraries
 * are on every Debian system already (apt and dpkg depend on them); the
 * project keeps only the hex formatting of its own. */
#include "config.h"

#include <zlib.h>

#include "core/hash.h"

void oc_sha256_init(struct oc_sha256 *s)
{
	sha256_init(&s->ctx);
}

void oc_sha256_update(struct oc_sha256 *s, const void *data, size_t len)
{
	sha256_update(&s->ctx, len, data);
}

void oc_sha256_final(struct oc_sha256 *s, unsigned char digest[32])
{
	sha256_digest(&s->ctx, SHA256_DIGEST_SIZE, digest);
}

void oc_hex(const unsigned char *digest, size_t len, char *hex)
{
	static const char xd[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = xd[digest[i] >> 4];
		hex[2 * i + 1] = xd[digest[i] & 15];
	}
	hex[2 * len] = '\0';
}

void oc_sha256_hex(const void *data, size_t len, char hex[65])
{
	struct oc_sha256 s;
	unsigned char d[32];
	oc_sha256_init(&s);
	oc_sha256_update(&s, data, len);
	oc_sha256_final(&s, d);
	oc_hex(d, 32, hex);
}

uint32_t oc_crc32(uint32_t crc, const void *data, size_t len)
{
	/* crc32_z takes a size_t length (zlib >= 1.2.9), so a model file
	 * larger than 4 GiB is never cut short. */
	return (uint32_t)crc32_z(crc, data, len);
}
