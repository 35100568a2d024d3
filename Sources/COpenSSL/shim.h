#ifndef SURETY_COPENSSL_SHIM_H
#define SURETY_COPENSSL_SHIM_H
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>

/* Swift cannot call function-like macros: wrap the ones we need. */
static inline void surety_openssl_free(void *ptr) { OPENSSL_free(ptr); }
static inline int surety_evp_pkey_ctx_set_rsa_padding(EVP_PKEY_CTX *ctx, int pad) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, pad);
}
static inline int surety_rsa_no_padding(void) { return RSA_NO_PADDING; }
#endif
