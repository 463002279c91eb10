/*
 * exctl command-line tool: shared helpers (private to cli/).
 * Commands live in cmd_<name>.c and use only the public API.
 */
#ifndef EXCTL_CLI_H
#define EXCTL_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include "exctl/exctl.h"
#include "exctl/lists.h"

/* Exit codes: 0 ok, 1 operation failed, 2 usage error. */
#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

typedef int (*cli_cmd_fn)(int argc, char **argv);

/* Options common to every command that reads lists. */
typedef struct cli_lists {
    const char *files[64];
    int n_files;
    bool lenient;
} cli_lists;

/* If argv[*i] is --list/--lenient, consume it (and its argument) and
 * return 1; return -1 on a usage error; 0 when not a list option. */
int cli_lists_opt(cli_lists *o, int argc, char **argv, int *i);
/* Load the files named, or the bundled lists when none. Prints errors to
 * stderr. The caller owns *out. */
int cli_lists_load(const cli_lists *o, exctl_listset **out);

/* Print a jansson value as one line on f (sorted keys). Consumes nothing. */
void cli_json_print(FILE *f, const json_t *v);
/* Print o as one compact JSON line on stdout (insertion order, 6 significant
 * digits for reals), as the JSON-lines commands answer. */
void cli_jsonl_print(const json_t *o);
/* Answer a bad JSON-lines input line in its place: {"id": id|null, "error":
 * "line N: msg"} on stdout, and the same on stderr prefixed by the command. */
void cli_jsonl_error(const char *cmd, json_t *id, size_t line, const char *msg);

/* Report an error on stderr in the form "exctl <cmd>: msg". */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_lists(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_cl(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_determine(int argc, char **argv);
int cmd_packs(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_cases(int argc, char **argv);

#endif
