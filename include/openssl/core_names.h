/*
 * sslshim: <openssl/core_names.h>, the parameter names programs pass to
 * EVP_PKEY_get_bn_param and friends.
 */
#ifndef OPENSSL_CORE_NAMES_H
#define OPENSSL_CORE_NAMES_H

#define OSSL_PKEY_PARAM_RSA_N "n"
#define OSSL_PKEY_PARAM_RSA_E "e"
#define OSSL_PKEY_PARAM_RSA_D "d"
#define OSSL_PKEY_PARAM_FFC_P "p"
#define OSSL_PKEY_PARAM_FFC_Q "q"
#define OSSL_PKEY_PARAM_FFC_G "g"
#define OSSL_PKEY_PARAM_PUB_KEY "pub"
#define OSSL_PKEY_PARAM_PRIV_KEY "priv"
#define OSSL_PKEY_PARAM_GROUP_NAME "group"
#define OSSL_PKEY_PARAM_BITS "bits"

#endif /* OPENSSL_CORE_NAMES_H */
