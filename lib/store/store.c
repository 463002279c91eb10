/*
 * store — the backend-independent layer: audited writes, credentials,
 * audit-chain hashing and verification.
 *
 * Every write is begin → change → append audit row → commit on one
 * connection, so an audit row exists exactly when its change does. The
 * audit row's hash covers a canonical, length-prefixed serialisation of its
 * fields plus the previous row's hash: editing any field of any row, or
 * removing a row, breaks the chain from that point, and the separately kept
 * head (last seq and hash) catches a removed tail.
 *
 * Credentials: passwords are argon2id-encoded strings (salt and cost inside
 * the string, so the cost can be raised later without a migration);
 * session cookies and API tokens are 256-bit random values of which only
 * the SHA-256 is stored, so a copy of the database gives no usable login.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#ifdef EXCTL_HAVE_ARGON2
#include <argon2.h>
#endif
#include "core/core.h"
#include "store/store.h"

static int audit_append(st_store *st, const char *actor, const char *action,
                        const char *object, const char *details, exctl_errbuf *eb);

static const char *const role_names[] = {"exporter", "examiner", "agency_reviewer", "admin",
                                         "countersigner"};

const char *st_role_name(unsigned role)
{
    for (unsigned i = 0; i < XC_ARRAY_LEN(role_names); i++)
        if (role == (1u << i))
            return role_names[i];
    return "";
}

int st_role_parse(const char *s, unsigned *role)
{
    for (unsigned i = 0; s && i < XC_ARRAY_LEN(role_names); i++)
        if (!strcmp(s, role_names[i])) {
            *role = 1u << i;
            return 0;
        }
    return EXCTL_EINVAL;
}

static int opened(int rc, st_store **out)
{
    if (!rc) {
        (*out)->argon2_t = 2;
        (*out)->argon2_m_kib = 19456;  /* OWASP's argon2id baseline */
    }
    return rc;
}

int st_open(const char *uri, st_store **out, exctl_errbuf *eb)
{
    if (!uri || !*uri)
        return xc_err(eb, EXCTL_EINVAL, "no database given");
    return opened(st_sqlite_open(uri, out, eb), out);
}

int st_open_pg(const char *conninfo, st_store **out, exctl_errbuf *eb)
{
    /* An empty conninfo is valid: libpq then takes PGHOST, PGDATABASE, ... */
    return opened(st_pg_open(conninfo ? conninfo : "", out, eb), out);
}

void st_close(st_store *st)
{
    if (!st)
        return;
    if (st->attach && st->attach_free)
        st->attach_free(st->attach);
    st->attach = NULL;
    st->ops->close(st);
}

void st_set_fast_hashing(st_store *st)
{
    st->argon2_t = 1;
    st->argon2_m_kib = 64;
}

void st_record_clear(st_record *r)
{
    if (!r)
        return;
    free(r->title);
    free(r->versions);
    free(r->input);
    free(r->result);
    r->title = r->versions = r->input = r->result = NULL;
}

/* --- helpers -------------------------------------------------------------- */

void st_now(char out[ST_TIME_MAX])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char buf[24];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, ST_TIME_MAX, "%.19s.%03dZ", buf, (int)(ts.tv_nsec / 1000000L) % 1000);
}

int st_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    static const char hex[] = "0123456789abcdef";
    if (nbytes > sizeof raw || RAND_bytes(raw, (int)nbytes) != 1)
        return EXCTL_EINTERNAL;
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[2 * nbytes] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    return 0;
}

int st_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) {
        dst[0] = '\0';
        return EXCTL_ETOOBIG;
    }
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
    return 0;
}

int st_party_key(const char *name, const char *country, char *out, size_t cap)
{
    xc_buf b;
    int rc = 0;
    size_t n = 0;
    xc_buf_init(&b);
    if (!name || !xc_utf8_valid(name, strlen(name)))
        return EXCTL_EUTF8;
    if ((rc = xc_text_clean(&b, name, strlen(name))))
        goto out;
    for (size_t i = 0; i < b.len && n + 1 < cap; i++) {
        char c = b.data[i];
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    if (n + 1 >= cap) {
        rc = EXCTL_ETOOBIG;
        goto out;
    }
    out[n++] = '|';
    for (const char *p = country ? country : ""; *p && n + 1 < cap; p++)
        out[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
    if (country && n + 1 >= cap && country[0]) {
        rc = EXCTL_ETOOBIG;
        goto out;
    }
    out[n] = '\0';
out:
    xc_buf_free(&b);
    return rc;
}

static void sha256_hex_str(const char *s, char out[ST_HASH_HEX])
{
    xc_sha256_hex(s, strlen(s), out);
}

/* --- passwords -------------------------------------------------------------- */

int st_password_hash(const st_store *st, const char *password, char out[ST_PWHASH_MAX],
                     exctl_errbuf *eb)
{
#ifdef EXCTL_HAVE_ARGON2
    unsigned char salt[16];
    if (!password || strlen(password) < 8)
        return xc_err(eb, EXCTL_EINVAL, "password must have at least 8 characters");
    if (strlen(password) > 1024)
        return xc_err(eb, EXCTL_ETOOBIG, "password too long");
    if (RAND_bytes(salt, sizeof salt) != 1)
        return xc_err(eb, EXCTL_EINTERNAL, "no random bytes");
    int r = argon2id_hash_encoded(st->argon2_t, st->argon2_m_kib, 1, password,
                                  strlen(password), salt, sizeof salt, 32, out, ST_PWHASH_MAX);
    if (r != ARGON2_OK)
        return xc_err(eb, EXCTL_EINTERNAL, "argon2id: %s", argon2_error_message(r));
    return 0;
#else
    (void)st; (void)password; (void)out;
    return xc_err(eb, EXCTL_EINTERNAL, "built without libargon2");
#endif
}

bool st_password_verify(const char *encoded, const char *password)
{
#ifdef EXCTL_HAVE_ARGON2
    if (!encoded || !password || strncmp(encoded, "$argon2id$", 10))
        return false;
    return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
#else
    (void)encoded; (void)password;
    return false;
#endif
}

/* --- audit chain ------------------------------------------------------------ */

static void canon_field(EVP_MD_CTX *ctx, const char *s)
{
    char len[24];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    EVP_DigestUpdate(ctx, len, (size_t)n);
    EVP_DigestUpdate(ctx, s, strlen(s));
    EVP_DigestUpdate(ctx, "\n", 1);
}

void st_audit_hash(const st_audit *a, char out[ST_HASH_HEX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    char seq[24];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    out[0] = '\0';
    if (!ctx)
        return;
    snprintf(seq, sizeof seq, "%lld", (long long)a->seq);
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    canon_field(ctx, seq);
    canon_field(ctx, a->ts);
    canon_field(ctx, a->actor);
    canon_field(ctx, a->action);
    canon_field(ctx, a->object);
    canon_field(ctx, a->details ? a->details : "");
    canon_field(ctx, a->prev_hash);
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    for (unsigned i = 0; i < mdlen && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

int st_audit_append(st_store *st, const char *actor, const char *action,
                    const char *object, const char *details, exctl_errbuf *eb)
{
    return audit_append(st, actor, action, object, details, eb);
}

/* Append one audit row; must run inside a write transaction. */
static int audit_append(st_store *st, const char *actor, const char *action,
                        const char *object, const char *details, exctl_errbuf *eb)
{
    st_audit a;
    int64_t seq = 0;
    int rc;
    memset(&a, 0, sizeof a);
    if ((rc = st->ops->audit_head(st, &seq, a.prev_hash, eb)))
        return rc;
    a.seq = seq + 1;
    st_now(a.ts);
    if (st_copy(a.actor, sizeof a.actor, actor) || st_copy(a.action, sizeof a.action, action) ||
        st_copy(a.object, sizeof a.object, object))
        return xc_err(eb, EXCTL_ETOOBIG, "audit field too long");
    a.details = (char *)(details ? details : "{}");
    st_audit_hash(&a, a.hash);
    return st->ops->audit_insert(st, &a, eb);
}

/* Run the transaction tail: append the audit row and commit, or roll back. */
static int finish(st_store *st, int rc, const char *actor, const char *action,
                  const char *object, json_t *details, exctl_errbuf *eb)
{
    char *text = NULL;
    if (!rc) {
        text = details ? json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        if (details && !text)
            rc = xc_err(eb, EXCTL_ENOMEM, "out of memory");
    }
    if (!rc)
        rc = audit_append(st, actor, action, object, text, eb);
    if (!rc)
        rc = st->ops->commit(st, eb);
    if (rc)
        st->ops->rollback(st);
    free(text);
    json_decref(details);
    return rc;
}

/* --- failed-login throttle ------------------------------------------------ */

int st_login_locked(st_store *st, const char *username, int64_t now, int64_t *left,
                    exctl_errbuf *eb)
{
    st_login l;
    *left = 0;
    int rc = st->ops->login_get(st, username, &l, eb);
    if (rc == EXCTL_ENOTFOUND)
        return 0;
    if (!rc && l.locked_until > now)
        *left = l.locked_until - now;
    return rc;
}

int st_login_failed(st_store *st, const st_login_policy *p, const char *username, int64_t now,
                    const char *details, bool *locked, exctl_errbuf *eb)
{
    st_login l;
    *locked = false;
    if (st_copy(l.username, sizeof l.username, username))
        return xc_err(eb, EXCTL_ETOOBIG, "user name too long");
    /* Under the write lock: failures counted by two servers at once add up. */
    int rc = st->ops->begin(st, eb);
    if (rc)
        return rc;
    rc = st->ops->login_get(st, username, &l, eb);
    if (rc == EXCTL_ENOTFOUND || (!rc && now - l.first_fail > p->window_s)) {
        l.fails = 0;
        l.first_fail = now;
        l.locked_until = 0;
        rc = 0;
    }
    if (!rc && ++l.fails >= p->max_fails) {
        l.locked_until = now + p->lock_s;
        l.fails = 0;
        l.first_fail = now;
        *locked = true;
    }
    if (!rc)
        rc = st->ops->login_put(st, &l, now - p->window_s, eb);
    if (!rc)
        rc = audit_append(st, "anonymous", "session.login_failed", "session", details, eb);
    if (!rc)
        rc = st->ops->commit(st, eb);
    if (rc)
        st->ops->rollback(st);
    return rc;
}

int st_login_succeeded(st_store *st, const char *username, exctl_errbuf *eb)
{
    st_login l;
    int rc = st->ops->login_get(st, username, &l, eb);
    if (rc == EXCTL_ENOTFOUND || (!rc && l.fails == 0))
        return 0;   /* the usual case: nothing to forget, no write */
    if (rc || (rc = st->ops->begin(st, eb)))
        return rc;
    l.fails = 0;
    rc = st->ops->login_put(st, &l, 0, eb);
    if (!rc)
        rc = st->ops->commit(st, eb);
    if (rc)
        st->ops->rollback(st);
    return rc;
}

int st_audit_note(st_store *st, const char *actor, const char *action, const char *object,
                  const char *details, exctl_errbuf *eb)
{
    int rc = st->ops->begin(st, eb);
    if (rc)
        return rc;
    rc = audit_append(st, actor, action, object, details, eb);
    if (!rc)
        rc = st->ops->commit(st, eb);
    if (rc)
        st->ops->rollback(st);
    return rc;
}

typedef struct verify_ctx {
    int64_t expect_seq;
    char prev[ST_HASH_HEX];
    int64_t bad_seq;
    exctl_errbuf *eb;
} verify_ctx;

static int verify_row(void *vctx, const st_audit *a)
{
    verify_ctx *v = vctx;
    char h[ST_HASH_HEX];
    if (a->seq != v->expect_seq) {
        v->bad_seq = v->expect_seq;
        return xc_err(v->eb, EXCTL_ESTATE, "audit row %lld missing (next row is %lld)",
                      (long long)v->expect_seq, (long long)a->seq);
    }
    if (strcmp(a->prev_hash, v->prev)) {
        v->bad_seq = a->seq;
        return xc_err(v->eb, EXCTL_ESTATE,
                      "audit row %lld: prev_hash does not match row %lld's hash",
                      (long long)a->seq, (long long)a->seq - 1);
    }
    st_audit_hash(a, h);
    if (strcmp(h, a->hash)) {
        v->bad_seq = a->seq;
        return xc_err(v->eb, EXCTL_ESTATE, "audit row %lld: content changed (hash mismatch)",
                      (long long)a->seq);
    }
    memcpy(v->prev, a->hash, ST_HASH_HEX);
    v->expect_seq++;
    return 0;
}

int st_audit_verify(st_store *st, int64_t *rows, int64_t *bad_seq, exctl_errbuf *eb)
{
    verify_ctx v = {.expect_seq = 1, .prev = "", .bad_seq = 0, .eb = eb};
    int64_t head_seq = 0;
    char head_hash[ST_HASH_HEX] = "";
    /* One snapshot: a write committed between the scan and the head read
     * would otherwise look like a removed tail. */
    int rc = st->ops->begin_read(st, eb);
    if (rc)
        return rc;
    rc = st->ops->audit_scan(st, verify_row, &v, eb);
    if (!rc && (rc = st->ops->audit_head(st, &head_seq, head_hash, eb)) == 0) {
        if (head_seq != v.expect_seq - 1 || strcmp(head_hash, v.prev)) {
            v.bad_seq = v.expect_seq;
            rc = xc_err(eb, EXCTL_ESTATE,
                        "audit head says %lld rows but the log ends at row %lld"
                        " (rows removed from the end, or the head was changed)",
                        (long long)head_seq, (long long)v.expect_seq - 1);
        }
    }
    st->ops->rollback(st);
    if (rows)
        *rows = v.expect_seq - 1;
    if (bad_seq)
        *bad_seq = v.bad_seq;
    return rc;
}

/* --- users -------------------------------------------------------------------- */

static json_t *user_json(const st_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)u->id, "username",
                     u->username, "org", u->org, "role", st_role_name(u->role), "disabled",
                     u->disabled);
}

static int check_username(const char *s, exctl_errbuf *eb)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > ST_NAME_MAX)
        return xc_err(eb, EXCTL_EINVAL, "user name must have 1 to %d characters", ST_NAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '@'))
            return xc_err(eb, EXCTL_EINVAL,
                          "user name may contain only letters, digits and . _ - @");
    }
    return 0;
}

int st_user_create(st_store *st, const char *actor, const char *username,
                   const char *password, unsigned role, const char *org, st_user *out,
                   exctl_errbuf *eb)
{
    st_user u;
    int rc;
    memset(&u, 0, sizeof u);
    if ((rc = check_username(username, eb)))
        return rc;
    if (!*st_role_name(role))
        return xc_err(eb, EXCTL_EINVAL, "unknown role");
    if (!org || !xc_utf8_valid(org, strlen(org)) || st_copy(u.org, sizeof u.org, org))
        return xc_err(eb, EXCTL_EINVAL, "organisation must be UTF-8 of at most %d bytes",
                      ST_ORG_MAX);
    st_copy(u.username, sizeof u.username, username);
    u.role = role;
    st_now(u.created);
    if ((rc = st_password_hash(st, password, u.pwhash, eb)))
        return rc;
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->user_insert(st, &u, eb);
    rc = finish(st, rc, actor, "user.create", u.username, rc ? NULL : user_json(&u), eb);
    if (!rc && out)
        *out = u;
    return rc;
}

int st_user_modify(st_store *st, const char *actor, int64_t id, const unsigned *role,
                   const char *org, const bool *disabled, const char *password, st_user *out,
                   exctl_errbuf *eb)
{
    st_user u;
    char pw[ST_PWHASH_MAX] = "";
    int rc;
    if (role && !*st_role_name(*role))
        return xc_err(eb, EXCTL_EINVAL, "unknown role");
    if (org && (!xc_utf8_valid(org, strlen(org)) || strlen(org) > ST_ORG_MAX))
        return xc_err(eb, EXCTL_EINVAL, "organisation must be UTF-8 of at most %d bytes",
                      ST_ORG_MAX);
    if (password && (rc = st_password_hash(st, password, pw, eb)))
        return rc;
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    if ((rc = st->ops->user_get(st, id, NULL, &u, eb)))
        goto out;
    if (role)
        u.role = *role;
    if (org)
        st_copy(u.org, sizeof u.org, org);
    if (disabled)
        u.disabled = *disabled;
    if (password)
        memcpy(u.pwhash, pw, sizeof u.pwhash);
    rc = st->ops->user_update(st, &u, eb);
out:;
    json_t *d = NULL;
    if (!rc) {
        d = user_json(&u);
        json_object_set_new(d, "password_changed", json_boolean(password != NULL));
    }
    rc = finish(st, rc, actor, "user.modify", u.username, d, eb);
    if (!rc && out)
        *out = u;
    return rc;
}

/* --- sessions and tokens ---------------------------------------------------------- */

int st_session_create(st_store *st, const st_user *u, int64_t ttl_seconds,
                      char cookie[ST_HASH_HEX], st_session *s, exctl_errbuf *eb)
{
    int rc;
    memset(s, 0, sizeof *s);
    if (st_random_hex(cookie, 32) || st_random_hex(s->csrf, 32))
        return xc_err(eb, EXCTL_EINTERNAL, "no random bytes");
    sha256_hex_str(cookie, s->token_hash);
    s->user_id = u->id;
    s->expires = (int64_t)time(NULL) + ttl_seconds;
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->session_insert(st, s, eb);
    /* The audit names the session by a prefix of its hash: enough to follow
     * it, useless to log in with. */
    char obj[40];
    snprintf(obj, sizeof obj, "session:%.16s", s->token_hash);
    return finish(st, rc, u->username, "session.login", obj,
                  json_pack("{s:I}", "expires", (json_int_t)s->expires), eb);
}

int st_session_end(st_store *st, const st_user *u, const char *cookie, exctl_errbuf *eb)
{
    char h[ST_HASH_HEX], obj[40];
    int rc;
    sha256_hex_str(cookie, h);
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->session_delete(st, h, eb);
    snprintf(obj, sizeof obj, "session:%.16s", h);
    return finish(st, rc, u->username, "session.logout", obj, NULL, eb);
}

static int load_active_user(st_store *st, int64_t id, st_user *u, exctl_errbuf *eb)
{
    int rc = st->ops->user_get(st, id, NULL, u, eb);
    if (rc)
        return rc == EXCTL_ENOTFOUND ? xc_err(eb, EXCTL_ENOTFOUND, "unknown credentials") : rc;
    if (u->disabled)
        return xc_err(eb, EXCTL_ENOTFOUND, "account disabled");
    return 0;
}

int st_session_lookup(st_store *st, const char *cookie, st_session *s, st_user *u,
                      exctl_errbuf *eb)
{
    char h[ST_HASH_HEX];
    int rc;
    if (!cookie || strlen(cookie) != 64)
        return xc_err(eb, EXCTL_ENOTFOUND, "no such session");
    sha256_hex_str(cookie, h);
    if ((rc = st->ops->session_get(st, h, s, eb)))
        return rc;
    if (s->expires < (int64_t)time(NULL))
        return xc_err(eb, EXCTL_ENOTFOUND, "session expired");
    return load_active_user(st, s->user_id, u, eb);
}

int st_token_create(st_store *st, const st_user *u, const char *name,
                    char plain[ST_HASH_HEX + 4], st_token *t, exctl_errbuf *eb)
{
    int rc;
    memset(t, 0, sizeof *t);
    if (!name || !*name || st_copy(t->name, sizeof t->name, name) ||
        !xc_utf8_valid(name, strlen(name)))
        return xc_err(eb, EXCTL_EINVAL, "token name must be UTF-8 of 1 to %d bytes",
                      ST_NAME_MAX);
    memcpy(plain, "xc_", 3);
    if (st_random_hex(plain + 3, 32))
        return xc_err(eb, EXCTL_EINTERNAL, "no random bytes");
    sha256_hex_str(plain, t->token_hash);
    t->user_id = u->id;
    st_now(t->created);
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->token_insert(st, t, eb);
    char obj[40];
    snprintf(obj, sizeof obj, "token:%lld", (long long)t->id);
    return finish(st, rc, u->username, "token.create", obj,
                  rc ? NULL : json_pack("{s:s}", "name", t->name), eb);
}

int st_token_revoke(st_store *st, const st_user *u, int64_t id, exctl_errbuf *eb)
{
    char obj[40];
    int rc = st->ops->begin(st, eb);
    if (rc)
        return rc;
    rc = st->ops->token_delete(st, id, u->id, eb);
    snprintf(obj, sizeof obj, "token:%lld", (long long)id);
    return finish(st, rc, u->username, "token.revoke", obj, NULL, eb);
}

int st_token_lookup(st_store *st, const char *plain, st_user *u, exctl_errbuf *eb)
{
    char h[ST_HASH_HEX];
    st_token t;
    int rc;
    if (!plain || strlen(plain) != 67 || strncmp(plain, "xc_", 3))
        return xc_err(eb, EXCTL_ENOTFOUND, "no such token");
    sha256_hex_str(plain, h);
    if ((rc = st->ops->token_get(st, h, &t, eb)))
        return rc;
    return load_active_user(st, t.user_id, u, eb);
}

/* --- records and decisions ------------------------------------------------------- */

int st_record_save(st_store *st, const st_user *u, st_record *r, exctl_errbuf *eb)
{
    int rc;
    if (strcmp(r->kind, "screening") && strcmp(r->kind, "classification") &&
        strcmp(r->kind, "determination"))
        return xc_err(eb, EXCTL_EINVAL,
                      "record kind must be screening, classification or determination");
    r->user_id = u->id;
    st_copy(r->username, sizeof r->username, u->username);
    st_copy(r->org, sizeof r->org, u->org);
    st_now(r->created);
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->record_insert(st, r, eb);
    char obj[40];
    snprintf(obj, sizeof obj, "record:%lld", (long long)r->id);
    json_t *d = NULL;
    if (!rc) {
        /* The audit row fixes the record's content by hash, so a later edit
         * of the record row itself is detectable too. */
        char hin[ST_HASH_HEX], hres[ST_HASH_HEX];
        sha256_hex_str(r->input ? r->input : "{}", hin);
        sha256_hex_str(r->result ? r->result : "{}", hres);
        d = json_pack("{s:s, s:s, s:s, s:s}", "kind", r->kind, "title",
                      r->title ? r->title : "", "input_sha256", hin, "result_sha256", hres);
        json_t *v = json_loads(r->versions ? r->versions : "{}", 0, NULL);
        if (v)
            json_object_set_new(d, "versions", v);
    }
    return finish(st, rc, u->username, "record.create", obj, d, eb);
}

int st_decision_set(st_store *st, const st_user *u, st_decision *d, exctl_errbuf *eb)
{
    int rc;
    if (strcmp(d->decision, "true_match") && strcmp(d->decision, "false_positive"))
        return xc_err(eb, EXCTL_EINVAL, "decision must be true_match or false_positive");
    d->user_id = u->id;
    st_copy(d->username, sizeof d->username, u->username);
    st_now(d->created);
    if ((rc = st->ops->begin(st, eb)))
        return rc;
    rc = st->ops->decision_put(st, d, eb);
    return finish(st, rc, u->username, "decision.set", d->entity_id,
                  json_pack("{s:s, s:s, s:s, s:s}", "party_key", d->party_key, "entity_id",
                            d->entity_id, "decision", d->decision, "note", d->note),
                  eb);
}
