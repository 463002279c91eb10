/*
 * exctl — control lists: Japan's 輸出令別表第1 and 貨物等省令, the US Commerce
 * Control List, the EU/Wassenaar numbering and the regime identifiers.
 *
 * A control list set is loaded once and is read-only afterwards, so it may be
 * shared between threads. Every entry — an ECCN, one of its item paragraphs
 * (3A001.a.1.a), a 別表第1 item (7項(1)), a 貨物等省令 article or clause
 * (第六条第一号イ(一)) or a regime identifier (NSG:T1.1) — is one
 * exctl_cl_entry with a numbering, a code and a parent. Strings and entries
 * returned by the accessors are owned by the set and stay valid until
 * exctl_controls_free(); never free them.
 *
 * Codes are accepted in their usual spellings: "3A001.a.1", "eu:3A001.a.1",
 * "7の項（1）" or "7項(1)", "第六条第一号イ（一）" or "第六条第一号イ(一)",
 * "NSG:T1.1". EU 2021/821 Annex I codes share the Wassenaar/US numbering, so
 * an EU code resolves to the ECCN entry with the same number.
 */
#ifndef EXCTL_CONTROLS_H
#define EXCTL_CONTROLS_H

#include "exctl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct exctl_controls exctl_controls;
typedef struct exctl_cl_entry exctl_cl_entry;
typedef struct exctl_cl_hits exctl_cl_hits;

typedef enum exctl_numbering {
    EXCTL_NUM_US_ECCN = 0,   /* US CCL ECCN and its item paragraphs */
    EXCTL_NUM_JP_ITEM,       /* 輸出貿易管理令 別表第1 項番, e.g. 7項(1) */
    EXCTL_NUM_JP_CLAUSE,     /* 貨物等省令 article and clause, e.g. 第六条第一号イ */
    EXCTL_NUM_EU,            /* EU 2021/821 Annex I / Wassenaar (counterparts only) */
    EXCTL_NUM_REGIME,        /* NSG / MTCR / AG / CWC / Wassenaar identifiers */
    EXCTL_NUM_COUNT_
} exctl_numbering;

/* Paths of the files a set is loaded from. NULL members are skipped. */
typedef struct exctl_controls_files {
    const char *jp_json;          /* e-Gov 貨物等省令 + 別表第1 snapshot (.json[.gz]) */
    const char *ccl_json;         /* parsed CCL (.json[.gz]) */
    const char *correspondence;   /* correspondence.tsv (ECCN -> JP) */
    const char *regime_dir;       /* directory with the regime CSV files */
} exctl_controls_files;

/* Load the bundled control lists from exctl_data_dir()/control. The caller
 * owns *out (free with exctl_controls_free). */
int exctl_controls_load_bundled(exctl_controls **out, exctl_errbuf *eb);
/* Load from explicit files. The caller owns *out. */
int exctl_controls_load(const exctl_controls_files *files, exctl_controls **out,
                        exctl_errbuf *eb);
void exctl_controls_free(exctl_controls *c);

/* Version text of one numbering's source ("e-Gov 貨物等省令 as of 2026-02-14"),
 * or "" when not loaded. Owned by the set. */
const char *exctl_controls_version(const exctl_controls *c, exctl_numbering n);

/* All entries in load order (parents before children). */
size_t exctl_controls_count(const exctl_controls *c);
const exctl_cl_entry *exctl_controls_at(const exctl_controls *c, size_t i);
/* Number of top-level entries of a numbering (ECCNs, 別表 items, articles). */
size_t exctl_controls_count_top(const exctl_controls *c, exctl_numbering n);

/* Look an entry up by code (see the spellings above). NULL when absent. */
const exctl_cl_entry *exctl_controls_get(const exctl_controls *c, const char *code);

/* Canonical form of a code as written by a user (folds full-width
 * characters, "の項" to "項", strips "us:"/"eu:"/"jp:"). Writes at most cap
 * bytes including the NUL; returns EXCTL_ETOOBIG when it does not fit. */
int exctl_cl_normalize_code(const char *code, char *out, size_t cap);

/* --- entry accessors (all strings owned by the set; "" when unknown) --- */
exctl_numbering exctl_cl_entry_numbering(const exctl_cl_entry *e);
const char *exctl_cl_numbering_name(exctl_numbering n);  /* static: "us-eccn", ... */
const char *exctl_cl_entry_code(const exctl_cl_entry *e);
const exctl_cl_entry *exctl_cl_entry_parent(const exctl_cl_entry *e);  /* NULL at top */
size_t exctl_cl_entry_child_count(const exctl_cl_entry *e);
const exctl_cl_entry *exctl_cl_entry_child(const exctl_cl_entry *e, size_t i);
const char *exctl_cl_entry_title(const exctl_cl_entry *e);     /* English */
const char *exctl_cl_entry_title_ja(const exctl_cl_entry *e);  /* Japanese */
const char *exctl_cl_entry_text(const exctl_cl_entry *e);      /* English paragraph text */
const char *exctl_cl_entry_text_ja(const exctl_cl_entry *e);   /* Japanese clause text */
/* Notes, technical notes and decontrol notes attached to this paragraph. */
const char *exctl_cl_entry_notes(const exctl_cl_entry *e);
/* Reasons for control that apply to this paragraph, space separated
 * ("NS1 RS1 AT1"); inherited from the ECCN's License Requirements table. */
const char *exctl_cl_entry_reasons(const exctl_cl_entry *e);
const char *exctl_cl_entry_lvs(const exctl_cl_entry *e);   /* ECCN-level LVS text */
const char *exctl_cl_entry_gbs(const exctl_cl_entry *e);   /* ECCN-level GBS text */
/* Counterparts in other numberings. */
size_t exctl_cl_entry_counterpart_count(const exctl_cl_entry *e);
/* Sets *n and *code (owned by the set); *basis says where the link comes
 * from ("shared numbering", "correspondence.tsv", ...). */
int exctl_cl_entry_counterpart(const exctl_cl_entry *e, size_t i, exctl_numbering *n,
                               const char **code, const char **basis);

/* --- ranked full-text search over titles and text (EN and JA) ---------- */
/* Best first; at most limit hits (0 = 20). The caller owns *out (free with
 * exctl_cl_hits_free). An empty query is EXCTL_EINVAL. */
int exctl_controls_search(const exctl_controls *c, const char *query, size_t limit,
                          exctl_cl_hits **out, exctl_errbuf *eb);
size_t exctl_cl_hits_count(const exctl_cl_hits *h);
const exctl_cl_entry *exctl_cl_hits_entry(const exctl_cl_hits *h, size_t i);
double exctl_cl_hits_score(const exctl_cl_hits *h, size_t i);
void exctl_cl_hits_free(exctl_cl_hits *h);

/* --- Japanese numerals --------------------------------------------------- */
/* Read a number written in kanji numerals as 貨物等省令 writes thresholds:
 * positional digits with 、 grouping and ・ as decimal point (〇・五 = 0.5,
 * 一、六一〇 = 1610, 五〇兆 = 5e13) or with multipliers (二十 = 20,
 * 三百五十 = 350). ASCII and full-width digits are accepted too. Reads from
 * s (n bytes) as far as a numeral goes; sets *value and *used (bytes).
 * Returns EXCTL_EPARSE when s does not start with a numeral. */
int exctl_ja_number(const char *s, size_t n, double *value, size_t *used);

#ifdef __cplusplus
}
#endif
#endif
