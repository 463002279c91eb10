/*
 * Evidence beyond the name: how a query's type, country, birth date and
 * identifiers move an entity's name score.
 *
 * The name score stays the main signal; evidence only nudges it, by fixed
 * amounts a compliance officer can read in the explanation: a type that
 * contradicts the entity's (person vs organisation) costs more than one
 * between two kinds of organisation, a matching country or birth date adds
 * a little and a different one takes a little away (the same year adds less
 * than the same full date; a year one apart, which transliterated records
 * often get wrong, counts neither way), and an exact identifier match (IMO number,
 * passport) is the strongest evidence: it lifts the entity to at least 0.95
 * even when its name differs. scr_max_bonus() bounds what evidence can add,
 * so that screen.c can stop scoring candidates whose name score plus that
 * bound cannot reach the threshold.
 */
#include <stdlib.h>
#include <string.h>
#include "screen_int.h"

static bool schema_conflict(exctl_schema q, uint8_t e, float *delta)
{
    if (q == EXCTL_SCHEMA_UNKNOWN || e == EXCTL_SCHEMA_UNKNOWN || q == e)
        return false;
    bool qp = q == EXCTL_SCHEMA_PERSON, ep = e == EXCTL_SCHEMA_PERSON;
    *delta = (qp || ep) ? -0.15f : -0.05f;
    return true;
}

static int country_evidence(const char *qc, const exctl_entity *e, float *delta)
{
    if (!qc || !*qc || e->n_countries == 0)
        return 0;
    const char *code = xc_country_code(qc, strlen(qc));
    if (!code)
        return 0;
    for (uint32_t i = 0; i < e->n_countries; i++)
        if (xc_ieq(e->countries[i].code, code)) {
            *delta = 0.02f;
            return 1;
        }
    *delta = -0.03f;
    return -1;
}

static int birth_evidence(const char *qd, const exctl_entity *e, float *delta)
{
    if (!qd || strlen(qd) < 4)
        return 0;
    const xc_strs *bd = &e->fields[EXCTL_FIELD_BIRTH_DATE];
    if (bd->n == 0)
        return 0;
    long qy;
    if (xc_parse_long(qd, 4, 1000, 3000, &qy))
        return 0;
    bool any_year = false;
    for (uint32_t i = 0; i < bd->n; i++) {
        const char *d = bd->v[i];
        long y;
        if (strlen(d) < 4 || xc_parse_long(d, 4, 1000, 3000, &y))
            continue;
        any_year = true;
        if (y == qy) {
            size_t ql = strlen(qd), dl = strlen(d);
            size_t cmp = ql < dl ? ql : dl;
            *delta = (cmp >= 10 && !strncmp(qd, d, 10)) ? 0.06f : 0.04f;
            if (cmp >= 7 && strncmp(qd, d, cmp))
                *delta = 0.0f;     /* same year, different day or month */
            return 1;
        }
        if (labs(y - qy) <= 1)
            return 0;
    }
    if (!any_year)
        return 0;
    *delta = -0.10f;
    return -1;
}

static bool ident_evidence(const exctl_screener *s, const exctl_query *q, uint32_t ent)
{
    const exctl_entity *e = s->ents[ent];
    for (size_t i = 0; i < q->n_idents; i++) {
        char a[128], b[128];
        if (!q->idents[i].value)
            continue;
        size_t na = scr_ident_norm(q->idents[i].value, a, sizeof a);
        if (na < 4)
            continue;
        for (uint32_t k = 0; k < e->n_idents; k++) {
            if (q->idents[i].type != EXCTL_ID_OTHER && e->idents[k].type != EXCTL_ID_OTHER &&
                q->idents[i].type != e->idents[k].type)
                continue;
            size_t nb = scr_ident_norm(e->idents[k].value, b, sizeof b);
            if (na == nb && !memcmp(a, b, na))
                return true;
        }
    }
    return false;
}

/* A company's legal form of its own (LLC, GmbH, ООО, a free-zone or
 * state enterprise form), or any legal form beside an organisation word
 * (Silver Trading Inc., Eastern Engineering Co., Ltd.): short forms alone
 * (Co, SA, AG at a name's end) may be a person's name syllable. */
bool scr_names_org(const scr_pname *p)
{
    const uint32_t sure = SCR_LF_LIMITED | SCR_LF_STATE | SCR_LF_FREEZONE;
    for (int i = 0; i < p->nv; i++) {
        const scr_var *v = &p->v[i];
        if (v->legal & sure)
            return true;
        if (!v->legal)
            continue;
        for (int k = 0; k < v->n; k++)
            if (v->t[k].kind == SCR_TK_ORG)
                return true;
    }
    return false;
}

double scr_apply_evidence(const exctl_screener *s, const exctl_query *q, uint32_t ent,
                          double score, scr_adjust *adj, size_t *nadj)
{
    const exctl_entity *e = s->ents[ent];
    size_t n = 0;
    float d = 0.0f;
    /* the entity is read only for evidence the query gives: on a large
     * index it is a cache miss per name scored */
    if (q->schema != EXCTL_SCHEMA_UNKNOWN && schema_conflict(q->schema, e->schema, &d)) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){"type_mismatch", d};
    }
    d = 0.0f;
    if (country_evidence(q->country, e, &d)) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){d > 0 ? "country_match" : "country_mismatch", d};
    }
    d = 0.0f;
    if (birth_evidence(q->birth_date, e, &d) && d != 0.0f) {
        score += d;
        if (adj)
            adj[n++] = (scr_adjust){d > 0 ? "birth_date_match" : "birth_date_mismatch", d};
    }
    if (q->n_idents && ident_evidence(s, q, ent)) {
        double lifted = score + 0.15 > 0.95 ? score + 0.15 : 0.95;
        if (adj)
            adj[n++] = (scr_adjust){"identifier_match", (float)(lifted - score)};
        score = lifted;
    }
    if (nadj)
        *nadj = n;
    if (score < 0.0)
        score = 0.0;
    if (score > 1.0)
        score = 1.0;
    return score;
}

double scr_max_bonus(const exctl_query *q)
{
    double b = 0.0;
    if (q->country && *q->country)
        b += 0.02;
    if (q->birth_date && *q->birth_date)
        b += 0.06;
    return b;
}
