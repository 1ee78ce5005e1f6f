/*
 * SSL_SESSION in PEM and as text, on server sessions of an in-process pair
 * (memory BIOs): a TLS 1.2 session id and a TLS 1.3 stateful ticket
 * (SSL_OP_NO_TICKET, so the server cache holds them).
 *  - PEM_write_bio_SSL_SESSION: the block's BEGIN/END lines and 64-character
 *    body lines; PEM_read_bio_SSL_SESSION gives the same id, version,
 *    cipher, times, id context and DER; a non-NULL *x is filled in place and
 *    returned (d2i's reuse), and left alone when reading fails; several
 *    blocks in one BIO read one after another;
 *  - the session read back resumes: the server cache is flushed, the read
 *    session added with SSL_CTX_add_session, the client offers its session;
 *  - the FILE versions (PEM_write_SSL_SESSION, SSL_SESSION_print_fp,
 *    PEM_read_SSL_SESSION) on a tmpfile;
 *  - errors (lib/reason of the first and last queued error): empty and
 *    garbage input, another label, bad base64, no END line, a block that
 *    is not a session, an empty block, NULL BIO and session arguments, an
 *    SSL_SESSION_new() session (no cipher: nothing to encode);
 *  - SSL_SESSION_print: every line, the random ones (session id, master
 *    key, start time) checked against SSL_SESSION_get_id,
 *    SSL_SESSION_get_master_key and SSL_SESSION_get_time; a session built
 *    with the setters; SSL_SESSION_print_keylog.
 * A client session's secret stays inside rustls in sslshim, so its PEM and
 * text are shown as '#' lines only, but for a TLS 1.2 client session's
 * ticket (from the server's plaintext NewSessionTicket): SSL_SESSION_get0_ticket,
 * SSL_SESSION_get_ticket_lifetime_hint, SSL_SESSION_has_ticket, the id
 * OpenSSL gives it (the ticket's SHA-256; with SSL_OP_NO_TICKET the
 * server's session id) and the text's ticket lines.
 */
#include "common.h"

#include <openssl/evp.h>
#include <time.h>

/* ---- helpers ---------------------------------------------------------------- */

static void hex(char *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02X", p[i]);
    out[2 * n] = '\0';
}

/* First and last queued error (lib/reason), then the queue is cleared. */
static void print_errors(const char *label)
{
    unsigned long first = ERR_peek_error(), last = ERR_peek_last_error();
    print_error_code(label, first);
    if (last != first) {
        char l2[128];
        snprintf(l2, sizeof l2, "%s last", label);
        print_error_code(l2, last);
    }
    ERR_clear_error();
}

/* A memory BIO's contents as a NUL-terminated string (static buffer). */
static const char *mem_text(BIO *b)
{
    static char buf[16384];
    char *p;
    long n = BIO_get_mem_data(b, &p);
    CHECK(n >= 0 && n < (long)sizeof buf);
    memcpy(buf, p, (size_t)n);
    buf[n] = '\0';
    return buf;
}

static int same_session(SSL_SESSION *a, SSL_SESSION *b)
{
    unsigned int la, lb, ca, cb;
    const unsigned char *ia = SSL_SESSION_get_id(a, &la), *ib = SSL_SESSION_get_id(b, &lb);
    const unsigned char *xa = SSL_SESSION_get0_id_context(a, &ca);
    const unsigned char *xb = SSL_SESSION_get0_id_context(b, &cb);
    return la == lb && memcmp(ia, ib, la) == 0 && ca == cb && memcmp(xa, xb, ca) == 0 &&
           SSL_SESSION_get_protocol_version(a) == SSL_SESSION_get_protocol_version(b) &&
           SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(a)) ==
               SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(b)) &&
           SSL_SESSION_get_timeout(a) == SSL_SESSION_get_timeout(b) &&
           SSL_SESSION_get_time(a) == SSL_SESSION_get_time(b);
}

static int same_der(SSL_SESSION *a, SSL_SESSION *b)
{
    unsigned char da[8192], db[8192], *pa = da, *pb = db;
    int la = i2d_SSL_SESSION(a, NULL), lb = i2d_SSL_SESSION(b, NULL);
    if (la <= 0 || la != lb || la > (int)sizeof da)
        return 0;
    CHECK(i2d_SSL_SESSION(a, &pa) == la && i2d_SSL_SESSION(b, &pb) == lb);
    return memcmp(da, db, (size_t)la) == 0;
}

/* Prints the shape of a PEM text: BEGIN/END lines, every body line 64
 * characters but the last (1..64); the number of body lines depends on
 * the DER's length, which differs (sslshim's carries rustls's value). */
static void print_pem_shape(const char *who, const char *text)
{
    char first[128] = "", last[128] = "";
    int lines = 0, body_ok = 1, prev_len = -1;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        CHECK(nl != NULL);
        int len = (int)(nl - p);
        if (lines == 0)
            snprintf(first, sizeof first, "%.*s", len, p);
        snprintf(last, sizeof last, "%.*s", len, p);
        if (lines > 0 && strncmp(p, "-----END ", 9) != 0) {
            if (prev_len != -1 && prev_len != 64)
                body_ok = 0;
            if (len < 1 || len > 64)
                body_ok = 0;
            prev_len = len;
        }
        lines++;
        p = nl + 1;
    }
    printf("%s pem first: %s\n", who, first);
    printf("%s pem last: %s\n", who, last);
    printf("%s pem body lines 64 characters but the last: %d\n", who, body_ok && prev_len > 0);
    printf("# %s pem %d lines\n", who, lines);
}

/* print_text's `client`: 0 a server session, 1 a client session, or this:
 * a TLS 1.2 client session whose ticket is known. */
#define CLIENT_TICKET12 2

/* BIO_dump_indent(b, p, n, 4)'s text, as SSL_SESSION_print dumps a ticket. */
static void dump_text(char *out, size_t cap, const unsigned char *p, size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t row = 0; row * 16 < n; row++) {
        at += snprintf(out + at, cap - at, "    %04zx - ", row * 16);
        for (size_t j = 0; j < 16; j++) {
            if (row * 16 + j < n)
                at += snprintf(out + at, cap - at, "%02x%c", p[row * 16 + j], j == 7 ? '-' : ' ');
            else
                at += snprintf(out + at, cap - at, "   ");
        }
        at += snprintf(out + at, cap - at, "  ");
        for (size_t j = 0; j < 16 && row * 16 + j < n; j++) {
            unsigned char ch = p[row * 16 + j];
            at += snprintf(out + at, cap - at, "%c", ch >= ' ' && ch <= '~' ? ch : '.');
        }
        at += snprintf(out + at, cap - at, "\n");
        CHECK(at < cap);
    }
}

/* One SSL_SESSION_print line: printed as is when it must equal OpenSSL's,
 * checked against the session's getters where its value is random, and a
 * '#' line where sslshim cannot know it (a client session's secret,
 * extended master secret flag and ticket). */
static void print_text_line(const char *who, SSL_SESSION *s, const char *line, int client)
{
    char want[2 * 64 + 1];
    unsigned int idlen;
    const unsigned char *id = SSL_SESSION_get_id(s, &idlen);
    const char *v;
    if ((v = strstr(line, "Session-ID: ")) != NULL) {
        hex(want, id, idlen);
        printf("%s text: %.*s<%u bytes, as SSL_SESSION_get_id: %d>\n", who,
               (int)(v + 12 - line), line, idlen, strcmp(v + 12, want) == 0);
    } else if ((v = strstr(line, "Master-Key: ")) != NULL ||
               (v = strstr(line, "Resumption PSK: ")) != NULL) {
        const char *val = strchr(v, ':') + 2;
        unsigned char key[64];
        size_t n = SSL_SESSION_get_master_key(s, key, sizeof key);
        hex(want, key, n);
        printf("%s%s text: %.*s<%zu hex digits, as SSL_SESSION_get_master_key: %d>\n",
               client ? "# " : "", who, (int)(val - line), line, strlen(val),
               strcmp(val, want) == 0);
    } else if ((v = strstr(line, "Start Time: ")) != NULL) {
        printf("%s text: %.*s<as SSL_SESSION_get_time: %d>\n", who, (int)(v + 12 - line),
               line, atol(v + 12) == SSL_SESSION_get_time(s));
    } else if (client == CLIENT_TICKET12 && (strstr(line, "Extended master secret") ||
                                             (strlen(line) > 11 && memcmp(line + 8, " - ", 3) == 0))) {
        /* The ticket's dump lines are checked whole by print_session_text. */
        printf("# %s text: %s\n", who, line);
    } else if (client == 1 && (strstr(line, "Extended master secret") || strstr(line, "ticket") ||
                               strncmp(line, "    00", 6) == 0 || line[0] == '\0')) {
        printf("# %s text: %s\n", who, line);
    } else {
        printf("%s text: %s\n", who, line);
    }
}

static void print_text(const char *who, SSL_SESSION *s, const char *text, int client)
{
    char line[512];
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        CHECK(len < sizeof line);
        memcpy(line, p, len);
        line[len] = '\0';
        print_text_line(who, s, line, client);
        p += len + (nl != NULL);
    }
}

static void print_session_text(const char *who, SSL_SESSION *s, int client)
{
    BIO *b = BIO_new(BIO_s_mem());
    CHECK(b != NULL);
    printf("%s SSL_SESSION_print %d\n", who, SSL_SESSION_print(b, s));
    if (client == CLIENT_TICKET12) {
        const unsigned char *t;
        size_t tl;
        char want[4096];
        SSL_SESSION_get0_ticket(s, &t, &tl);
        snprintf(want, sizeof want, "    TLS session ticket:\n");
        dump_text(want + strlen(want), sizeof want - strlen(want), t, tl);
        printf("%s text dumps the ticket as SSL_SESSION_get0_ticket %d\n", who,
               tl > 0 && strstr(mem_text(b), want) != NULL);
    }
    print_text(who, s, mem_text(b), client);
    BIO_free(b);
}

/* SSL_SESSION_print_keylog: its return, and the line against the id and
 * master key getters. */
static void print_keylog_line(const char *who, SSL_SESSION *s, int client)
{
    BIO *b = BIO_new(BIO_s_mem());
    CHECK(b != NULL);
    int rc = SSL_SESSION_print_keylog(b, s);
    const char *t = mem_text(b);
    char id_hex[65], key_hex[129], want[256];
    unsigned int idlen;
    const unsigned char *id = SSL_SESSION_get_id(s, &idlen);
    unsigned char key[64];
    size_t n = SSL_SESSION_get_master_key(s, key, sizeof key);
    hex(id_hex, id, idlen);
    hex(key_hex, key, n);
    snprintf(want, sizeof want, "RSA Session-ID:%s Master-Key:%s\n", id_hex, key_hex);
    printf("%s%s keylog %d line as the getters %d (%zu bytes)\n", client ? "# " : "", who, rc,
           strcmp(t, want) == 0, strlen(t));
    print_errors(client ? "# keylog" : "keylog");
    BIO_free(b);
}

/* ---- the connections --------------------------------------------------------- */

typedef struct {
    SSL_CTX *sctx, *cctx;
} ctxs_t;

static void make_ctxs(ctxs_t *c, int max)
{
    c->sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX_set_options(c->sctx, SSL_OP_NO_TICKET);
    CHECK(SSL_CTX_set_session_id_context(c->sctx, (const unsigned char *)"pem", 3) == 1);
    c->cctx = client_ctx(SSL_VERIFY_PEER);
    if (max) {
        CHECK(SSL_CTX_set_max_proto_version(c->sctx, max) == 1);
        CHECK(SSL_CTX_set_max_proto_version(c->cctx, max) == 1);
    }
}

/* A handshake (the client offering `offer`), one message each way so the
 * client reads its TLS 1.3 tickets; the sessions both sides end with. */
static void connect_once(ctxs_t *c, SSL_SESSION *offer, SSL_SESSION **cs, SSL_SESSION **ss,
                         SSL_SESSION **ss0)
{
    pair_t p;
    int rc_c, rc_s, e_c, e_s;
    char buf[8];
    memset(&p, 0, sizeof p);
    p.c = SSL_new(c->cctx);
    p.s = SSL_new(c->sctx);
    CHECK(p.c && p.s);
    if (offer)
        CHECK(SSL_set_session(p.c, offer) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    CHECK(SSL_write(p.s, "ping", 4) == 4);
    pair_move(&p);
    CHECK(SSL_read(p.c, buf, sizeof buf) == 4);
    CHECK(SSL_write(p.c, "pong", 4) == 4);
    pair_move(&p);
    CHECK(SSL_read(p.s, buf, sizeof buf) == 4);
    printf("%s reused client %d server %d\n", offer ? "resumption" : "full handshake",
           SSL_session_reused(p.c), SSL_session_reused(p.s));
    if (cs)
        *cs = SSL_get1_session(p.c);
    if (ss)
        *ss = SSL_get1_session(p.s);
    if (ss0)
        printf("server resumed the session read back %d\n", SSL_get_session(p.s) == *ss0);
    SSL_shutdown(p.c);
    pair_move(&p);
    SSL_shutdown(p.s);
    pair_free(&p);
}

/* ---- scenarios ---------------------------------------------------------------- */

static void round_trip(const char *name, int max)
{
    ctxs_t c;
    SSL_SESSION *cs, *ss;
    printf("== %s\n", name);
    make_ctxs(&c, max);
    connect_once(&c, NULL, &cs, &ss, NULL);

    BIO *b = BIO_new(BIO_s_mem());
    CHECK(b != NULL);
    printf("PEM_write_bio_SSL_SESSION %d\n", PEM_write_bio_SSL_SESSION(b, ss));
    print_errors("write");
    char pem[8192];
    snprintf(pem, sizeof pem, "%s", mem_text(b));
    print_pem_shape("server", pem);

    SSL_SESSION *back = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
    printf("PEM_read_bio_SSL_SESSION %s\n", back ? "ok" : "NULL");
    print_errors("read");
    CHECK(back != NULL);
    printf("read back same id/ctx/version/cipher/times %d same der %d resumable %d\n",
           same_session(ss, back), same_der(ss, back), SSL_SESSION_is_resumable(back));
    printf("nothing left in the BIO %d\n", BIO_ctrl_pending(b) == 0);

    /* Into an existing session: filled in place and returned. */
    SSL_SESSION *x = SSL_SESSION_new(), *old = x;
    CHECK(BIO_puts(b, pem) > 0);
    SSL_SESSION *r = PEM_read_bio_SSL_SESSION(b, &x, NULL, NULL);
    printf("read into *x: returned *x %d same object %d same session %d\n", r == x, r == old,
           r && same_session(ss, r));
    /* A failed read leaves *x alone. */
    r = PEM_read_bio_SSL_SESSION(b, &x, NULL, NULL);
    printf("failed read into *x: %s *x kept %d\n", r ? "ok" : "NULL", x == old);
    print_errors("failed read");
    SSL_SESSION_free(x);

    /* Two blocks among other text: read one after the other. */
    CHECK(BIO_puts(b, "junk\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n") > 0);
    CHECK(PEM_write_bio_SSL_SESSION(b, ss) == 1);
    CHECK(BIO_puts(b, "between\n") > 0);
    CHECK(PEM_write_bio_SSL_SESSION(b, back) == 1);
    SSL_SESSION *r1 = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
    SSL_SESSION *r2 = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
    SSL_SESSION *r3 = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
    printf("two blocks: first %d second %d third %s\n", r1 && same_session(ss, r1),
           r2 && same_session(ss, r2), r3 ? "ok" : "NULL");
    print_errors("third");
    SSL_SESSION_free(r1);
    SSL_SESSION_free(r2);
    BIO_free(b);

    /* The session read back resumes on the server. */
    SSL_CTX_flush_sessions(c.sctx, (long)time(NULL) + 1000000);
    printf("server cache after flush %ld\n", SSL_CTX_sess_number(c.sctx));
    printf("SSL_CTX_add_session %d\n", SSL_CTX_add_session(c.sctx, back));
    connect_once(&c, cs, NULL, NULL, &back);

    /* FILE versions. */
    FILE *f = tmpfile();
    CHECK(f != NULL);
    printf("PEM_write_SSL_SESSION %d\n", PEM_write_SSL_SESSION(f, ss));
    printf("SSL_SESSION_print_fp %d\n", SSL_SESSION_print_fp(f, ss));
    rewind(f);
    SSL_SESSION *fr = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("PEM_read_SSL_SESSION %s same session %d\n", fr ? "ok" : "NULL",
           fr && same_session(ss, fr));
    print_errors("file read");
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    print_text("file", ss, text, 0);
    rewind(f);
    SSL_SESSION *fx = SSL_SESSION_new(), *fold = fx;
    printf("PEM_read_SSL_SESSION into *x same object %d\n",
           PEM_read_SSL_SESSION(f, &fx, NULL, NULL) == fold && fx == fold);
    SSL_SESSION *fend = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("PEM_read_SSL_SESSION at the end %s\n", fend ? "ok" : "NULL");
    print_errors("file end");
    SSL_SESSION_free(fx);
    SSL_SESSION_free(fr);
    fclose(f);

    /* Text. */
    print_session_text("server", ss, 0);
    print_keylog_line("server", ss, 0);
    print_session_text("read back", back, 0);
    print_session_text("client", cs, 1);
    print_keylog_line("client", cs, 1);

    /* A client session: OpenSSL writes one; sslshim cannot (rustls keeps
     * the secret), so '#' lines only. */
    b = BIO_new(BIO_s_mem());
    printf("# client PEM_write_bio_SSL_SESSION %d\n", PEM_write_bio_SSL_SESSION(b, cs));
    print_errors("# client write");
    BIO_free(b);

    SSL_SESSION_free(back);
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);
    SSL_CTX_free(c.cctx);
    SSL_CTX_free(c.sctx);
}

static void read_errors(void)
{
    static const struct {
        const char *name, *text;
    } cases[] = {
        {"empty", ""},
        {"garbage", "garbage\nmore garbage\n"},
        {"another label", "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"},
        {"bad base64", "-----BEGIN SSL SESSION PARAMETERS-----\n!!!!\n"
                       "-----END SSL SESSION PARAMETERS-----\n"},
        {"no end line", "-----BEGIN SSL SESSION PARAMETERS-----\nMAA=\n"},
        {"wrong end line", "-----BEGIN SSL SESSION PARAMETERS-----\nMAA=\n-----END X-----\n"},
        {"empty block", "-----BEGIN SSL SESSION PARAMETERS-----\n"
                        "-----END SSL SESSION PARAMETERS-----\n"},
    };
    printf("== read errors\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        BIO *b = BIO_new_mem_buf(cases[i].text, -1);
        CHECK(b != NULL);
        SSL_SESSION *s = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
        printf("%s: %s\n", cases[i].name, s ? "ok" : "NULL");
        print_errors(cases[i].name);
        SSL_SESSION_free(s);
        BIO_free(b);
    }
    /* Base64 of a DER SEQUENCE that is no session: d2i's error (its
     * reason is the decoder's own), then PEM's ERR_R_ASN1_LIB. */
    BIO *b = BIO_new_mem_buf("-----BEGIN SSL SESSION PARAMETERS-----\nMAMCAQE=\n"
                             "-----END SSL SESSION PARAMETERS-----\n",
                             -1);
    SSL_SESSION *s = PEM_read_bio_SSL_SESSION(b, NULL, NULL, NULL);
    unsigned long first = ERR_peek_error(), last = ERR_peek_last_error();
    printf("not a session: %s first lib %d\n", s ? "ok" : "NULL", ERR_GET_LIB(first));
    note_error_code("not a session first", first);
    print_error_code("not a session last", last);
    ERR_clear_error();
    BIO_free(b);
    s = PEM_read_bio_SSL_SESSION(NULL, NULL, NULL, NULL);
    printf("NULL BIO: %s\n", s ? "ok" : "NULL");
    print_errors("NULL BIO");
}

/* A TLS 1.2 client session: its ticket, hint and id (OpenSSL's client
 * takes the ticket's SHA-256 as the id, else the ServerHello's). */
static void tls12_client_session(int tickets)
{
    ctxs_t c;
    SSL_SESSION *cs, *ss, *again;
    const unsigned char *t;
    size_t tl;
    unsigned int idlen, sidlen, hl = 0;
    unsigned char h[EVP_MAX_MD_SIZE];
    printf("== TLS 1.2 client session, %s\n", tickets ? "ticket" : "session id");
    make_ctxs(&c, TLS1_2_VERSION);
    if (tickets)
        SSL_CTX_clear_options(c.sctx, SSL_OP_NO_TICKET);
    connect_once(&c, NULL, &cs, &ss, NULL);
    SSL_SESSION_get0_ticket(cs, &t, &tl);
    const unsigned char *id = SSL_SESSION_get_id(cs, &idlen);
    const unsigned char *sid = SSL_SESSION_get_id(ss, &sidlen);
    if (tl > 0)
        CHECK(EVP_Digest(t, tl, h, &hl, EVP_sha256(), NULL) == 1);
    printf("client has_ticket %d, ticket %s, lifetime hint %lu\n", SSL_SESSION_has_ticket(cs),
           tl > 0 ? "yes" : "none", SSL_SESSION_get_ticket_lifetime_hint(cs));
    printf("client id %u bytes, the ticket's SHA-256 %d, the server's id %d\n", idlen,
           hl == idlen && memcmp(h, id, hl) == 0, sidlen == idlen && memcmp(sid, id, idlen) == 0);
    printf("server has_ticket %d, lifetime hint %lu\n", SSL_SESSION_has_ticket(ss),
           SSL_SESSION_get_ticket_lifetime_hint(ss));
    print_session_text("client", cs, tickets ? CLIENT_TICKET12 : 1);
    /* The ticket and hint travel in i2d_SSL_SESSION ([9], [10]). */
    unsigned char der[4096], *p = der;
    int n = i2d_SSL_SESSION(cs, &p);
    CHECK(n > 0 && n <= (int)sizeof der);
    const unsigned char *q = der;
    again = d2i_SSL_SESSION(NULL, &q, n);
    CHECK(again != NULL);
    const unsigned char *t2;
    size_t tl2;
    SSL_SESSION_get0_ticket(again, &t2, &tl2);
    printf("decoded: has_ticket %d, same ticket %d, lifetime hint %lu\n",
           SSL_SESSION_has_ticket(again), tl2 == tl && (tl == 0 || memcmp(t, t2, tl) == 0),
           SSL_SESSION_get_ticket_lifetime_hint(again));
    SSL_SESSION_free(again);
    /* A resumption with it. */
    SSL_SESSION *cs2;
    connect_once(&c, cs, &cs2, NULL, NULL);
    printf("resumed client has_ticket %d\n", SSL_SESSION_has_ticket(cs2));
    SSL_SESSION_free(cs2);
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);
    SSL_CTX_free(c.cctx);
    SSL_CTX_free(c.sctx);
}

static void write_errors(void)
{
    ctxs_t c;
    SSL_SESSION *ss;
    printf("== write errors\n");
    make_ctxs(&c, TLS1_2_VERSION);
    connect_once(&c, NULL, NULL, &ss, NULL);
    BIO *b = BIO_new(BIO_s_mem());
    printf("NULL BIO: %d\n", PEM_write_bio_SSL_SESSION(NULL, ss));
    print_errors("NULL BIO");
    printf("NULL session: %d\n", PEM_write_bio_SSL_SESSION(b, NULL));
    print_errors("NULL session");
    SSL_SESSION *e = SSL_SESSION_new();
    printf("SSL_SESSION_new session: %d written %d\n", PEM_write_bio_SSL_SESSION(b, e),
           (int)BIO_ctrl_pending(b));
    print_errors("SSL_SESSION_new session");

    printf("print NULL session: %d written %d\n", SSL_SESSION_print(b, NULL),
           (int)BIO_ctrl_pending(b));
    print_errors("print NULL session");
    printf("print NULL BIO: %d\n", SSL_SESSION_print(NULL, ss));
    print_errors("print NULL BIO");
    printf("keylog NULL session: %d\n", SSL_SESSION_print_keylog(b, NULL));
    print_errors("keylog NULL session");
    printf("keylog NULL BIO: %d\n", SSL_SESSION_print_keylog(NULL, ss));
    print_errors("keylog NULL BIO");
    printf("keylog SSL_SESSION_new session: %d written %d\n", SSL_SESSION_print_keylog(b, e),
           (int)BIO_ctrl_pending(b));
    print_errors("keylog SSL_SESSION_new session");
    BIO_free(b);

    /* Text of made-up sessions: every line is determined by the setters
     * (the new session's start time is checked against get_time). */
    print_session_text("new", e, 0);
    CHECK(SSL_SESSION_set_protocol_version(e, TLS1_3_VERSION) == 1);
    CHECK(SSL_SESSION_set1_id(e, (const unsigned char *)"\x01\x02\xfe", 3) == 1);
    CHECK(SSL_SESSION_set1_id_context(e, (const unsigned char *)"ctx", 3) == 1);
    CHECK(SSL_SESSION_set_max_early_data(e, 77) == 1);
    CHECK(SSL_SESSION_set_cipher(e, SSL_SESSION_get0_cipher(ss)) == 1);
    SSL_SESSION_set_time(e, 0);
    SSL_SESSION_set_timeout(e, 0);
    print_session_text("made", e, 0);
    SSL_SESSION_set_protocol_version(e, 0xFEFD); /* DTLS1_2_VERSION */
    SSL_SESSION_set_time(e, 12345);
    SSL_SESSION_set_timeout(e, 99);
    print_session_text("made dtls", e, 0);
    SSL_SESSION_free(e);
    SSL_SESSION_free(ss);
    SSL_CTX_free(c.cctx);
    SSL_CTX_free(c.sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    round_trip("TLS 1.2 session id", TLS1_2_VERSION);
    round_trip("TLS 1.3 stateful ticket", 0);
    tls12_client_session(1);
    tls12_client_session(0);
    read_errors();
    write_errors();
    CHECK(ERR_peek_error() == 0);
    return 0;
}
