/* checksum.c — migration checksums: SHA-256 through libcrypto's EVP interface, as lowercase hex. */
#include "strata.h"
#include "project/discover_internal.h"

#include <openssl/evp.h>

void mig_checksum(const char *a, size_t alen, const char *b, size_t blen, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 || EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (b && (EVP_DigestUpdate(ctx, "", 1) != 1 || EVP_DigestUpdate(ctx, b, blen) != 1)) ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		/* Only out-of-memory can make SHA-256 fail: handle it like xmalloc does. */
		fputs("strata: out of memory (sha-256)\n", stderr);
		exit(EXIT_USAGE);
	}
	EVP_MD_CTX_free(ctx);
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
