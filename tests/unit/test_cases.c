/*
 * Unit tests for the licensing workflow (lib/cases): the whole flow with two
 * exporters, an examiner, an agency reviewer and a countersigner over a
 * fresh database — SQLite, and PostgreSQL in the second ctest pass
 * (test_backend.h); every out-of-role attempt and illegal transition in
 * it refused with its error code; the audit hook called for every state
 * change and never for a refused one; licence balances and expiry; re-
 * screening alerts; compliance records; statistics; validation of the rule
 * files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include "exctl/cases.h"
#include "test_backend.h"

/* --- fixture ------------------------------------------------------------ */

typedef struct fx {
    tb_env env;
    tb_conn db;          /* the connection the workflow runs on */
    exctl_workflow *wf;
    exctl_cases *c;
    int audit_fail;       /* make the hook refuse */
    int64_t now;
} fx;

static const exctl_actor alice = {"alice", "exporter", "ACME"};      /* exporter 1 */
static const exctl_actor bob = {"bob", "exporter", "Globex"};        /* exporter 2 */
static const exctl_actor erin = {"erin", "examiner", NULL};
static const exctl_actor rita = {"rita", "agency_reviewer", "MOFA"};
static const exctl_actor mike = {"mike", "agency_reviewer", "MOD"};  /* another agency */
static const exctl_actor carl = {"carl", "countersigner", NULL};
static const exctl_actor ada = {"ada", "admin", NULL};

/* The audit hook writes into a table of the same database, as the server's
 * hash-chained log will: an action that rolls back takes its audit rows
 * with it, so the count of rows is exactly the count of stored changes. */
static int audit_hook(void *ud, const char *actor, const char *action, const char *object,
                      const char *details)
{
    fx *f = ud;
    json_error_t je;
    json_t *d = json_loads(details, 0, &je);
    assert_non_null(d);                       /* details are JSON */
    assert_true(json_is_object(d));
    assert_non_null(json_object_get(d, "role"));
    json_decref(d);
    assert_true(actor && *actor);
    if (f->audit_fail)
        return -1;
    const char *v[] = {actor, action, object, details};
    return tb_exec_params(&f->db, "INSERT INTO test_audit(actor, action, object, details)"
                                  " VALUES($1, $2, $3, $4)", 4, v);
}

static size_t audit_count(fx *f)
{
    char buf[32];
    assert_int_equal(tb_query(&f->db, "SELECT count(*) FROM test_audit", buf, sizeof buf), 0);
    return (size_t)strtoul(buf, NULL, 10);
}

/* The audit actions, "|"-separated in order, into a static buffer. */
static const char *audit_actions(fx *f)
{
    static char buf[8192];
    assert_int_equal(tb_query(&f->db, "SELECT action FROM test_audit ORDER BY id", buf,
                              sizeof buf), 0);
    return buf;
}

static const char *audit_last(fx *f)
{
    static char buf[128];
    assert_int_equal(tb_query(&f->db, "SELECT action FROM test_audit ORDER BY id DESC LIMIT 1",
                              buf, sizeof buf), 0);
    buf[strcspn(buf, "|")] = '\0';
    return buf;
}

static int open_cases(tb_conn *c, const exctl_workflow *wf, exctl_cases **out,
                      exctl_errbuf *eb)
{
    return c->sq ? exctl_cases_open(c->sq, wf, out, eb) : exctl_cases_open_pg(c->pg, wf, out, eb);
}

/* Raw SQL on the workflow's connection; fails the test if refused. */
static void raw(fx *f, const char *sql)
{
    if (tb_exec(&f->db, sql))
        fail_msg("%s: refused", sql);
}

static int64_t test_clock(void *ud)
{
    return ((fx *)ud)->now;
}

static int64_t utc(int y, int mo, int d)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    return (int64_t)timegm(&tm);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    exctl_errbuf eb = {{0}};
    assert_int_equal(tb_setup(&f->env), 0);
    assert_int_equal(tb_connect(&f->env, &f->db), 0);
    if (f->env.pg) {
        raw(f, "CREATE TABLE test_audit(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
               " actor text, action text, object text, details text)");
    } else {
        /* A throw-away database: no need to wait for the disk. */
        raw(f, "PRAGMA synchronous=OFF");
        raw(f, "CREATE TABLE test_audit(id INTEGER PRIMARY KEY,"
               " actor TEXT, action TEXT, object TEXT, details TEXT)");
    }
    int rc = exctl_workflow_load(EXCTL_TEST_DATA_DIR "/workflow", &f->wf, &eb);
    if (rc)
        fprintf(stderr, "workflow: %s\n", eb.msg);
    assert_int_equal(rc, EXCTL_OK);
    rc = open_cases(&f->db, f->wf, &f->c, &eb);
    if (rc)
        fprintf(stderr, "cases: %s\n", eb.msg);
    assert_int_equal(rc, EXCTL_OK);
    exctl_cases_set_audit(f->c, audit_hook, f);
    f->now = utc(2026, 1, 15);
    exctl_cases_set_clock(f->c, test_clock, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    exctl_cases_close(f->c);
    exctl_workflow_free(f->wf);
    tb_close(&f->db);
    tb_teardown(&f->env);
    free(f);
    return 0;
}

/* Whether an action always changes state (1: must be audited), never does
 * (0: must not be), or only when it finds work (-1: sweeps; the test checks
 * those explicitly). */
static int writes(const char *action)
{
    static const char *const ro[] = {"get", "list", "get_licence", "rescreen_targets",
                                     "icp_checklist", "compliance_list", "stats", "alerts"};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
        if (strcmp(ro[i], action) == 0)
            return 0;
    if (strcmp(action, "rescreen_results") == 0 || strcmp(action, "expire_due") == 0)
        return -1;
    return 1;
}

/* Run one action; check the audit contract; return rc and (if wanted) the
 * parsed response. */
static int call(fx *f, const exctl_actor *a, const char *action, json_t **out,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int call(fx *f, const exctl_actor *a, const char *action, json_t **out,
                const char *fmt, ...)
{
    char req[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(req, sizeof req, fmt, ap);
    va_end(ap);
    char *resp = NULL;
    exctl_errbuf eb = {{0}};
    size_t before = audit_count(f);
    int rc = exctl_case_apply_json(f->c, a, action, req, &resp, &eb);
    if (getenv("TEST_CASES_TRACE"))
        fprintf(stderr, "%s %s -> %d %s\n", a->user, action, rc, rc ? eb.msg : "");
    if (rc) {
        assert_null(resp);
        assert_true(eb.msg[0] != '\0');              /* every refusal says why */
        assert_int_equal(audit_count(f), before);         /* refused: nothing audited */
    } else {
        assert_non_null(resp);
        if (writes(action) == 1)
            assert_true(audit_count(f) > before);         /* every change audited */
        else if (writes(action) == 0)
            assert_int_equal(audit_count(f), before);
    }
    if (out) {
        json_error_t je;
        *out = resp ? json_loads(resp, 0, &je) : NULL;
    }
    free(resp);
    return rc;
}

#define OK(f, a, act, out, ...) assert_int_equal(call(f, a, act, out, __VA_ARGS__), EXCTL_OK)
#define REFUSED(code, f, a, act, ...) \
    assert_int_equal(call(f, a, act, NULL, __VA_ARGS__), code)

static const char *status_of(json_t *resp)
{
    return json_string_value(json_object_get(json_object_get(resp, "case"), "status"));
}

static json_int_t case_id(json_t *resp)
{
    return json_integer_value(json_object_get(json_object_get(resp, "case"), "id"));
}

static json_t *path(json_t *v, const char *a, const char *b)
{
    v = json_object_get(v, a);
    return b ? json_object_get(v, b) : v;
}

static const char app_alice[] =
    "{\"application\":{\"licence_type\":\"individual\",\"destination\":\"CN\","
    "\"reference\":\"PO-2026-001\","
    "\"goods\":[{\"description\":\"5-axis machining centre\",\"classification\":{\"jp\":\"2(12)\"},"
    "\"quantity\":10,\"unit\":\"pcs\",\"value\":50000000,\"currency\":\"JPY\"},"
    "{\"description\":\"spare spindles\",\"quantity\":100,\"unit\":\"pcs\",\"value\":1000000}],"
    "\"parties\":[{\"role\":\"end_user\",\"name\":\"Shenzhen Precision Ltd\",\"country\":\"CN\"},"
    "{\"role\":\"consignee\",\"name\":\"Harbour Trading Co\",\"country\":\"HK\"}],"
    "\"end_use\":{\"statement\":\"Machining of automotive parts\","
    "\"undertakings\":[\"no military end use\",\"no re-export without consent\"]},"
    "\"documents\":[{\"name\":\"contract.pdf\",\"type\":\"contract\",\"size\":12345}]}}";

static const char app_bob[] =
    "{\"application\":{\"licence_type\":\"individual\",\"destination\":\"IQ\","
    "\"goods\":[{\"description\":\"night vision camera\",\"quantity\":5,\"unit\":\"pcs\","
    "\"value\":2000000}],"
    "\"parties\":[{\"role\":\"end_user\",\"name\":\"Baghdad Security Co\",\"country\":\"IQ\"}],"
    "\"end_use\":{\"statement\":\"site security\"}}}";

static const char app_alice_bulk[] =
    "{\"application\":{\"licence_type\":\"bulk\",\"destination\":\"US\","
    "\"goods\":[{\"description\":\"encryption module\",\"quantity\":1000,\"unit\":\"pcs\","
    "\"value\":10000000}],"
    "\"parties\":[{\"role\":\"purchaser\",\"name\":\"Example Inc\",\"country\":\"US\"}],"
    "\"end_use\":{\"statement\":\"resale to commercial customers\"}}}";

/* --- the full flow ------------------------------------------------------ */

static void full_flow(void **state)
{
    fx *f = *state;
    json_t *r = NULL;

    /* Drafts. */
    OK(f, &alice, "create", &r, "%s", app_alice);
    json_int_t c1 = case_id(r);
    assert_string_equal(status_of(r), "draft");
    assert_string_equal(audit_last(f), "case.create");
    json_decref(r);
    OK(f, &bob, "create", &r, "%s", app_bob);
    json_int_t c2 = case_id(r);
    json_decref(r);
    assert_true(c2 != c1);

    /* Exporters see only their own organisation's cases. */
    REFUSED(EXCTL_ENOTFOUND, f, &bob, "get", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ENOTFOUND, f, &bob, "update", "{\"case\":%lld,\"application\":%s}",
            (long long)c1, "{\"licence_type\":\"bulk\",\"destination\":\"US\"}");
    REFUSED(EXCTL_ENOTFOUND, f, &bob, "submit", "{\"case\":%lld}", (long long)c1);
    OK(f, &bob, "list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 1);
    assert_int_equal(json_integer_value(path(json_array_get(json_object_get(r, "cases"), 0),
                                             "id", NULL)), c2);
    json_decref(r);
    /* Paging: one at a time, with a cursor. */
    OK(f, &erin, "list", &r, "{\"limit\":1}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "next_after")), c1);
    json_decref(r);
    OK(f, &erin, "list", &r, "{\"limit\":1,\"after\":%lld}", (long long)c1);
    assert_int_equal(json_integer_value(path(json_array_get(json_object_get(r, "cases"), 0),
                                             "id", NULL)), c2);
    json_decref(r);
    OK(f, &erin, "list", &r, "{\"limit\":5,\"after\":%lld}", (long long)c2);
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 0);
    assert_true(json_is_null(json_object_get(r, "next_after")));
    json_decref(r);
    REFUSED(EXCTL_EINVAL, f, &erin, "list", "{\"limit\":0}");
    /* ... and cannot widen the listing by asking for another org. */
    OK(f, &bob, "list", &r, "{\"org\":\"ACME\"}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 1);
    json_decref(r);

    /* Out-of-role attempts. */
    REFUSED(EXCTL_EPERM, f, &erin, "create", "%s", app_alice);
    REFUSED(EXCTL_EPERM, f, &rita, "submit", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &alice, "start_review", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &alice, "decide", "{\"case\":%lld,\"outcome\":\"approved\","
            "\"reasons\":\"x\"}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &carl, "refer", "{\"case\":%lld,\"agency\":\"MOFA\","
            "\"question\":\"q\"}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &ada, "submit", "{\"case\":%lld}", (long long)c1);
    exctl_actor ghost = {"ghost", "superuser", NULL};
    REFUSED(EXCTL_EPERM, f, &ghost, "get", "{\"case\":%lld}", (long long)c1);

    /* Illegal transitions from draft. */
    REFUSED(EXCTL_ESTATE, f, &erin, "start_review", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &erin, "issue_licence", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &alice, "appeal", "{\"case\":%lld,\"grounds\":\"g\"}",
            (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":1,"
            "\"value\":1,\"shipment_ref\":\"S\"}", (long long)c1);

    /* Submit with the automatic checks' results: a catch-all item and a
     * listed item raise flags that route the case to the catch-all queue. */
    f->now += 3600;
    OK(f, &alice, "submit", &r, "{\"case\":%lld,\"checks\":{"
       "\"screening\":[{\"party\":0,\"hits\":[]},{\"party\":1,\"hits\":[]}],"
       "\"determination\":[{\"item\":0,\"licence_required\":{\"jp\":true},"
       "\"control_codes\":[\"2(12)\"]},{\"item\":1,\"catch_all\":true}],"
       "\"list_versions\":{\"jp_meti_eul\":\"2025-09-29\"}}}", (long long)c1);
    assert_string_equal(status_of(r), "initial_checks");
    assert_string_equal(json_string_value(path(r, "case", "queue")), "catch_all");
    json_t *flags = path(r, "case", "flags");
    assert_int_equal(json_array_size(flags), 2);
    assert_string_equal(json_string_value(json_array_get(flags, 0)), "license_required_jp");
    assert_string_equal(json_string_value(json_array_get(flags, 1)), "catch_all");
    assert_true(json_is_true(path(path(r, "case", "routing"), "countersign", NULL)));
    assert_string_equal(json_string_value(json_array_get(path(r, "case", "regimes"), 0)), "jp");
    assert_non_null(strstr(audit_actions(f), "case.submit|case.record_checks|"));
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &alice, "submit", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &alice, "update", "{\"case\":%lld,\"application\":%s}",
            (long long)c1, "{\"licence_type\":\"bulk\",\"destination\":\"US\"}");

    /* Bob's case: listed end user, embargoed destination. */
    OK(f, &bob, "submit", &r, "{\"case\":%lld,\"checks\":{\"screening\":[{\"party\":0,"
       "\"hits\":[{\"list\":\"un_sc\",\"entity\":\"QDe.001\",\"name\":\"Baghdad Security\","
       "\"score\":0.93}]}],\"determination\":[{\"item\":0,\"licence_required\":{\"jp\":true}}]}}",
       (long long)c2);
    assert_string_equal(json_string_value(path(r, "case", "queue")), "enforcement");
    flags = path(r, "case", "flags");
    assert_int_equal(json_array_size(flags), 3);   /* end_user_hit, license_required_jp, embargoed */
    json_decref(r);

    /* Examination. */
    OK(f, &erin, "start_review", &r, "{\"case\":%lld}", (long long)c1);
    assert_string_equal(status_of(r), "under_review");
    assert_string_equal(json_string_value(path(r, "case", "assignee")), "erin");
    json_decref(r);

    /* The agency sees nothing before the referral. */
    REFUSED(EXCTL_ENOTFOUND, f, &rita, "get", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ENOTFOUND, f, &rita, "advise", "{\"case\":%lld,\"advice\":\"approve\","
            "\"reasons\":\"r\"}", (long long)c1);
    OK(f, &rita, "list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 0);
    json_decref(r);

    OK(f, &erin, "refer", &r, "{\"case\":%lld,\"agency\":\"MOFA\",\"question\":\"Any foreign"
       " policy concern with this end user?\"}", (long long)c1);
    assert_string_equal(status_of(r), "referred");
    json_decref(r);
    REFUSED(EXCTL_EEXISTS, f, &erin, "refer", "{\"case\":%lld,\"agency\":\"MOFA\","
            "\"question\":\"again\"}", (long long)c1);
    OK(f, &rita, "list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 1);
    json_decref(r);
    REFUSED(EXCTL_ENOTFOUND, f, &mike, "get", "{\"case\":%lld}", (long long)c1);
    /* A second agency is consulted too; each sees only its own referral. */
    OK(f, &erin, "refer", &r, "{\"case\":%lld,\"agency\":\"MOD\",\"question\":\"Military"
       " end-use indicators?\"}", (long long)c1);
    assert_string_equal(status_of(r), "referred");
    assert_int_equal(json_array_size(path(r, "case", "referrals")), 2);
    json_decref(r);
    OK(f, &rita, "get", &r, "{\"case\":%lld}", (long long)c1);
    assert_int_equal(json_array_size(path(r, "case", "referrals")), 1);
    assert_string_equal(json_string_value(path(json_array_get(path(r, "case", "referrals"), 0),
                                               "agency", NULL)), "MOFA");
    size_t i;
    json_t *t;
    json_array_foreach(path(r, "case", "history"), i, t) {
        char *ev = json_dumps(t, JSON_COMPACT);
        assert_non_null(ev);
        assert_null(strstr(ev, "\"MOD\""));
        free(ev);
    }
    json_decref(r);
    OK(f, &mike, "get", NULL, "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ENOTFOUND, f, &rita, "get", "{\"case\":%lld}", (long long)c2);
    REFUSED(EXCTL_EPERM, f, &rita, "decide", "{\"case\":%lld,\"outcome\":\"approved\","
            "\"reasons\":\"x\"}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &erin, "decide", "{\"case\":%lld,\"outcome\":\"approved\","
            "\"reasons\":\"x\"}", (long long)c1);

    /* Advice: a proviso needs its provisos. */
    REFUSED(EXCTL_EINVAL, f, &rita, "advise", "{\"case\":%lld,\"advice\":\"proviso\","
            "\"reasons\":\"r\"}", (long long)c1);
    REFUSED(EXCTL_EINVAL, f, &rita, "advise", "{\"case\":%lld,\"advice\":\"maybe\","
            "\"reasons\":\"r\"}", (long long)c1);
    OK(f, &rita, "advise", &r, "{\"case\":%lld,\"advice\":\"proviso\",\"reasons\":\"civil end"
       " user with a known supply record\",\"provisos\":[\"end-use check visit within 6 months\"]}",
       (long long)c1);
    assert_string_equal(status_of(r), "referred");   /* MOD has not answered yet */
    json_t *ref = json_array_get(path(r, "case", "referrals"), 0);
    assert_string_equal(json_string_value(json_object_get(ref, "advice")), "proviso");
    assert_string_equal(json_string_value(json_object_get(ref, "reviewer")), "rita");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &rita, "advise", "{\"case\":%lld,\"advice\":\"approve\","
            "\"reasons\":\"r\"}", (long long)c1);
    OK(f, &mike, "advise", &r, "{\"case\":%lld,\"advice\":\"approve\",\"reasons\":\"no"
       " military indicators\"}", (long long)c1);
    assert_string_equal(status_of(r), "advice_received");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &rita, "advise", "{\"case\":%lld,\"advice\":\"approve\","
            "\"reasons\":\"r\"}", (long long)c1);

    /* Decision, countersigned (the catch-all route requires it). */
    REFUSED(EXCTL_EINVAL, f, &erin, "decide", "{\"case\":%lld,\"outcome\":"
            "\"approved_with_provisos\",\"reasons\":\"ok\"}", (long long)c1);
    f->now += 10 * 86400;
    OK(f, &erin, "decide", &r, "{\"case\":%lld,\"outcome\":\"approved_with_provisos\","
       "\"reasons\":\"civil use established\",\"provisos\":[\"end-use check visit within 6"
       " months\"]}", (long long)c1);
    assert_string_equal(status_of(r), "countersign");
    assert_true(json_is_null(path(r, "case", "outcome")));
    json_decref(r);
    REFUSED(EXCTL_EPERM, f, &erin, "countersign", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &ada, "countersign", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &alice, "countersign", "{\"case\":%lld}", (long long)c1);
    exctl_actor erin_cs = {"erin", "countersigner", NULL};   /* four eyes */
    REFUSED(EXCTL_EPERM, f, &erin_cs, "countersign", "{\"case\":%lld}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &erin, "issue_licence", "{\"case\":%lld}", (long long)c1);
    OK(f, &carl, "countersign", &r, "{\"case\":%lld,\"note\":\"agreed\"}", (long long)c1);
    assert_string_equal(status_of(r), "decided");
    assert_string_equal(json_string_value(path(r, "case", "outcome")), "approved_with_provisos");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &alice, "appeal", "{\"case\":%lld,\"grounds\":\"g\"}",
            (long long)c1);

    /* Licence: JP individual, 6 months from issue. */
    REFUSED(EXCTL_EPERM, f, &alice, "issue_licence", "{\"case\":%lld}", (long long)c1);
    OK(f, &erin, "issue_licence", &r, "{\"case\":%lld}", (long long)c1);
    assert_string_equal(status_of(r), "licence_issued");
    json_t *lic = path(r, "case", "licence");
    assert_string_equal(json_string_value(json_object_get(lic, "number")), "JP-IND-2026-000001");
    assert_string_equal(json_string_value(json_object_get(lic, "issued_at")),
                        "2026-01-25T01:00:00Z");
    assert_string_equal(json_string_value(json_object_get(lic, "expires_at")),
                        "2026-07-25T01:00:00Z");
    assert_string_equal(json_string_value(json_array_get(json_object_get(lic, "provisos"), 0)),
                        "end-use check visit within 6 months");
    assert_int_equal(json_integer_value(path(json_array_get(json_object_get(lic, "goods"), 0),
                                             "quantity", NULL)), 10);
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &erin, "issue_licence", "{\"case\":%lld}", (long long)c1);

    /* Usage against the licence; over-use refused. */
    OK(f, &alice, "record_usage", &r, "{\"case\":%lld,\"item\":0,\"quantity\":6,"
       "\"value\":30000000,\"shipment_ref\":\"BL-001\",\"shipped_on\":\"2026-02-01\"}",
       (long long)c1);
    json_t *g0 = json_array_get(path(path(r, "case", "licence"), "goods", NULL), 0);
    assert_int_equal(json_integer_value(json_object_get(g0, "remaining_quantity")), 4);
    assert_int_equal(json_integer_value(json_object_get(g0, "remaining_value")), 20000000);
    json_decref(r);
    REFUSED(EXCTL_ENOTFOUND, f, &bob, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":1,"
            "\"value\":1,\"shipment_ref\":\"X\"}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &erin, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":1,"
            "\"value\":1,\"shipment_ref\":\"X\"}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":5,"
            "\"value\":1,\"shipment_ref\":\"BL-002\"}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":4,"
            "\"value\":20000001,\"shipment_ref\":\"BL-002\"}", (long long)c1);
    REFUSED(EXCTL_EINVAL, f, &alice, "record_usage", "{\"case\":%lld,\"item\":7,\"quantity\":1,"
            "\"value\":1,\"shipment_ref\":\"BL-002\"}", (long long)c1);
    OK(f, &alice, "record_usage", &r, "{\"case\":%lld,\"item\":0,\"quantity\":4,"
       "\"value\":20000000,\"shipment_ref\":\"BL-002\"}", (long long)c1);
    g0 = json_array_get(path(path(r, "case", "licence"), "goods", NULL), 0);
    assert_int_equal(json_integer_value(json_object_get(g0, "remaining_quantity")), 0);
    assert_int_equal(json_array_size(path(path(r, "case", "licence"), "usage", NULL)), 2);
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":0,\"quantity\":1,"
            "\"value\":0,\"shipment_ref\":\"BL-003\"}", (long long)c1);
    OK(f, &alice, "get_licence", &r, "{\"number\":\"JP-IND-2026-000001\"}");
    assert_string_equal(json_string_value(path(r, "licence", "status")), "licence_issued");
    json_decref(r);
    REFUSED(EXCTL_ENOTFOUND, f, &bob, "get_licence", "{\"number\":\"JP-IND-2026-000001\"}");

    /* Bob's refusal, countersigned, appealed, appeal dismissed. */
    OK(f, &erin, "start_review", NULL, "{\"case\":%lld}", (long long)c2);
    OK(f, &erin, "decide", &r, "{\"case\":%lld,\"outcome\":\"refused\",\"reasons\":\"listed end"
       " user in an embargoed destination\"}", (long long)c2);
    assert_string_equal(status_of(r), "countersign");
    json_decref(r);
    OK(f, &carl, "countersign", &r, "{\"case\":%lld}", (long long)c2);
    assert_string_equal(json_string_value(path(r, "case", "outcome")), "refused");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &erin, "issue_licence", "{\"case\":%lld}", (long long)c2);
    REFUSED(EXCTL_ENOTFOUND, f, &alice, "appeal", "{\"case\":%lld,\"grounds\":\"g\"}",
            (long long)c2);
    OK(f, &bob, "appeal", &r, "{\"case\":%lld,\"grounds\":\"the end user was misidentified\"}",
       (long long)c2);
    assert_string_equal(status_of(r), "appealed");
    json_decref(r);
    REFUSED(EXCTL_EPERM, f, &erin, "resolve_appeal", "{\"case\":%lld,\"upheld\":false,"
            "\"reasons\":\"r\"}", (long long)c2);
    REFUSED(EXCTL_EPERM, f, &bob, "resolve_appeal", "{\"case\":%lld,\"upheld\":true,"
            "\"reasons\":\"r\"}", (long long)c2);
    OK(f, &carl, "resolve_appeal", &r, "{\"case\":%lld,\"upheld\":false,\"reasons\":\"identity"
       " confirmed by passport number\"}", (long long)c2);
    assert_string_equal(status_of(r), "decided");
    assert_string_equal(json_string_value(path(r, "case", "outcome")), "refused");
    json_decref(r);

    /* A list changes: the parties of open cases and live licences are
     * screened again; a new hit raises an alert, a known one does not. */
    OK(f, &alice, "create", &r, "%s", app_alice_bulk);   /* a draft: not re-screened */
    json_int_t c3 = case_id(r);
    json_decref(r);
    REFUSED(EXCTL_EPERM, f, &alice, "rescreen_targets", "{}");
    OK(f, &erin, "rescreen_targets", &r, "{}");
    json_t *targets = json_object_get(r, "targets");
    assert_int_equal(json_array_size(targets), 3);   /* c1: 2 parties, c2: 1 party */
    json_array_foreach(targets, i, t)
        assert_true(json_integer_value(json_object_get(t, "case")) != c3);
    json_decref(r);
    REFUSED(EXCTL_EPERM, f, &alice, "rescreen_results", "{\"results\":[]}");
    OK(f, &erin, "rescreen_results", &r, "{\"list_version\":\"jp_meti_eul 2026-02-01\","
       "\"results\":[{\"case\":%lld,\"party\":1,\"hits\":[{\"list\":\"jp_meti_eul\","
       "\"entity\":\"EUL-999\",\"name\":\"Harbour Trading\",\"score\":0.91}]},"
       "{\"case\":%lld,\"party\":0,\"hits\":[{\"list\":\"un_sc\",\"entity\":\"QDe.001\"}]}]}",
       (long long)c1, (long long)c2);
    assert_int_equal(json_integer_value(json_object_get(r, "raised")), 1);
    json_int_t alert = json_integer_value(path(json_array_get(json_object_get(r, "alerts"), 0),
                                               "alert", NULL));
    json_decref(r);
    assert_string_equal(audit_last(f), "case.alert");
    size_t audit_before_dup = audit_count(f);
    OK(f, &erin, "rescreen_results", &r, "{\"results\":[{\"case\":%lld,\"party\":1,\"hits\":["
       "{\"list\":\"jp_meti_eul\",\"entity\":\"EUL-999\"}]}]}", (long long)c1);
    assert_int_equal(json_integer_value(json_object_get(r, "raised")), 0);
    json_decref(r);
    assert_int_equal(audit_count(f), audit_before_dup);   /* nothing new, nothing audited */
    OK(f, &alice, "get", &r, "{\"case\":%lld}", (long long)c1);
    /* The applicant sees neither alerts nor referrals, nor their events. */
    assert_null(path(r, "case", "alerts"));
    assert_null(path(r, "case", "referrals"));
    json_array_foreach(path(r, "case", "history"), i, t) {
        assert_string_not_equal(json_string_value(json_object_get(t, "action")), "alert");
        assert_string_not_equal(json_string_value(json_object_get(t, "action")), "refer");
    }
    json_decref(r);
    OK(f, &erin, "get", &r, "{\"case\":%lld}", (long long)c1);
    json_t *alerts = path(r, "case", "alerts");
    assert_int_equal(json_array_size(alerts), 1);
    assert_string_equal(json_string_value(path(json_array_get(alerts, 0), "status", NULL)), "open");
    assert_string_equal(json_string_value(path(json_array_get(alerts, 0), "entity", NULL)),
                        "EUL-999");
    json_decref(r);
    /* Every case's alerts in one listing, for the authority only. */
    OK(f, &erin, "alerts", &r, "{\"status\":\"open\"}");
    alerts = json_object_get(r, "alerts");
    assert_int_equal(json_array_size(alerts), 1);
    assert_int_equal(json_integer_value(path(json_array_get(alerts, 0), "case", NULL)), c1);
    assert_int_equal(json_integer_value(path(json_array_get(alerts, 0), "id", NULL)), alert);
    assert_string_equal(json_string_value(path(json_array_get(alerts, 0), "entity", NULL)),
                        "EUL-999");
    assert_false(json_is_true(json_object_get(r, "truncated")));
    json_decref(r);
    OK(f, &carl, "alerts", &r, "{\"status\":\"acknowledged\"}");
    assert_int_equal(json_array_size(json_object_get(r, "alerts")), 0);
    json_decref(r);
    REFUSED(EXCTL_EPERM, f, &alice, "alerts", "{}");
    REFUSED(EXCTL_EPERM, f, &rita, "alerts", "{}");
    REFUSED(EXCTL_EINVAL, f, &erin, "alerts", "{\"limit\":0}");
    REFUSED(EXCTL_EPERM, f, &alice, "ack_alert", "{\"case\":%lld,\"alert\":%lld,\"note\":\"n\"}",
            (long long)c1, (long long)alert);
    REFUSED(EXCTL_ENOTFOUND, f, &erin, "ack_alert", "{\"case\":%lld,\"alert\":%lld,"
            "\"note\":\"n\"}", (long long)c2, (long long)alert);
    OK(f, &erin, "ack_alert", &r, "{\"case\":%lld,\"alert\":%lld,\"note\":\"consignee under"
       " investigation; licence suspended pending outcome\"}", (long long)c1, (long long)alert);
    assert_string_equal(json_string_value(path(json_array_get(path(r, "case", "alerts"), 0),
                                               "status", NULL)), "acknowledged");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &erin, "ack_alert", "{\"case\":%lld,\"alert\":%lld,\"note\":\"n\"}",
            (long long)c1, (long long)alert);
    OK(f, &ada, "alerts", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "alerts")), 1);
    assert_string_equal(json_string_value(path(json_array_get(json_object_get(r, "alerts"), 0),
                                               "status", NULL)), "acknowledged");
    json_decref(r);
    OK(f, &ada, "alerts", &r, "{\"status\":\"open\"}");
    assert_int_equal(json_array_size(json_object_get(r, "alerts")), 0);
    json_decref(r);

    /* Suspension and reinstatement. */
    REFUSED(EXCTL_EPERM, f, &alice, "suspend", "{\"case\":%lld,\"reasons\":\"r\"}", (long long)c1);
    OK(f, &erin, "suspend", &r, "{\"case\":%lld,\"reasons\":\"re-screening alert\"}",
       (long long)c1);
    assert_string_equal(status_of(r), "suspended");
    assert_string_equal(json_string_value(path(path(r, "case", "licence"), "status", NULL)),
                        "suspended");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":1,\"quantity\":1,"
            "\"value\":1,\"shipment_ref\":\"BL-009\"}", (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &erin, "suspend", "{\"case\":%lld,\"reasons\":\"r\"}", (long long)c1);
    OK(f, &erin, "reinstate", &r, "{\"case\":%lld,\"reasons\":\"investigation closed\"}",
       (long long)c1);
    assert_string_equal(status_of(r), "licence_issued");
    json_decref(r);

    /* Expiry: 6 months after issue. */
    f->now = utc(2026, 7, 25) + 3600 - 1;
    size_t audit_before_sweep = audit_count(f);
    OK(f, &erin, "expire_due", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "expired_cases")), 0);
    json_decref(r);
    assert_int_equal(audit_count(f), audit_before_sweep);
    OK(f, &alice, "record_usage", NULL, "{\"case\":%lld,\"item\":1,\"quantity\":10,"
       "\"value\":100000,\"shipment_ref\":\"BL-004\"}", (long long)c1);
    f->now += 1;
    REFUSED(EXCTL_ESTATE, f, &alice, "record_usage", "{\"case\":%lld,\"item\":1,\"quantity\":10,"
            "\"value\":100000,\"shipment_ref\":\"BL-005\"}", (long long)c1);
    REFUSED(EXCTL_EPERM, f, &alice, "expire_due", "{}");
    OK(f, &ada, "expire_due", &r, "{}");
    assert_string_equal(audit_last(f), "case.expire");
    assert_int_equal(json_array_size(json_object_get(r, "expired_cases")), 1);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "expired_cases"), 0)),
                     c1);
    json_decref(r);
    OK(f, &alice, "get", &r, "{\"case\":%lld}", (long long)c1);
    assert_string_equal(status_of(r), "expired");
    assert_string_equal(json_string_value(path(path(r, "case", "licence"), "status", NULL)),
                        "expired");
    json_t *hist = path(r, "case", "history");
    json_t *last = json_array_get(hist, json_array_size(hist) - 1);
    assert_string_equal(json_string_value(json_object_get(last, "action")), "expire");
    assert_string_equal(json_string_value(json_object_get(last, "actor")), "ada");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &erin, "reinstate", "{\"case\":%lld,\"reasons\":\"r\"}",
            (long long)c1);
    REFUSED(EXCTL_ESTATE, f, &erin, "revoke", "{\"case\":%lld,\"reasons\":\"r\"}", (long long)c1);

    /* A bulk licence with no flags: fast track, no countersigning, 36 months. */
    OK(f, &alice, "submit", &r, "{\"case\":%lld,\"checks\":{\"screening\":[],"
       "\"determination\":[]}}", (long long)c3);
    assert_string_equal(json_string_value(path(r, "case", "queue")), "fast_track");
    json_decref(r);
    OK(f, &erin, "start_review", NULL, "{\"case\":%lld}", (long long)c3);
    OK(f, &erin, "decide", &r, "{\"case\":%lld,\"outcome\":\"approved\",\"reasons\":\"r\"}",
       (long long)c3);
    assert_string_equal(status_of(r), "decided");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &carl, "countersign", "{\"case\":%lld}", (long long)c3);
    OK(f, &erin, "issue_licence", &r, "{\"case\":%lld}", (long long)c3);
    assert_string_equal(json_string_value(path(path(r, "case", "licence"), "number", NULL)),
                        "JP-BLK-2026-000001");
    assert_string_equal(json_string_value(path(path(r, "case", "licence"), "expires_at", NULL)),
                        "2029-07-25T01:00:00Z");
    json_decref(r);
    OK(f, &ada, "revoke", &r, "{\"case\":%lld,\"reasons\":\"company dissolved\"}", (long long)c3);
    assert_string_equal(status_of(r), "revoked");
    json_decref(r);

    /* Statistics. */
    REFUSED(EXCTL_EPERM, f, &alice, "stats", "{}");
    REFUSED(EXCTL_EPERM, f, &rita, "stats", "{}");
    OK(f, &carl, "stats", &r, "{}");
    assert_int_equal(json_integer_value(path(r, "by_status", "expired")), 1);
    assert_int_equal(json_integer_value(path(r, "by_status", "decided")), 1);
    assert_int_equal(json_integer_value(path(r, "by_status", "revoked")), 1);
    assert_int_equal(json_integer_value(path(r, "by_status", "draft")), 0);
    assert_int_equal(json_integer_value(path(r, "by_destination", "CN")), 1);
    assert_int_equal(json_integer_value(path(r, "by_destination", "IQ")), 1);
    assert_int_equal(json_integer_value(path(r, "by_regime", "jp")), 2);
    assert_int_equal(json_integer_value(path(r, "by_regime", "none")), 1);
    assert_int_equal(json_integer_value(path(r, "by_outcome", "refused")), 1);
    assert_int_equal(json_integer_value(path(r, "by_outcome", "approved")), 1);
    assert_int_equal(json_integer_value(path(r, "by_outcome", "approved_with_provisos")), 1);
    json_t *sc = json_object_get(r, "screening");
    assert_int_equal(json_integer_value(json_object_get(sc, "submitted")), 3);
    assert_int_equal(json_integer_value(json_object_get(sc, "with_hits")), 1);
    assert_true(json_real_value(json_object_get(sc, "alert_rate")) > 0.333 &&
                json_real_value(json_object_get(sc, "alert_rate")) < 0.334);
    assert_int_equal(json_integer_value(json_object_get(sc, "rescreen_alerts")), 1);
    json_t *ca = path(r, "processing", "catch_all");
    assert_int_equal(json_integer_value(json_object_get(ca, "decided")), 1);
    assert_int_equal(json_integer_value(json_object_get(ca, "within_service_level")), 1);
    assert_true(json_real_value(json_object_get(ca, "mean_days")) == 10.0);
    json_decref(r);

    /* The history of case 1 holds every state change in order. */
    OK(f, &erin, "get", &r, "{\"case\":%lld}", (long long)c1);
    hist = path(r, "case", "history");
    const char *expect[] = {"create", "submit", "record_checks", "start_review", "refer",
                            "refer", "advise", "advise", "decide", "countersign", "issue_licence", "record_usage",
                            "record_usage", "alert", "ack_alert", "suspend", "reinstate",
                            "record_usage", "expire"};
    assert_int_equal(json_array_size(hist), sizeof expect / sizeof expect[0]);
    for (i = 0; i < sizeof expect / sizeof expect[0]; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(hist, i), "action")),
                            expect[i]);
    json_decref(r);
}

/* A refused audit entry rolls the change back. */
static void audit_failure_rolls_back(void **state)
{
    fx *f = *state;
    json_t *r = NULL;
    char *resp = NULL;
    exctl_errbuf eb = {{0}};
    OK(f, &alice, "create", &r, "%s", app_alice);
    json_int_t id = case_id(r);
    json_decref(r);
    f->audit_fail = 1;
    char req[64];
    snprintf(req, sizeof req, "{\"case\":%lld}", (long long)id);
    assert_int_equal(exctl_case_apply_json(f->c, &alice, "submit", req, &resp, &eb), EXCTL_EDB);
    assert_null(resp);
    assert_non_null(strstr(eb.msg, "audit"));
    f->audit_fail = 0;
    OK(f, &alice, "get", &r, "{\"case\":%lld}", (long long)id);
    assert_string_equal(status_of(r), "draft");
    assert_int_equal(json_array_size(path(r, "case", "history")), 1);
    json_decref(r);
}

static void bad_requests(void **state)
{
    fx *f = *state;
    json_int_t id;
    json_t *r = NULL;
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "{\"application\":");
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "[]");
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "{\"application\":{\"licence_type\":\"individual\","
            "\"destination\":\"cn\"}}");
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "{\"application\":{\"licence_type\":\"open\","
            "\"destination\":\"CN\"}}");
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "{\"application\":{\"licence_type\":\"individual\","
            "\"destination\":\"CN\",\"enduser\":{}}}");
    REFUSED(EXCTL_EINVAL, f, &alice, "create", "{\"application\":{\"licence_type\":\"individual\","
            "\"destination\":\"CN\",\"goods\":[{\"description\":\"x\",\"quantity\":1.5,"
            "\"unit\":\"kg\",\"value\":1}]}}");
    REFUSED(EXCTL_EINVAL, f, &alice, "frobnicate", "{}");
    exctl_actor noorg = {"nobody", "exporter", NULL};
    REFUSED(EXCTL_EINVAL, f, &noorg, "create", "%s", app_alice);
    /* An incomplete draft is fine, its submission is not. */
    OK(f, &alice, "create", &r, "{\"application\":{\"licence_type\":\"individual\","
       "\"destination\":\"CN\"}}");
    id = case_id(r);
    json_decref(r);
    REFUSED(EXCTL_EINVAL, f, &alice, "submit", "{\"case\":%lld}", (long long)id);
    /* Checks naming a party that does not exist. */
    OK(f, &alice, "update", NULL, "{\"case\":%lld,%s", (long long)id, app_alice + 1);
    REFUSED(EXCTL_EINVAL, f, &alice, "submit", "{\"case\":%lld,\"checks\":{\"screening\":"
            "[{\"party\":5,\"hits\":[]}]}}", (long long)id);
    REFUSED(EXCTL_ENOTFOUND, f, &alice, "get", "{\"case\":999}");
    /* Submission without checks waits in "submitted" for record_checks. */
    OK(f, &alice, "submit", &r, "{\"case\":%lld}", (long long)id);
    assert_string_equal(status_of(r), "submitted");
    json_decref(r);
    REFUSED(EXCTL_ESTATE, f, &erin, "start_review", "{\"case\":%lld}", (long long)id);
    REFUSED(EXCTL_EPERM, f, &alice, "record_checks", "{\"case\":%lld,\"checks\":{}}",
            (long long)id);
    OK(f, &erin, "record_checks", &r, "{\"case\":%lld,\"checks\":{\"screening\":[{\"party\":0,"
       "\"hits\":[{\"list\":\"jp_meti_eul\",\"entity\":\"E1\"}]}]}}", (long long)id);
    assert_string_equal(status_of(r), "initial_checks");
    assert_string_equal(json_string_value(path(r, "case", "queue")), "enforcement");
    json_decref(r);
    /* A stored document damaged outside the library: a clear error, no crash. */
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE case_cases SET doc='{\"application\": [' WHERE id=%lld",
             (long long)id);
    raw(f, sql);
    REFUSED(EXCTL_EDB, f, &erin, "get", "{\"case\":%lld}", (long long)id);
    REFUSED(EXCTL_EDB, f, &erin, "start_review", "{\"case\":%lld}", (long long)id);
    OK(f, &erin, "rescreen_targets", NULL, "{}");
    OK(f, &erin, "stats", NULL, "{}");
}

static void compliance_records(void **state)
{
    fx *f = *state;
    json_t *r = NULL;
    OK(f, &alice, "icp_checklist", &r, "{}");
    json_t *secs = path(r, "checklist", "sections");
    assert_true(json_array_size(secs) >= 5);
    /* Build a full answer set from the checklist itself: all yes but 4-2. */
    json_t *answers = json_object();
    size_t i, j;
    json_t *s, *it;
    json_array_foreach(secs, i, s)
        json_array_foreach(json_object_get(s, "items"), j, it) {
            const char *id = json_string_value(json_object_get(it, "id"));
            json_object_set_new(answers, id, json_string(strcmp(id, "4-2") ? "yes" : "no"));
        }
    size_t nitems = json_object_size(answers);
    json_decref(r);
    char *full = json_dumps(answers, JSON_SORT_KEYS | JSON_COMPACT);
    json_object_del(answers, "1-1");
    char *partial = json_dumps(answers, JSON_SORT_KEYS | JSON_COMPACT);
    json_object_set_new(answers, "1-1", json_string("yes"));
    json_object_set_new(answers, "99-9", json_string("yes"));
    char *extra = json_dumps(answers, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(answers);

    REFUSED(EXCTL_EINVAL, f, &alice, "icp_assess", "{\"answers\":%s}", partial);
    REFUSED(EXCTL_EINVAL, f, &alice, "icp_assess", "{\"answers\":%s}", extra);
    REFUSED(EXCTL_EPERM, f, &rita, "icp_assess", "{\"answers\":%s}", full);
    OK(f, &alice, "icp_assess", &r, "{\"answers\":%s,\"notes\":\"annual self-check\"}", full);
    json_t *rec = json_object_get(r, "record");
    assert_string_equal(json_string_value(json_object_get(rec, "org")), "ACME");
    assert_int_equal(json_integer_value(json_object_get(rec, "no")), 1);
    assert_int_equal(json_integer_value(json_object_get(rec, "yes")), (json_int_t)nitems - 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(rec, "required_gaps"),
                                                         0)), "4-2");
    assert_string_equal(audit_last(f), "compliance.icp_assessment");
    json_decref(r);
    free(full);
    free(partial);
    free(extra);

    REFUSED(EXCTL_EPERM, f, &alice, "visit_record", "{\"org\":\"ACME\",\"date\":\"2026-03-01\","
            "\"findings\":[]}");
    REFUSED(EXCTL_EINVAL, f, &erin, "visit_record", "{\"org\":\"ACME\",\"date\":\"1 March\","
            "\"findings\":[]}");
    OK(f, &erin, "visit_record", NULL, "{\"org\":\"ACME\",\"date\":\"2026-03-01\",\"findings\":"
       "[{\"severity\":\"minor\",\"text\":\"classification records incomplete\","
       "\"icp_item\":\"3-2\"}]}");
    REFUSED(EXCTL_EINVAL, f, &erin, "violation_record", "{\"org\":\"Globex\",\"description\":"
            "\"unlicensed export\",\"penalty\":{\"type\":\"export_ban\"}}");
    OK(f, &erin, "violation_record", NULL, "{\"org\":\"Globex\",\"description\":\"unlicensed"
       " export of item 2(12)\",\"penalty\":{\"type\":\"export_ban\",\"months\":3},"
       "\"mitigation\":\"voluntary disclosure\"}");
    REFUSED(EXCTL_EPERM, f, &bob, "violation_record", "{\"org\":\"Globex\",\"description\":\"d\","
            "\"penalty\":{\"type\":\"warning\"}}");

    const exctl_actor univ = {"uma", "exporter", "Example University"};
    REFUSED(EXCTL_EINVAL, f, &univ, "deemed_export_record", "{\"person\":{\"name\":\"A\"},"
            "\"tokutei_ruigata\":{\"declared\":true,\"category\":\"none\"},"
            "\"screening\":{\"result\":\"clear\"},\"technologies\":[{\"description\":\"t\"}]}");
    OK(f, &univ, "deemed_export_record", &r, "{\"person\":{\"name\":\"Visiting Researcher A\","
       "\"nationality\":\"XX\"},\"tokutei_ruigata\":{\"declared\":true,\"category\":\"2\"},"
       "\"technologies\":[{\"description\":\"carbon fibre layup process\","
       "\"classification\":\"5(2)\"}],\"screening\":{\"result\":\"clear\"},"
       "\"date\":\"2026-04-01\"}");
    assert_string_equal(json_string_value(path(r, "record", "assessment")),
                        "licence_check_required");
    json_decref(r);
    OK(f, &univ, "deemed_export_record", &r, "{\"person\":{\"name\":\"Student B\"},"
       "\"tokutei_ruigata\":{\"declared\":false,\"category\":\"none\"},"
       "\"technologies\":[{\"description\":\"public lecture material\"}],"
       "\"screening\":{\"result\":\"clear\"}}");
    assert_string_equal(json_string_value(path(r, "record", "assessment")), "no_issue_found");
    json_decref(r);

    /* Exporters see their own records only; the examiner sees all. */
    OK(f, &bob, "compliance_list", &r, "{\"org\":\"ACME\"}");
    json_t *recs = json_object_get(r, "records");
    assert_int_equal(json_array_size(recs), 1);   /* Globex's violation only */
    assert_string_equal(json_string_value(path(json_array_get(recs, 0), "org", NULL)), "Globex");
    json_decref(r);
    OK(f, &erin, "compliance_list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "records")), 5);
    json_decref(r);
    OK(f, &erin, "compliance_list", &r, "{\"kind\":\"deemed_export\"}");
    assert_int_equal(json_array_size(json_object_get(r, "records")), 2);
    json_decref(r);
}

/* --- rule files --------------------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

static const char *const wf_files[] = {"transitions.json", "roles.json", "routing.json",
                                       "licences.json", "icp_checklist.json"};

/* Copy the bundled rules to dir, replace `name` with `content`, load. */
static int load_variant(const char *dir, const char *name, const char *content,
                        exctl_errbuf *eb)
{
    char a[256], b[256];
    for (size_t i = 0; i < sizeof wf_files / sizeof wf_files[0]; i++) {
        snprintf(a, sizeof a, "%s/workflow/%s", EXCTL_TEST_DATA_DIR, wf_files[i]);
        snprintf(b, sizeof b, "%s/%s", dir, wf_files[i]);
        copy_file(a, b);
    }
    if (name) {
        snprintf(b, sizeof b, "%s/%s", dir, name);
        FILE *fp = fopen(b, "wb");
        assert_non_null(fp);
        fputs(content, fp);
        fclose(fp);
    }
    exctl_workflow *wf = NULL;
    memset(eb, 0, sizeof *eb);
    int rc = exctl_workflow_load(dir, &wf, eb);
    exctl_workflow_free(wf);
    return rc;
}

/* Replace the first occurrence of `from` in the bundled file with `to`. */
static char *bundled_with(const char *name, const char *from, const char *to)
{
    char p[256];
    snprintf(p, sizeof p, "%s/workflow/%s", EXCTL_TEST_DATA_DIR, name);
    FILE *fp = fopen(p, "rb");
    assert_non_null(fp);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    char *at = strstr(buf, from);
    assert_non_null(at);
    size_t len = n - strlen(from) + strlen(to) + 1;
    char *out = malloc(len);
    snprintf(out, len, "%.*s%s%s", (int)(at - buf), buf, to, at + strlen(from));
    return out;
}

static void rule_files_validated(void **state)
{
    fx *f = *state;
    exctl_errbuf eb;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/wf", f->env.dir);
    assert_int_equal(mkdir(dir, 0700), 0);

    assert_int_equal(load_variant(dir, NULL, NULL, &eb), EXCTL_OK);

    /* Syntax error: file name and line. */
    assert_int_equal(load_variant(dir, "transitions.json", "{\n  \"version\": 1,\n  \"initial\" "
                                  "\"draft\"\n}\n", &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "transitions.json:3:"));

    char *v = bundled_with("transitions.json", "\"from\": [\"draft\"], \"to\": [\"submitted\"]",
                           "\"from\": [\"drafts\"], \"to\": [\"submitted\"]");
    assert_int_equal(load_variant(dir, "transitions.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "transitions.json"));
    assert_non_null(strstr(eb.msg, "unknown status \"drafts\""));
    free(v);

    v = bundled_with("transitions.json", "{\"action\": \"countersign\",",
                     "{\"action\": \"countersigned\",");
    assert_int_equal(load_variant(dir, "transitions.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "unknown action \"countersigned\""));
    free(v);

    v = bundled_with("transitions.json",
                     "{\"action\": \"return\",         \"from\": [\"countersign\"], \"to\": "
                     "[\"under_review\"]},", "");
    assert_int_equal(load_variant(dir, "transitions.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "no transition for action \"return\""));
    free(v);

    v = bundled_with("transitions.json", "{\"name\": \"expired\"", "{\"name\": \"lapsed\"");
    assert_int_equal(load_variant(dir, "transitions.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "\"expired\" is required"));
    free(v);

    v = bundled_with("roles.json", "\"advise\", \"get\"", "\"advice\", \"get\"");
    assert_int_equal(load_variant(dir, "roles.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "roles.json"));
    assert_non_null(strstr(eb.msg, "roles.agency_reviewer.actions"));
    free(v);

    v = bundled_with("roles.json", "\"advise\", \"get\"", "\"expire\", \"get\"");
    assert_int_equal(load_variant(dir, "roles.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "internal"));
    free(v);

    v = bundled_with("roles.json", "\"advise\", \"get\"", "\"stats\", \"advise\", \"get\"");
    assert_int_equal(load_variant(dir, "roles.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "needs scope \"all\""));
    free(v);

    v = bundled_with("routing.json", "\"queue\": \"catch_all\"", "\"queue\": \"catchall\"");
    assert_int_equal(load_variant(dir, "routing.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "routing.json: rules[2].queue"));
    free(v);

    v = bundled_with("routing.json", "\"when_any\": [\"catch_all\"]", "\"when_any\": [\"catchall\"]");
    assert_int_equal(load_variant(dir, "routing.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "undeclared flag \"catchall\""));
    free(v);

    v = bundled_with("licences.json", "\"validity_months\": 6", "\"validity_months\": \"6\"");
    assert_int_equal(load_variant(dir, "licences.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "licences.json: types.individual.validity_months"));
    free(v);

    v = bundled_with("icp_checklist.json", "{\"id\": \"1-2\"", "{\"id\": \"1-1\"");
    assert_int_equal(load_variant(dir, "icp_checklist.json", v, &eb), EXCTL_EPARSE);
    assert_non_null(strstr(eb.msg, "duplicate item id \"1-1\""));
    free(v);

    char p[256];
    snprintf(p, sizeof p, "%s/roles.json", dir);
    unlink(p);
    memset(&eb, 0, sizeof eb);
    exctl_workflow *wf = NULL;
    assert_int_equal(exctl_workflow_load(dir, &wf, &eb), EXCTL_EIO);
    assert_non_null(strstr(eb.msg, "roles.json"));
    assert_null(wf);
    for (size_t i = 0; i < sizeof wf_files / sizeof wf_files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, wf_files[i]);
        unlink(p);
    }
    rmdir(dir);
}

static void schema_versioned(void **state)
{
    fx *f = *state;
    exctl_errbuf eb = {{0}};
    exctl_cases *again = NULL;
    /* Reopening an existing store keeps it. */
    assert_int_equal(open_cases(&f->db, f->wf, &again, &eb), EXCTL_OK);
    exctl_cases_close(again);
    raw(f, "INSERT INTO case_schema(version) VALUES(99)");
    again = NULL;
    assert_int_equal(open_cases(&f->db, f->wf, &again, &eb), EXCTL_EDB);
    assert_non_null(strstr(eb.msg, "newer"));
    assert_null(again);
    /* Inside the caller's own transaction the store nests (savepoint). */
    raw(f, "DELETE FROM case_schema WHERE version=99");
    raw(f, "BEGIN");
    json_t *r = NULL;
    OK(f, &alice, "create", &r, "%s", app_alice);
    json_decref(r);
    raw(f, "ROLLBACK");
    OK(f, &alice, "list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 0);
    json_decref(r);
}

/* Data-driven: for every status, every action whose transition does not
 * start there is refused with EXCTL_ESTATE; for every role, every action
 * the matrix does not grant is refused with EXCTL_EPERM. The status is set
 * directly in the table so that all statuses are reached. */
static void matrix_enforced(void **state)
{
    fx *f = *state;
    json_t *r = NULL;
    json_error_t je;
    json_t *tr = json_load_file(EXCTL_TEST_DATA_DIR "/workflow/transitions.json", 0, &je);
    json_t *roles = json_load_file(EXCTL_TEST_DATA_DIR "/workflow/roles.json", 0, &je);
    assert_non_null(tr);
    assert_non_null(roles);
    OK(f, &alice, "create", &r, "%s", app_alice);
    json_int_t id = case_id(r);
    json_decref(r);
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO case_referrals(case_id, agency, status, created_at,"
             " doc) VALUES(%lld, 'MOFA', 'open', 0, '{}')", (long long)id);
    raw(f, sql);

    const exctl_actor *by_role[] = {&alice, &erin, &rita, &carl, &ada};
    const char *role_names[] = {"exporter", "examiner", "agency_reviewer", "countersigner",
                                "admin"};
    size_t refused_state = 0, refused_role = 0;
    size_t i, j, k;
    json_t *st, *t, *v;
    json_array_foreach(json_object_get(tr, "statuses"), i, st) {
        const char *status = json_string_value(json_object_get(st, "name"));
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        const char *args[] = {status, idtext};
        assert_int_equal(tb_exec_params(&f->db, "UPDATE case_cases SET status=$1"
                                                " WHERE id=CAST($2 AS BIGINT)", 2, args), 0);
        json_array_foreach(json_object_get(tr, "transitions"), j, t) {
            const char *action = json_string_value(json_object_get(t, "action"));
            int from_here = 0;
            json_array_foreach(json_object_get(t, "from"), k, v)
                from_here |= strcmp(json_string_value(v), status) == 0;
            if (from_here)
                continue;
            /* Someone allowed to do it, so that only the status is wrong. */
            for (k = 0; k < 5; k++) {
                json_t *acts = path(json_object_get(roles, "roles"), role_names[k], "actions");
                size_t m;
                int may = 0;
                json_array_foreach(acts, m, v)
                    may |= strcmp(json_string_value(v), action) == 0;
                if (!may)
                    continue;
                REFUSED(EXCTL_ESTATE, f, by_role[k], action, "{\"case\":%lld}", (long long)id);
                refused_state++;
                break;
            }
        }
    }
    for (k = 0; k < 5; k++) {
        json_t *acts = path(json_object_get(roles, "roles"), role_names[k], "actions");
        for (const char *const *a = exctl_case_actions(); *a; a++) {
            int may = 0;
            json_array_foreach(acts, j, v)
                may |= strcmp(json_string_value(v), *a) == 0;
            if (may)
                continue;
            REFUSED(EXCTL_EPERM, f, by_role[k], *a, "{\"case\":%lld}", (long long)id);
            refused_role++;
        }
        REFUSED(EXCTL_EINVAL, f, by_role[k], "expire", "{\"case\":%lld}", (long long)id);
    }
    assert_true(refused_state > 100);
    assert_true(refused_role > 60);
    json_decref(tr);
    json_decref(roles);
}

/* Two connections (as two server threads would have) record shipments
 * against the same licence at once: the balance check and the insert share
 * one IMMEDIATE transaction, so exactly the licensed quantity goes through
 * and everything beyond it is refused. */
typedef struct shipper {
    const tb_env *env;
    const exctl_workflow *wf;
    json_int_t case_id;
    int ok, over, other;
} shipper;

static void *ship(void *arg)
{
    shipper *sh = arg;
    tb_conn db;
    exctl_cases *c = NULL;
    exctl_errbuf eb = {{0}};
    if (tb_connect(sh->env, &db))
        return NULL;
    if (open_cases(&db, sh->wf, &c, &eb) == EXCTL_OK) {
        for (int i = 0; i < 40; i++) {
            char req[160], *resp = NULL;
            snprintf(req, sizeof req, "{\"case\":%lld,\"item\":0,\"quantity\":1,\"value\":0,"
                     "\"shipment_ref\":\"S-%p-%d\"}", (long long)sh->case_id, (void *)sh, i);
            int rc = exctl_case_apply_json(c, &alice, "record_usage", req, &resp, &eb);
            free(resp);
            if (rc == EXCTL_OK)
                sh->ok++;
            else if (rc == EXCTL_ESTATE)
                sh->over++;
            else
                sh->other++;
        }
    }
    exctl_cases_close(c);
    tb_close(&db);
    return NULL;
}

static void concurrent_usage(void **state)
{
    fx *f = *state;
    json_t *r = NULL;
    if (!f->env.pg)
        raw(f, "PRAGMA journal_mode=WAL");
    f->now = (int64_t)time(NULL);   /* the threads use the real clock */
    OK(f, &alice, "create", &r, "{\"application\":{\"licence_type\":\"bulk\","
       "\"destination\":\"US\",\"goods\":[{\"description\":\"module\",\"quantity\":50,"
       "\"unit\":\"pcs\",\"value\":0}],\"parties\":[{\"role\":\"purchaser\","
       "\"name\":\"Example Inc\"}],\"end_use\":{\"statement\":\"resale\"}}}");
    json_int_t id = case_id(r);
    json_decref(r);
    OK(f, &alice, "submit", NULL, "{\"case\":%lld,\"checks\":{}}", (long long)id);
    OK(f, &erin, "start_review", NULL, "{\"case\":%lld}", (long long)id);
    OK(f, &erin, "decide", NULL, "{\"case\":%lld,\"outcome\":\"approved\",\"reasons\":\"r\"}",
       (long long)id);
    OK(f, &erin, "issue_licence", NULL, "{\"case\":%lld}", (long long)id);
    shipper a = {&f->env, f->wf, id, 0, 0, 0}, b = a;
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, ship, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, ship, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.other + b.other, 0);
    assert_int_equal(a.ok + b.ok, 50);
    assert_int_equal(a.over + b.over, 30);
    OK(f, &alice, "get", &r, "{\"case\":%lld}", (long long)id);
    json_t *g0 = json_array_get(path(path(r, "case", "licence"), "goods", NULL), 0);
    assert_int_equal(json_integer_value(json_object_get(g0, "used_quantity")), 50);
    assert_int_equal(json_integer_value(json_object_get(g0, "remaining_quantity")), 0);
    json_decref(r);
}

/* PostgreSQL: the next action after the server dropped the connection
 * (restart, failover) reconnects instead of failing. */
static void survives_dropped_connection(void **state)
{
    fx *f = *state;
    json_t *r = NULL;
    if (!f->env.pg)
        skip();
    tb_conn other;
    char sql[64];
    assert_int_equal(tb_connect(&f->env, &other), 0);
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)", PQbackendPID(f->db.pg));
    assert_int_equal(tb_exec(&other, sql), 0);
    tb_close(&other);
    /* Straight to the library: the test's own helpers would use the dead
     * connection first. */
    char *resp = NULL;
    exctl_errbuf eb = {{0}};
    int rc = exctl_case_apply_json(f->c, &alice, "create", app_alice, &resp, &eb);
    if (rc)
        fprintf(stderr, "create: %s\n", eb.msg);
    assert_int_equal(rc, EXCTL_OK);
    free(resp);
    assert_int_equal(audit_count(f), 1);
    OK(f, &alice, "list", &r, "{}");
    assert_int_equal(json_array_size(json_object_get(r, "cases")), 1);
    json_decref(r);
}

static void actions_listed(void **state)
{
    (void)state;
    const char *const *a = exctl_case_actions();
    size_t n = 0;
    int has_submit = 0, has_expire = 0;
    for (; a[n]; n++) {
        has_submit |= strcmp(a[n], "submit") == 0;
        has_expire |= strcmp(a[n], "expire") == 0;
    }
    assert_true(n > 20);
    assert_true(has_submit);
    assert_false(has_expire);   /* internal: only through expire_due */
}

int main(void)
{
    int skip = tb_skip_code("test_cases");
    if (skip)
        return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(full_flow, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_failure_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(compliance_records, setup, teardown),
        cmocka_unit_test_setup_teardown(rule_files_validated, setup, teardown),
        cmocka_unit_test_setup_teardown(schema_versioned, setup, teardown),
        cmocka_unit_test_setup_teardown(matrix_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_usage, setup, teardown),
        cmocka_unit_test_setup_teardown(survives_dropped_connection, setup, teardown),
        cmocka_unit_test(actions_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
