/*
 * Allocation-failure test mode (as SQLite's and curl's test suites do).
 *
 * The executable is linked with -Wl,--wrap=malloc,... so that every
 * allocation the library makes goes through the wrappers below (with
 * ALLOC_FAIL_LIBS set, jansson's and libxml2's too, via their hooks).
 * Each operation is first run once to record its result, then run again
 * with allocation N failing, for N = 1, 2, ... until a run makes fewer than
 * N allocations (every allocation point has been failed once). Each failed
 * run must return EXCTL_ENOMEM (a clean error), leave
 * the list set as it was, and leak nothing (live-allocation balance here;
 * LeakSanitizer too in the ASan build). A run whose injected failure was
 * absorbed must give exactly the recorded result: a success that silently
 * lost data is the worst outcome for a screening list.
 *
 * Operations whose first run fails (a loader not written yet) are reported
 * as skipped, not failed, so the test follows the code as it lands.
 * With ALLOC_FAIL_LIBS set each failing run happens in a forked child, so
 * that a crash inside jansson or libxml2 is reported instead of ending the
 * test; known bugs of those libraries excuse only their own kind of problem
 * (a crash, a silently dropped byte), so the loaders' error codes are still
 * asserted for the same operations.
 * Usage: alloc_fail [OPERATION-SUBSTRING]... (all by default).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/wait.h>
#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <zlib.h>
#include "core/core.h"
#include "exctl/screen.h"
#include "lists/load_mem.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define XC_HAVE_LSAN 1
#endif

/* --- the allocator wrappers ------------------------------------------- */
void *__real_malloc(size_t n);
void *__real_calloc(size_t a, size_t b);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t a, size_t b);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long g_count;      /* allocations made since arming */
static long g_fail_at;    /* 0: never fail */
static bool g_injected;   /* the failure happened in this run */
static bool g_suspended;  /* the test's own bookkeeping: not counted */

static bool fail_now(void)
{
    if (g_suspended)
        return false;
    g_count++;
    if (g_fail_at && g_count == g_fail_at) {
        g_injected = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t a, size_t b) { return fail_now() ? NULL : __real_calloc(a, b); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}
static char *xml_strdup(const char *s) { return __wrap_strdup(s); }

/* --- operations ---------------------------------------------------------- */

/* An operation runs once and returns its rc; on success it writes a
 * signature of its result into sig so that runs can be compared. */
typedef int (*op_fn)(const void *arg, xc_buf *sig);

typedef struct op {
    char name[160];
    op_fn fn;
    const void *arg;
    char path[1024];
    char format[64];
} op;

static int sig_add(xc_buf *sig, const char *s)
{
    return xc_buf_puts(sig, s ? s : "(null)") || xc_buf_putc(sig, '\n') ? EXCTL_ENOMEM : 0;
}

static int op_csv(const void *arg, xc_buf *sig)
{
    const op *o = arg;
    char *data = NULL;
    size_t len = 0;
    exctl_errbuf eb = {{0}};
    int rc = xc_read_file(o->path, &data, &len, &eb);
    if (rc)
        return rc;
    xc_csv c;
    xc_csv_init(&c, data, len, strstr(o->path, ".tsv") ? '\t' : ',');
    int r;
    while ((r = xc_csv_next(&c, o->path, &eb)) == 1) {
        for (size_t i = 0; i < c.nfields; i++) {
            xc_buf cl;
            xc_buf_init(&cl);
            size_t n;
            const char *f = xc_csv_field(&c, i, &n);
            int crc = xc_utf8_valid(f, n) ? xc_text_clean(&cl, f, n) : 0;
            if (!crc)
                crc = sig_add(sig, cl.data ? xc_buf_cstr(&cl) : "");
            xc_buf_free(&cl);
            if (crc) {
                r = -crc;
                break;
            }
        }
        if (r < 0)
            break;
    }
    xc_csv_free(&c);
    free(data);
    return r < 0 ? -r : 0;
}

/* The signature is the test's oracle, not the operation under test: it is
 * computed with failure injection suspended. */
static int sig_list(const exctl_list *l, xc_buf *sig)
{
    bool was = g_suspended;
    g_suspended = true;
    char line[128];
    snprintf(line, sizeof line, "%zu entities %zu names %zu rows", exctl_list_entity_count(l),
             exctl_list_name_count(l), exctl_list_rows(l));
    int rc = sig_add(sig, line);
    for (size_t i = 0; !rc && i < exctl_list_entity_count(l); i++) {
        char *ftm = NULL;
        rc = exctl_entity_to_ftm(exctl_list_entity(l, i), &ftm);
        if (!rc)
            rc = sig_add(sig, ftm);
        exctl_free(ftm);
    }
    g_suspended = was;
    return rc;
}

/* Load a list of one format from memory, then write every entity as FtM
 * JSON (the export path) when with_ftm is set. */
static int load_mem(const void *arg, xc_buf *sig, bool with_ftm)
{
    const op *o = arg;
    char *data = NULL;
    size_t len = 0;
    exctl_listset *ls = NULL;
    exctl_errbuf eb = {{0}};
    int rc = xc_read_file(o->path, &data, &len, &eb);
    if (!rc)
        rc = exctl_listset_new(&ls);
    exctl_list *l = NULL;
    if (!rc)
        rc = xc_load_buffer(ls, o->format, "alloc-test", data, len, NULL, &l, &eb);
    if (rc && ls && exctl_listset_count(ls) != 0) {
        fprintf(stderr, "  a failed load left a list in the set\n");
        rc = EXCTL_EINTERNAL;
    }
    if (rc && rc != EXCTL_ENOMEM && eb.msg[0])
        fprintf(stderr, "  (%s)\n", eb.msg);
    for (size_t i = 0; !rc && with_ftm && i < exctl_list_entity_count(l); i++) {
        char *ftm = NULL;
        rc = exctl_entity_to_ftm(exctl_list_entity(l, i), &ftm);
        exctl_free(ftm);
    }
    if (!rc)
        rc = sig_list(l, sig);
    exctl_listset_free(ls);
    free(data);
    return rc;
}

static int op_load_mem(const void *arg, xc_buf *sig) { return load_mem(arg, sig, false); }
static int op_load_ftm(const void *arg, xc_buf *sig) { return load_mem(arg, sig, true); }

/* Load a list from a gzipped file on disk, as the bundled lists are. */
static int op_load_file(const void *arg, xc_buf *sig)
{
    const op *o = arg;
    exctl_listset *ls = NULL;
    exctl_errbuf eb = {{0}};
    exctl_load_opts opts = {.format = o->format};
    exctl_list *l = NULL;
    int rc = exctl_listset_new(&ls);
    if (!rc)
        rc = exctl_listset_load_file(ls, o->path, &opts, &l, &eb);
    if (rc && ls && exctl_listset_count(ls) != 0) {
        fprintf(stderr, "  a failed load left a list in the set\n");
        rc = EXCTL_EINTERNAL;
    }
    if (!rc)
        rc = sig_list(l, sig);
    exctl_listset_free(ls);
    return rc;
}

/* Load a list, build a screener over it and screen a few names (the
 * screening path: normaliser, index, scorer, explanation). */
static int op_screen(const void *arg, xc_buf *sig)
{
    static const char *const names[] = {"Ivan Petrov", "ACME Kabushiki Kaisha", "SEA STAR",
                                        "Иван Петров"};
    const op *o = arg;
    char *data = NULL;
    size_t len = 0;
    exctl_listset *ls = NULL;
    exctl_screener *scr = NULL;
    exctl_errbuf eb = {{0}};
    int rc = xc_read_file(o->path, &data, &len, &eb);
    if (!rc)
        rc = exctl_listset_new(&ls);
    if (!rc)
        rc = xc_load_buffer(ls, o->format, "alloc-test", data, len, NULL, NULL, &eb);
    if (!rc)
        rc = exctl_screener_new(ls, &scr, &eb);
    for (size_t i = 0; !rc && i < XC_ARRAY_LEN(names); i++) {
        exctl_query q = {.name = names[i]};
        exctl_screen_opts so = {.threshold = 0.5, .limit = 5, .explain = 1};
        exctl_matches *m = NULL;
        rc = exctl_screen(scr, &q, &so, &m, &eb);
        bool was = g_suspended;
        g_suspended = true;
        for (size_t k = 0; !rc && k < exctl_matches_count(m); k++) {
            const exctl_match *x = exctl_matches_at(m, k);
            char line[256];
            snprintf(line, sizeof line, "%s %s %.4f", names[i], x->entity_id, x->score);
            rc = sig_add(sig, line);
            if (!rc)
                rc = sig_add(sig, x->explain);
        }
        g_suspended = was;
        exctl_matches_free(m);
    }
    exctl_screener_free(scr);
    exctl_listset_free(ls);
    free(data);
    return rc;
}

/* --- the driver ------------------------------------------------------------ */

#ifdef XC_HAVE_LSAN
static bool g_leaked;
#endif

/* Print the first line where two signatures differ. */
static void show_diff(xc_buf *a, xc_buf *b)
{
    const char *p = xc_buf_cstr(a), *q = xc_buf_cstr(b);
    while (*p && *p == *q)
        p++, q++;
    while (p > a->data && p[-1] != '\n')
        p--, q--;
    fprintf(stderr, "  expected: %.*s\n  got:      %.*s\n", (int)strcspn(p, "\n"), p,
            (int)strcspn(q, "\n"), q);
}

/* Problems, by kind: a known bug in a library exctl uses excuses only its
 * own kind, so the other checks keep asserting on the same operation. */
enum { P_RC, P_LOST, P_CRASH, P_LEAK, P_NONDET, P_KINDS };
static const char *const kind_names[P_KINDS] = {"rc", "lost", "crash", "leak", "nondet"};

/* Bugs of the libraries below exctl that the library mode (ALLOC_FAIL_LIBS)
 * runs into; each entry names the operation (substring), the problem kind
 * it excuses and the bug. None is an exctl bug. */
#define JANSSON_DROP "jansson 2.14's lexer drops a byte of a string when its buffer cannot " \
                     "grow, and the parse succeeds"
#define LIBXML_NULL "libxml2 2.9.14 dereferences NULL in xmlParseDocument when an " \
                    "allocation fails early in a parse"
static const struct { const char *op; int kind, rc; const char *bug; } known_bugs[] = {
    {"meti-json", P_LOST, 0, JANSSON_DROP},
    {"meti_json", P_LOST, 0, JANSSON_DROP},
    /* the dropped byte can split a UTF-8 sequence: the record is refused */
    {"meti-json", P_RC, EXCTL_EUTF8, JANSSON_DROP},
    {"meti_json", P_RC, EXCTL_EUTF8, JANSSON_DROP},
    {"ftm-json", P_LOST, 0, JANSSON_DROP},
    {"ftm_json", P_LOST, 0, JANSSON_DROP},
    {"ftm-json", P_RC, EXCTL_EUTF8, JANSSON_DROP},
    {"ftm_json", P_RC, EXCTL_EUTF8, JANSSON_DROP},
    {"un-xml", P_CRASH, 0, LIBXML_NULL},
    {"un_xml", P_CRASH, 0, LIBXML_NULL},
};
static bool g_libs;   /* ALLOC_FAIL_LIBS: fail inside jansson/libxml2 too */

static const char *known_bug(const char *op_name, int kind, int rc)
{
    for (size_t i = 0; g_libs && i < XC_ARRAY_LEN(known_bugs); i++)
        if (known_bugs[i].kind == kind && (!known_bugs[i].rc || known_bugs[i].rc == rc) &&
            strstr(op_name, known_bugs[i].op))
            return known_bugs[i].bug;
    return NULL;
}

typedef struct run_res {
    int rc;
    long count;     /* allocations made */
    bool injected, leaked, crashed;
} run_res;

/* One run with allocation n failing, in this process. */
static void run_here(const op *o, long n, xc_buf *sig, run_res *r)
{
    g_fail_at = n;
    g_count = 0;
    g_injected = false;
    r->rc = o->fn(o, sig);
    g_fail_at = 0;
    r->count = g_count;
    r->injected = g_injected;
    r->crashed = false;
    r->leaked = false;
#ifdef XC_HAVE_LSAN
    /* LeakSanitizer reports every leak still live, so after the first one
     * later checks would blame innocent operations: stop there. */
    if (!g_leaked && __lsan_do_recoverable_leak_check()) {
        r->leaked = true;
        g_leaked = true;
    }
#endif
}

/* The same in a child process: the libraries' own bugs can crash under
 * allocation failure, and a crash must be reported, not end the test. */
static void run_forked(const op *o, long n, xc_buf *sig, run_res *r)
{
    int fd[2];
    memset(r, 0, sizeof *r);
    if (pipe(fd)) {
        perror("pipe");
        exit(2);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        close(fd[0]);
        run_here(o, n, sig, r);
        g_suspended = true;
        bool ok = write(fd[1], r, sizeof *r) == (ssize_t)sizeof *r;
        for (size_t off = 0; ok && off < sig->len;) {
            ssize_t w = write(fd[1], sig->data + off, sig->len - off);
            ok = w > 0;
            off += ok ? (size_t)w : 0;
        }
        _exit(ok ? 0 : 3);
    }
    close(fd[1]);
    bool was = g_suspended;
    g_suspended = true;
    ssize_t got = read(fd[0], r, sizeof *r);
    char buf[4096];
    ssize_t k;
    while ((k = read(fd[0], buf, sizeof buf)) > 0)
        xc_buf_append(sig, buf, (size_t)k);
    g_suspended = was;
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (got != (ssize_t)sizeof *r || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        memset(r, 0, sizeof *r);
        r->crashed = true;
        r->injected = true;
    }
}

/* Run o with every allocation failing in turn; returns the number of
 * problems found. */
static int torture(const op *o)
{
    xc_buf base, sig;
    xc_buf_init(&base);
    xc_buf_init(&sig);
    int problems = 0, counted[P_KINDS] = {0};
    g_fail_at = 0;
    /* A warm-up run first: lazily built static tables (country names, ...)
     * allocate once per process and would make later runs differ. */
    int rc = o->fn(o, &base);
    xc_buf_free(&base);
    xc_buf_init(&base);
    g_count = 0;
    if (!rc)
        rc = o->fn(o, &base);
    long total = g_count;
    if (!rc && g_libs) {
        /* The failing runs start from a fork of this state; the libraries'
         * lazily made state must be counted from the same start. */
        run_res r;
        xc_buf_free(&base);
        xc_buf_init(&base);
        run_forked(o, 0, &base, &r);
        rc = r.crashed ? EXCTL_EINTERNAL : r.rc;
        total = r.count;
    }
    if (rc) {
        printf("SKIP %s: fails without injected failures (%s)\n", o->name,
               exctl_strerror(rc));
        goto out;
    }
    long n;
    long absorbed = 0;
    for (n = 1; n <= total; n++) {
        /* A fresh buffer each run, so that every run allocates the same. */
        xc_buf_free(&sig);
        xc_buf_init(&sig);
        run_res r;
        if (g_libs)
            run_forked(o, n, &sig, &r);
        else
            run_here(o, n, &sig, &r);
        int kind = -1;
        if (r.crashed) {
            kind = P_CRASH;
            fprintf(stderr, "%s %s: allocation %ld failed and the operation crashed\n",
                    known_bug(o->name, kind, r.rc) ? "known" : "FAIL", o->name, n);
        } else if (!r.injected) {
            kind = P_NONDET;
            fprintf(stderr, "FAIL %s: allocation %ld never happened (nondeterministic)\n",
                    o->name, n);
        } else if (r.rc == EXCTL_OK) {
            absorbed++;
            if (sig.len != base.len || memcmp(sig.data, base.data, sig.len)) {
                kind = P_LOST;
                fprintf(stderr, "%s %s: allocation %ld failed but the operation "
                        "succeeded with a different result (data silently lost)\n",
                        known_bug(o->name, kind, r.rc) ? "known" : "FAIL", o->name, n);
                show_diff(&base, &sig);
            }
        } else if (r.rc != EXCTL_ENOMEM) {
            kind = P_RC;
            fprintf(stderr, "%s %s: allocation %ld failed and the operation returned "
                    "%s instead of EXCTL_ENOMEM\n",
                    known_bug(o->name, kind, r.rc) ? "known" : "FAIL", o->name, n,
                    exctl_strerror(r.rc));
        }
        if (kind >= 0)
            counted[kind]++;
        if (kind >= 0 && !known_bug(o->name, kind, r.rc))
            problems++;
        if (r.leaked) {
            counted[P_LEAK]++;
            problems++;
            fprintf(stderr, "FAIL %s: leak after failing allocation %ld (leak checks "
                    "stop here)\n", o->name, n);
        }
        if (kind == P_NONDET || problems > 20)
            break;
    }
    printf("%s %s: %ld allocation points, %ld failures absorbed, %d problem(s)", problems ?
           "FAIL" : "ok  ", o->name, total, absorbed, problems);
    for (int k = 0; k < P_KINDS; k++)
        if (counted[k])
            printf("; %d %s", counted[k], kind_names[k]);
    printf("\n");
out:
    xc_buf_free(&base);
    xc_buf_free(&sig);
    return problems;
}

/* Add up to per_target operations, one per seed of corpus/target. */
static int add_dir_ops(op *ops, int nops, int max, const char *corpus, const char *target,
                       const char *format, op_fn fn, int per_target)
{
    int added = 0;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", corpus, target);
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    for (int k = 0; k < n; k++) {
        /* Only the hand-cut seeds: fuzzer finds are often invalid input. */
        op *o = &ops[nops];
        if (nops < max && added < per_target && !strncmp(ents[k]->d_name, "seed-", 5) &&
            snprintf(o->name, sizeof o->name, "%s/%s", target, ents[k]->d_name) <
                (int)sizeof o->name &&
            snprintf(o->path, sizeof o->path, "%s/%s", dir, ents[k]->d_name) <
                (int)sizeof o->path) {
            snprintf(o->format, sizeof o->format, "%s", format);
            o->fn = fn;
            o->arg = o;
            nops++;
            added++;
        }
        free(ents[k]);
    }
    free(ents);
    return nops;
}

int main(int argc, char **argv)
{
    static op ops[128];
    int nops = 0;
    const char *corpus = EXCTL_FUZZ_CORPUS;
    static const struct { const char *target, *format; } lists[] = {
        {"list_meti_json", "meti-json"}, {"list_un_xml", "un-xml"},
        {"list_ofac_csv", "ofac-csv"},   {"list_bis_dpl", "bis-dpl"},
        {"list_csl_csv", "csl-csv"},     {"list_uk_ofsi_csv", "uk-ofsi-csv"},
        {"list_eu_fsf_csv", "eu-fsf-csv"}, {"list_ftm_json", "ftm-json"},
        {"list_exctl_csv", "exctl-csv"}, {"list_meti_ban_txt", "meti-ban-txt"},
    };
    /* Failing allocations inside jansson and libxml2 tests those libraries
     * more than exctl (jansson 2.14 silently drops a byte of a string when
     * its lexer buffer cannot grow; see docs/fuzzing.md), so it is opt-in. */
    if ((g_libs = getenv("ALLOC_FAIL_LIBS") != NULL)) {
        json_set_alloc_funcs(__wrap_malloc, free);
        xmlMemSetup(free, __wrap_malloc, __wrap_realloc, xml_strdup);
    }

    /* Every CSV seed; the first seed of each list format (the checks under
     * ASan cost time, and later seeds mostly repeat the same paths). */
    nops = add_dir_ops(ops, nops, (int)XC_ARRAY_LEN(ops), corpus, "csv", "", op_csv, 99);
    for (size_t i = 0; i < XC_ARRAY_LEN(lists); i++)
        nops = add_dir_ops(ops, nops, (int)XC_ARRAY_LEN(ops), corpus, lists[i].target,
                           lists[i].format, op_load_mem, 1);

    /* The gzip path of the file loader: one seed per format, gzipped. */
    char tmpdir[] = "/tmp/exctl-alloc-XXXXXX";
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    int nmem = nops;
    for (int i = 0; i < nmem && nops < (int)XC_ARRAY_LEN(ops); i++) {
        if (ops[i].fn != op_load_mem || (i && !strcmp(ops[i - 1].format, ops[i].format)))
            continue;
        char *data = NULL;
        size_t len = 0;
        if (xc_read_file(ops[i].path, &data, &len, NULL))
            continue;
        op *o = &ops[nops];
        char fmt[sizeof o->format];
        memcpy(fmt, ops[i].format, sizeof fmt);
        snprintf(o->path, sizeof o->path, "%s/%s.gz", tmpdir, fmt);
        gzFile gz = gzopen(o->path, "wb");
        if (gz && gzwrite(gz, data, (unsigned)len) == (int)len && gzclose(gz) == Z_OK) {
            snprintf(o->name, sizeof o->name, "file:%s.gz", fmt);
            memcpy(o->format, fmt, sizeof fmt);
            o->fn = op_load_file;
            o->arg = o;
            nops++;
        }
        free(data);
    }

    /* The FtM writer, once per format, over the first seed. */
    int nall = nops;
    for (int i = 0; i < nall && nops < (int)XC_ARRAY_LEN(ops); i++) {
        if (ops[i].fn != op_load_mem || (i && !strcmp(ops[i - 1].format, ops[i].format)))
            continue;
        op *o = &ops[nops];
        *o = ops[i];
        char fmt[sizeof o->format];
        memcpy(fmt, o->format, sizeof fmt);
        snprintf(o->name, sizeof o->name, "ftm:%s", fmt);
        o->fn = op_load_ftm;
        o->arg = o;
        nops++;
    }

    /* Screening, over the custom-format seed (names in several scripts). */
    for (int i = 0; i < nall && nops < (int)XC_ARRAY_LEN(ops); i++) {
        if (ops[i].fn != op_load_mem || strcmp(ops[i].format, "exctl-csv"))
            continue;
        op *o = &ops[nops++];
        *o = ops[i];
        snprintf(o->name, sizeof o->name, "screen:exctl-csv");
        o->fn = op_screen;
        o->arg = o;
        break;
    }

    int problems = 0, ran = 0;
    for (int i = 0; i < nops; i++) {
        bool wanted = argc < 2;
        for (int a = 1; a < argc && !wanted; a++)
            wanted = strstr(ops[i].name, argv[a]) != NULL;
        if (!wanted)
            continue;
        problems += torture(&ops[i]);
        ran++;
    }
    for (int i = nmem; i < nall; i++)
        unlink(ops[i].path);
    rmdir(tmpdir);
    printf("%d operation(s), %d problem(s)\n", ran, problems);
    return problems ? 1 : 0;
}
