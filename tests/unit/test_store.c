/*
 * Store and audit chain: users and credentials, sessions, tokens, records,
 * decisions, and that exctl's audit verification finds a changed, removed
 * or truncated row (tampering done with raw SQL behind the store's back).
 * Runs on SQLite and on PostgreSQL (test_backend.h); the PostgreSQL pass
 * also checks that two handles — two server processes — writing at once
 * keep one linear chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>
#include "store/store.h"
#include "test_backend.h"

typedef struct fx {
    tb_env env;
    st_store *st;
    st_user admin;
} fx;

static int open_store(const fx *f, st_store **out, exctl_errbuf *eb)
{
    return f->env.pg ? st_open_pg(f->env.target, out, eb) : st_open(f->env.target, out, eb);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    exctl_errbuf eb = {{0}};
    assert_int_equal(tb_setup(&f->env), 0);
    int rc = open_store(f, &f->st, &eb);
    if (rc)
        fprintf(stderr, "open: %s\n", eb.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(f->st->ops->name, tb_backend_name());
    st_set_fast_hashing(f->st);
    assert_int_equal(st_user_create(f->st, "system", "root", "rootpassword", ST_ROLE_ADMIN,
                                    "Authority", &f->admin, &eb), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    st_close(f->st);
    tb_teardown(&f->env);
    free(f);
    return 0;
}

/* Raw SQL on a second connection; 0 when it succeeded. */
static int raw_try(fx *f, const char *sql)
{
    tb_conn c;
    assert_int_equal(tb_connect(&f->env, &c), 0);
    int r = tb_exec(&c, sql);
    tb_close(&c);
    return r;
}

static void raw_sql(fx *f, const char *sql)
{
    if (raw_try(f, sql))
        fail_msg("%s failed", sql);
}

/* Remove the append-only guard of one kind ("update" or "delete"). */
static void drop_guard(fx *f, const char *kind)
{
    char sql[96];
    snprintf(sql, sizeof sql, f->env.pg ? "DROP TRIGGER audit_no_%s ON audit_log"
                                        : "DROP TRIGGER audit_no_%s", kind);
    raw_sql(f, sql);
}

static void test_users_and_passwords(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_user u, got;
    assert_int_equal(st_user_create(f->st, "root", "alice", "alicepassword", ST_ROLE_EXPORTER,
                                    "Acme KK", &u, &eb), 0);
    assert_true(u.id > 0);
    /* Stored as argon2id, never in clear. */
    assert_int_equal(f->st->ops->user_get(f->st, 0, "alice", &got, &eb), 0);
    assert_non_null(strstr(got.pwhash, "$argon2id$"));
    assert_null(strstr(got.pwhash, "alicepassword"));
    assert_true(st_password_verify(got.pwhash, "alicepassword"));
    assert_false(st_password_verify(got.pwhash, "alicepassword!"));
    assert_string_equal(got.org, "Acme KK");
    assert_int_equal(got.role, ST_ROLE_EXPORTER);
    /* Duplicates, bad names, short passwords are refused. */
    assert_int_equal(st_user_create(f->st, "root", "alice", "otherpassword", ST_ROLE_EXPORTER,
                                    "X", NULL, &eb), EXCTL_EEXISTS);
    assert_int_equal(st_user_create(f->st, "root", "bad name", "otherpassword",
                                    ST_ROLE_EXPORTER, "X", NULL, &eb), EXCTL_EINVAL);
    assert_int_equal(st_user_create(f->st, "root", "bob", "short", ST_ROLE_EXPORTER, "X",
                                    NULL, &eb), EXCTL_EINVAL);
    /* Modify role and disable. */
    unsigned role = ST_ROLE_EXAMINER;
    bool dis = true;
    assert_int_equal(st_user_modify(f->st, "root", u.id, &role, NULL, &dis, NULL, &got, &eb), 0);
    assert_int_equal(got.role, ST_ROLE_EXAMINER);
    assert_true(got.disabled);
    unsigned r2;
    assert_int_equal(st_role_parse("agency_reviewer", &r2), 0);
    assert_string_equal(st_role_name(r2), "agency_reviewer");
    assert_int_equal(st_role_parse("boss", &r2), EXCTL_EINVAL);
}

static void test_sessions_and_tokens(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    char cookie[ST_HASH_HEX], plain[ST_HASH_HEX + 4];
    st_session s, s2;
    st_user u;
    st_token t;
    assert_int_equal(st_session_create(f->st, &f->admin, 3600, cookie, &s, &eb), 0);
    assert_int_equal(strlen(cookie), 64);
    assert_int_equal(st_session_lookup(f->st, cookie, &s2, &u, &eb), 0);
    assert_string_equal(u.username, "root");
    assert_string_equal(s2.csrf, s.csrf);
    /* Only the hash is stored. */
    assert_string_not_equal(s2.token_hash, cookie);
    cookie[0] = cookie[0] == 'a' ? 'b' : 'a';
    assert_int_equal(st_session_lookup(f->st, cookie, &s2, &u, &eb), EXCTL_ENOTFOUND);
    cookie[0] = cookie[0] == 'a' ? 'b' : 'a';
    assert_int_equal(st_session_end(f->st, &f->admin, cookie, &eb), 0);
    assert_int_equal(st_session_lookup(f->st, cookie, &s2, &u, &eb), EXCTL_ENOTFOUND);
    /* Expired sessions do not authenticate. */
    assert_int_equal(st_session_create(f->st, &f->admin, -10, cookie, &s, &eb), 0);
    assert_int_equal(st_session_lookup(f->st, cookie, &s2, &u, &eb), EXCTL_ENOTFOUND);

    assert_int_equal(st_token_create(f->st, &f->admin, "ci", plain, &t, &eb), 0);
    assert_int_equal(strncmp(plain, "xc_", 3), 0);
    assert_int_equal(st_token_lookup(f->st, plain, &u, &eb), 0);
    assert_int_equal(u.id, f->admin.id);
    assert_int_equal(st_token_revoke(f->st, &f->admin, t.id, &eb), 0);
    assert_int_equal(st_token_lookup(f->st, plain, &u, &eb), EXCTL_ENOTFOUND);
    assert_int_equal(st_token_revoke(f->st, &f->admin, t.id, &eb), EXCTL_ENOTFOUND);
}

static void test_records_and_decisions(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_record r = {.kind = "screening", .title = "Acme", .versions = "{\"un-sc\":\"x\"}",
                   .input = "{\"name\":\"Acme\"}", .result = "{\"hits\":[]}"};
    st_record bad = {.kind = "gossip"};
    assert_int_equal(st_record_save(f->st, &f->admin, &r, &eb), 0);
    assert_true(r.id > 0);
    assert_int_equal(st_record_save(f->st, &f->admin, &bad, &eb), EXCTL_EINVAL);
    st_record got;
    assert_int_equal(f->st->ops->record_get(f->st, r.id, &got, &eb), 0);
    assert_string_equal(got.input, "{\"name\":\"Acme\"}");
    assert_string_equal(got.username, "root");
    st_record_clear(&got);
    st_record *list = NULL;
    size_t n = 0;
    st_record_filter flt = {.kind = "screening"};
    assert_int_equal(f->st->ops->record_list(f->st, &flt, &list, &n, &eb), 0);
    assert_int_equal(n, 1);
    st_record_clear(&list[0]);
    free(list);
    flt.kind = "determination";
    assert_int_equal(f->st->ops->record_list(f->st, &flt, &list, &n, &eb), 0);
    assert_int_equal(n, 0);
    free(list);

    st_decision d = {.decision = "false_positive", .entity_id = "un-sc:QDi.1"};
    char k1[300], k2[300];
    assert_int_equal(st_party_key("  ACME   Trading ", "jp", k1, sizeof k1), 0);
    assert_int_equal(st_party_key("acme trading", "JP", k2, sizeof k2), 0);
    assert_string_equal(k1, k2);
    strcpy(d.party_key, k1);
    assert_int_equal(st_decision_set(f->st, &f->admin, &d, &eb), 0);
    strcpy(d.decision, "true_match");
    assert_int_equal(st_decision_set(f->st, &f->admin, &d, &eb), 0);
    st_decision *ds = NULL;
    assert_int_equal(f->st->ops->decision_list(f->st, k2, &ds, &n, &eb), 0);
    assert_int_equal(n, 1); /* remembered, latest wins */
    assert_string_equal(ds[0].decision, "true_match");
    free(ds);
    strcpy(d.decision, "maybe");
    assert_int_equal(st_decision_set(f->st, &f->admin, &d, &eb), EXCTL_EINVAL);
}

static void test_audit_chain_intact(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    int64_t rows = 0, bad = 0;
    assert_int_equal(st_audit_note(f->st, "root", "screen.run", "query", "{\"n\":1}", &eb), 0);
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), 0);
    assert_int_equal(rows, 2); /* user.create + the note */
    /* The application cannot rewrite the log. */
    assert_int_not_equal(raw_try(f, "UPDATE audit_log SET actor='x'"), 0);
    assert_int_not_equal(raw_try(f, "DELETE FROM audit_log WHERE seq=2"), 0);
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), 0);
    assert_true((st_sqlite_db(f->st) != NULL) == !f->env.pg);
    assert_true((st_pg_conn(f->st) != NULL) == f->env.pg);
}

static void add_rows(fx *f, int n)
{
    exctl_errbuf eb = {{0}};
    for (int i = 0; i < n; i++)
        assert_int_equal(st_audit_note(f->st, "root", "test", "row", "{}", &eb), 0);
}

static void tamper_expect(fx *f, const char *guard, const char *sql, int64_t expect_bad)
{
    exctl_errbuf eb = {{0}};
    int64_t rows = 0, bad = 0;
    drop_guard(f, guard);
    raw_sql(f, sql);
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), EXCTL_ESTATE);
    assert_int_equal(bad, expect_bad);
    assert_true(strlen(eb.msg) > 0);
}

static void test_audit_detects_changed_row(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "update", "UPDATE audit_log SET details='{\"forged\":1}' WHERE seq=3", 3);
}

/* audit_scan callback: copy the row whose seq is preset in ctx, stop. */
static int grab_row(void *ctx, const st_audit *row)
{
    st_audit *want = ctx;
    if (row->seq != want->seq)
        return 0;
    *want = *row;
    want->details = NULL;   /* only valid during the call */
    return 1;
}

static void test_audit_detects_rehashed_row(void **state)
{
    /* Even recomputing the changed row's own hash is caught by the next
     * row's prev_hash. */
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    add_rows(f, 4);
    st_audit a;
    memset(&a, 0, sizeof a);
    a.seq = 2;
    assert_int_equal(f->st->ops->audit_scan(f->st, grab_row, &a, &eb), 1);
    snprintf(a.actor, sizeof a.actor, "%s", "mallory");
    a.details = "{}";
    st_audit_hash(&a, a.hash);
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE audit_log SET actor='mallory', details='{}', hash='%s'"
             " WHERE seq=2", a.hash);
    tamper_expect(f, "update", sql, 3);
}

static void test_audit_detects_removed_row(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "delete", "DELETE FROM audit_log WHERE seq=2", 2);
}

static void test_audit_detects_truncated_tail(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "delete", "DELETE FROM audit_log WHERE seq=5", 5);
}

static void test_reopen_keeps_schema(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_store *again = NULL;
    st_user u;
    assert_int_equal(open_store(f, &again, &eb), 0);
    assert_int_equal(again->ops->user_get(again, 0, "root", &u, &eb), 0);
    st_close(again);
    raw_sql(f, "INSERT INTO schema_version VALUES (999)");
    assert_int_equal(open_store(f, &again, &eb), EXCTL_EDB);
    assert_non_null(strstr(eb.msg, "newer"));
}

/* Several handles (threads here; processes in production) append at once:
 * every write is serialised by the backend, so the chain stays linear and
 * complete. */
typedef struct writer {
    fx *f;
    int n, failed;
    char who[16];
} writer;

static void *write_many(void *arg)
{
    writer *w = arg;
    st_store *st = NULL;
    exctl_errbuf eb = {{0}};
    if (open_store(w->f, &st, &eb)) {
        w->failed = w->n;
        return NULL;
    }
    for (int i = 0; i < w->n; i++) {
        char obj[32];
        snprintf(obj, sizeof obj, "row-%d", i);
        if (st_audit_note(st, w->who, "test.concurrent", obj, "{}", &eb))
            w->failed++;
    }
    st_close(st);
    return NULL;
}

static void test_concurrent_writers_keep_chain(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    enum { W = 4, N = 40 };
    writer w[W];
    pthread_t t[W];
    for (int i = 0; i < W; i++) {
        w[i] = (writer){.f = f, .n = N};
        snprintf(w[i].who, sizeof w[i].who, "w%d", i);
        assert_int_equal(pthread_create(&t[i], NULL, write_many, &w[i]), 0);
    }
    for (int i = 0; i < W; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failed, 0);
    }
    int64_t rows = 0, bad = 0;
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), 0);
    assert_int_equal(rows, 1 + W * N);
}

/* The failed-login throttle lives in the store: failures counted through
 * two handles (two servers) add up, the lock expires, a success resets the
 * count, and every failure is audited. */
static void test_login_throttle_shared(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_store *other = NULL;
    const st_login_policy pol = {3, 300, 60};
    int64_t t0 = 1800000000, left = 0, rows = 0, bad = 0;
    bool locked = false;
    assert_int_equal(open_store(f, &other, &eb), 0);
    assert_int_equal(st_login_failed(f->st, &pol, "alice", t0, "{}", &locked, &eb), 0);
    assert_false(locked);
    assert_int_equal(st_login_failed(other, &pol, "alice", t0 + 1, "{}", &locked, &eb), 0);
    assert_false(locked);
    assert_int_equal(st_login_locked(f->st, "alice", t0 + 1, &left, &eb), 0);
    assert_int_equal(left, 0);
    assert_int_equal(st_login_failed(f->st, &pol, "alice", t0 + 2, "{}", &locked, &eb), 0);
    assert_true(locked);   /* the third failure, whichever handle counted the others */
    assert_int_equal(st_login_locked(other, "alice", t0 + 12, &left, &eb), 0);
    assert_int_equal(left, 50);
    assert_int_equal(st_login_locked(other, "alice", t0 + 62, &left, &eb), 0);
    assert_int_equal(left, 0);
    assert_int_equal(st_login_locked(other, "bob", t0, &left, &eb), 0);
    assert_int_equal(left, 0);
    /* A success forgets earlier failures; an old window starts afresh. */
    assert_int_equal(st_login_failed(other, &pol, "bob", t0, "{}", &locked, &eb), 0);
    assert_int_equal(st_login_failed(other, &pol, "bob", t0, "{}", &locked, &eb), 0);
    assert_int_equal(st_login_succeeded(f->st, "bob", &eb), 0);
    assert_int_equal(st_login_failed(other, &pol, "bob", t0, "{}", &locked, &eb), 0);
    assert_false(locked);
    assert_int_equal(st_login_failed(other, &pol, "carol", t0, "{}", &locked, &eb), 0);
    assert_int_equal(st_login_failed(other, &pol, "carol", t0 + 1, "{}", &locked, &eb), 0);
    assert_int_equal(st_login_failed(other, &pol, "carol", t0 + 400, "{}", &locked, &eb), 0);
    assert_false(locked);
    st_close(other);
    /* user.create + 9 failures, each with its audit row. */
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), 0);
    assert_int_equal(rows, 10);
}

/* PostgreSQL: a connection the server dropped (restart, failover, idle
 * timeout) is re-established by the next operation, in or out of a write. */
static void test_survives_dropped_connection(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_user u;
    if (!f->env.pg)
        skip();   /* a SQLite file has no connection to lose */
    for (int round = 0; round < 2; round++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)",
                 PQbackendPID(st_pg_conn(f->st)));
        raw_sql(f, sql);
        if (round == 0) {   /* a read first */
            assert_int_equal(f->st->ops->user_get(f->st, 0, "root", &u, &eb), 0);
        } else {            /* a write first */
            assert_int_equal(st_audit_note(f->st, "root", "test", "after", "{}", &eb), 0);
        }
    }
    int64_t rows = 0, bad = 0;
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), 0);
    assert_int_equal(rows, 2);
}

int main(void)
{
    int skip = tb_skip_code("test_store");
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users_and_passwords, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_and_decisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_detects_changed_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_detects_rehashed_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_detects_removed_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_detects_truncated_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers_keep_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_throttle_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survives_dropped_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
