/*
 * exctl show ENTITY_ID [--list FILE]... [--json]
 * ENTITY_ID is "<list id>:<entity id>" or a bare entity id.
 */
#include <string.h>
#include "cli.h"

static json_t *strs_json(const exctl_entity *e, exctl_field f)
{
    json_t *a = json_array();
    for (size_t i = 0; i < exctl_entity_field_count(e, f); i++)
        json_array_append_new(a, json_string(exctl_entity_field(e, f, i)));
    return a;
}

/* JSON view of an entity with every field of the model. Caller owns it. */
static json_t *entity_json(const exctl_entity *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(exctl_entity_id(e)));
    json_object_set_new(o, "list", json_string(exctl_list_id(exctl_entity_list(e))));
    json_object_set_new(o, "schema", json_string(exctl_schema_name(exctl_entity_schema(e))));
    json_object_set_new(o, "listed_on", json_string(exctl_entity_listed_on(e)));
    json_t *names = json_array();
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *script, *lang;
        const char *n = exctl_entity_name(e, i, &k, &script, &lang);
        json_array_append_new(names, json_pack("{s:s, s:s, s:s, s:s}", "name", n, "kind",
                                               exctl_name_kind_name(k), "script", script,
                                               "lang", lang));
    }
    json_object_set_new(o, "names", names);
    json_t *cs = json_array();
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role r;
        const char *c = exctl_entity_country(e, i, &r);
        json_array_append_new(cs, json_pack("{s:s, s:s}", "country", c, "role",
                                            exctl_country_role_name(r)));
    }
    json_object_set_new(o, "countries", cs);
    json_t *ids = json_array();
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *c, *note;
        const char *v = exctl_entity_ident(e, i, &t, &c, &note);
        json_array_append_new(ids, json_pack("{s:s, s:s, s:s, s:s}", "type",
                                             exctl_id_type_name(t), "value", v,
                                             "country", c, "note", note));
    }
    json_object_set_new(o, "identifiers", ids);
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
        json_object_set_new(o, exctl_field_name((exctl_field)f), strs_json(e, (exctl_field)f));
    return o;
}

static void print_text(const exctl_entity *e)
{
    printf("%s:%s  (%s)\n", exctl_list_id(exctl_entity_list(e)), exctl_entity_id(e),
           exctl_schema_name(exctl_entity_schema(e)));
    if (*exctl_entity_listed_on(e))
        printf("  listed on: %s\n", exctl_entity_listed_on(e));
    for (size_t i = 0; i < exctl_entity_name_count(e); i++) {
        exctl_name_kind k;
        const char *script, *lang;
        const char *n = exctl_entity_name(e, i, &k, &script, &lang);
        printf("  name [%s, %s%s%s]: %s\n", exctl_name_kind_name(k), script,
               *lang ? "/" : "", lang, n);
    }
    for (size_t i = 0; i < exctl_entity_country_count(e); i++) {
        exctl_country_role r;
        const char *c = exctl_entity_country(e, i, &r);
        printf("  country [%s]: %s\n", exctl_country_role_name(r), c);
    }
    for (size_t i = 0; i < exctl_entity_ident_count(e); i++) {
        exctl_id_type t;
        const char *c, *note;
        const char *v = exctl_entity_ident(e, i, &t, &c, &note);
        printf("  id [%s]: %s%s%s%s%s%s\n", exctl_id_type_name(t), v, *c ? " (" : "", c,
               *c ? ")" : "", *note ? " - " : "", note);
    }
    for (int f = 0; f < EXCTL_FIELD_COUNT_; f++)
        for (size_t i = 0; i < exctl_entity_field_count(e, (exctl_field)f); i++)
            printf("  %s: %s\n", exctl_field_name((exctl_field)f),
                   exctl_entity_field(e, (exctl_field)f, i));
}

int cmd_show(int argc, char **argv)
{
    cli_lists lo = {0};
    bool json = false;
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_opt(&lo, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r)
            continue;
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--help")) {
            printf("usage: exctl show ENTITY_ID [--list FILE]... [--json]\n");
            return CLI_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("show", "unknown option '%s'", argv[i]);
            return CLI_USAGE;
        } else if (!id) {
            id = argv[i];
        } else {
            cli_error("show", "one entity id at a time");
            return CLI_USAGE;
        }
    }
    if (!id) {
        cli_error("show", "missing ENTITY_ID");
        return CLI_USAGE;
    }
    exctl_listset *ls = NULL;
    if (cli_lists_load(&lo, &ls))
        return CLI_FAIL;
    int ret = CLI_OK;
    const exctl_entity *e = exctl_listset_find(ls, id);
    if (!e) {
        cli_error("show", "no entity '%s' in the loaded lists", id);
        ret = CLI_FAIL;
    } else if (json) {
        json_t *o = entity_json(e);
        cli_json_print(stdout, o);
        json_decref(o);
    } else {
        print_text(e);
    }
    exctl_listset_free(ls);
    return ret;
}
