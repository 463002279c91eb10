/*
 * Store and audit chain: users and credentials, sessions, tokens, records,
 * decisions, and that exctl's audit verification finds a changed, removed
 * or truncated row (tampering done with raw SQL behind the store's back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "store/store.h"

typedef struct fx {
    char path[256];
    st_store *st;
    st_user admin;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    exctl_errbuf eb = {{0}};
    snprintf(f->path, sizeof f->path, "/tmp/exctl_test_store_%ld.db", (long)getpid());
    unlink(f->path);
    assert_int_equal(st_open(f->path, &f->st, &eb), 0);
    st_set_fast_hashing(f->st);
    assert_int_equal(st_user_create(f->st, "system", "root", "rootpassword", ST_ROLE_ADMIN,
                                    "Authority", &f->admin, &eb), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    char p[300];
    st_close(f->st);
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static void raw_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    int r = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (r != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    sqlite3_close(db);
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
    sqlite3 *db = st_sqlite_db(f->st);
    assert_non_null(db);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET actor='x'", NULL, NULL, NULL),
                         SQLITE_OK);
}

static void add_rows(fx *f, int n)
{
    exctl_errbuf eb = {{0}};
    for (int i = 0; i < n; i++)
        assert_int_equal(st_audit_note(f->st, "root", "test", "row", "{}", &eb), 0);
}

static void tamper_expect(fx *f, const char *sql, int64_t expect_bad)
{
    exctl_errbuf eb = {{0}};
    int64_t rows = 0, bad = 0;
    raw_sql(f->path, sql);
    assert_int_equal(st_audit_verify(f->st, &rows, &bad, &eb), EXCTL_ESTATE);
    assert_int_equal(bad, expect_bad);
    assert_true(strlen(eb.msg) > 0);
}

static void test_audit_detects_changed_row(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "DROP TRIGGER audit_no_update;"
                     "UPDATE audit_log SET details='{\"forged\":1}' WHERE seq=3", 3);
}

static void test_audit_detects_rehashed_row(void **state)
{
    /* Even recomputing the changed row's own hash is caught by the next
     * row's prev_hash. */
    fx *f = *state;
    add_rows(f, 4);
    st_audit a;
    memset(&a, 0, sizeof a);
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, ts, actor, action, object, prev_hash"
                                            " FROM audit_log WHERE seq=2", -1, &q, NULL), 0);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    a.seq = 2;
    snprintf(a.ts, sizeof a.ts, "%s", sqlite3_column_text(q, 1));
    snprintf(a.actor, sizeof a.actor, "%s", "mallory");
    snprintf(a.action, sizeof a.action, "%s", sqlite3_column_text(q, 3));
    snprintf(a.object, sizeof a.object, "%s", sqlite3_column_text(q, 4));
    snprintf(a.prev_hash, sizeof a.prev_hash, "%s", sqlite3_column_text(q, 5));
    a.details = "{}";
    sqlite3_finalize(q);
    sqlite3_close(db);
    st_audit_hash(&a, a.hash);
    char sql[512];
    snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_update;"
             "UPDATE audit_log SET actor='mallory', details='{}', hash='%s' WHERE seq=2", a.hash);
    tamper_expect(f, sql, 3);
}

static void test_audit_detects_removed_row(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq=2", 2);
}

static void test_audit_detects_truncated_tail(void **state)
{
    fx *f = *state;
    add_rows(f, 4);
    tamper_expect(f, "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq=5", 5);
}

static void test_reopen_keeps_schema(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    st_store *again = NULL;
    st_user u;
    assert_int_equal(st_open(f->path, &again, &eb), 0);
    assert_int_equal(again->ops->user_get(again, 0, "root", &u, &eb), 0);
    st_close(again);
    raw_sql(f->path, "INSERT INTO schema_version VALUES (999)");
    assert_int_equal(st_open(f->path, &again, &eb), EXCTL_EDB);
    assert_non_null(strstr(eb.msg, "newer"));
}

int main(void)
{
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
