/*
 * exctl — command-line entry point: dispatches to one function per command.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const struct {
    const char *name;
    cli_cmd_fn fn;
    const char *help;
} commands[] = {
    {"lists", cmd_lists, "list the loaded screening lists with counts and versions"},
    {"show", cmd_show, "show one listed entity with all its fields"},
    {"export", cmd_export, "export loaded entities (--ftm: FollowTheMoney JSON lines)"},
    {"screen", cmd_screen, "screen names against the lists"},
    {"score", cmd_score, "score name pairs (--jsonl)"},
    {"cl", cmd_cl, "search and show control list entries"},
    {"classify", cmd_classify, "classify items against the control lists"},
    {"determine", cmd_determine, "determine licence requirements for a transaction"},
    {"packs", cmd_packs, "list the jurisdiction packs"},
    {"serve", cmd_serve, "run the HTTP server"},
    {"audit", cmd_audit, "verify the audit log"},
    {"cases", cmd_cases, "licensing workflow maintenance (expire-due)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: exctl COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\nexctl COMMAND --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("exctl %s\n", EXCTL_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "exctl: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
