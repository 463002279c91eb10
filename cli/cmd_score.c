/*
 * exctl score --jsonl            pairs on stdin, one score per line
 * exctl score [--explain] A B    one pair, readable
 *
 * Uses exctl_score_names, the scorer the screener uses (with the token
 * statistics of the bundled lists). A line that is not a JSON object with
 * string "a" and "b" does not stop the run: it yields
 * {"id": <id or null>, "error": "line N: ..."} in its place, so output line
 * i always answers input line i, and the exit status is 1 at the end.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exctl/screen.h"

static int score_jsonl(void)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int ret = CLI_OK;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        json_error_t je;
        json_t *in = json_loadb(line, len, 0, &je);
        if (!in || !json_is_object(in)) {
            cli_jsonl_error("score", NULL, lineno, in ? "not a JSON object" : je.text);
            json_decref(in);
            ret = CLI_FAIL;
            continue;
        }
        json_t *id = json_object_get(in, "id");
        const char *a = json_string_value(json_object_get(in, "a"));
        const char *b = json_string_value(json_object_get(in, "b"));
        const char *type = json_string_value(json_object_get(in, "type"));
        exctl_schema schema = EXCTL_SCHEMA_UNKNOWN;
        if (!a || !b) {
            cli_jsonl_error("score", id, lineno, "\"a\" and \"b\" must be strings");
            ret = CLI_FAIL;
        } else if (type && strcmp(type, "any") && exctl_schema_parse(type, &schema)) {
            cli_jsonl_error("score", id, lineno, "unknown \"type\"");
            ret = CLI_FAIL;
        } else {
            double score = 0.0;
            int rc = exctl_score_names(a, b, schema, &score, NULL);
            if (rc) {
                cli_jsonl_error("score", id, lineno, exctl_strerror(rc));
                ret = CLI_FAIL;
            } else {
                json_t *o = json_object();
                json_object_set(o, "id", id ? id : json_null());
                json_object_set_new(o, "score", json_real(score));
                cli_jsonl_print(o);
                json_decref(o);
            }
        }
        json_decref(in);
    }
    free(line);
    if (fflush(stdout) != 0)
        ret = CLI_FAIL;
    return ret;
}

int cmd_score(int argc, char **argv)
{
    bool jsonl = false, explain = false;
    const char *names[2] = {NULL, NULL};
    int nn = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--jsonl")) {
            jsonl = true;
        } else if (!strcmp(argv[i], "--explain")) {
            explain = true;
        } else if (!strcmp(argv[i], "--help")) {
            printf("usage: exctl score --jsonl    < {\"id\":..,\"a\":..,\"b\":..,\"type\":..} lines\n"
                   "       exctl score [--explain] NAME_A NAME_B\n"
                   "A malformed input line yields {\"id\":..,\"error\":\"line N: ...\"} in its\n"
                   "place; the other lines are still scored and the exit status is 1.\n");
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("score", "unknown option '%s'", argv[i]);
            return CLI_USAGE;
        } else if (nn < 2) {
            names[nn++] = argv[i];
        } else {
            cli_error("score", "too many names");
            return CLI_USAGE;
        }
    }
    if (jsonl) {
        if (nn) {
            cli_error("score", "--jsonl reads pairs from stdin; no names on the command line");
            return CLI_USAGE;
        }
        return score_jsonl();
    }
    if (nn != 2) {
        cli_error("score", "give two names, or --jsonl");
        return CLI_USAGE;
    }
    double score = 0.0;
    char *ex = NULL;
    int rc = exctl_score_names(names[0], names[1], EXCTL_SCHEMA_UNKNOWN, &score,
                               explain ? &ex : NULL);
    if (rc) {
        cli_error("score", "%s", exctl_strerror(rc));
        return CLI_FAIL;
    }
    printf("%.4f\n", score);
    if (ex)
        printf("%s\n", ex);
    exctl_free(ex);
    return CLI_OK;
}
