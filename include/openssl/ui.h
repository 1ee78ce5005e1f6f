/*
 * sslshim: <openssl/ui.h>. The standalone library has no user-interface
 * layer (OpenSSL's prompts for engine PINs and key passwords; password
 * callbacks are pem_password_cb here): UI, UI_METHOD and UI_STRING are
 * opaque types and no UI function exists. Programs use it for engines,
 * which OPENSSL_NO_ENGINE keeps out.
 */
#ifndef OPENSSL_UI_H
#define OPENSSL_UI_H
#define HEADER_UI_H

#include <openssl/opensslconf.h>
#include <openssl/types.h>

typedef struct ui_string_st UI_STRING;

#endif /* OPENSSL_UI_H */
