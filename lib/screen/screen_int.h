/*
 * screen — party screening internals (private).
 *
 * Pipeline. A name goes through normalize.c once (NFKC + case folding with
 * ICU, Latin diacritics removed, split into native tokens), orgwords.c tags
 * legal forms (dropped from the text, kept as bits) and organisation words
 * (kept as canonical English tokens of low weight), and translit.c turns each
 * remaining native token into one Latin key per romanisation ("variant"):
 * a Russian name yields BGN/PCGN, ISO 9 and passport variants, a katakana
 * name Hepburn and a foreign-word variant, and so on. phonetic.c derives a
 * loose key and a consonant skeleton per Latin token.
 *
 * Everything expensive happens there, at index build or once per query.
 * score.c then compares two prepared names with plain byte operations and
 * no allocation: this is what keeps pair scoring well under a microsecond.
 * index.c builds the inverted index (exact tokens, skeletons, one-deletion
 * neighbourhoods) and the token statistics (IDF weights); screen.c is the
 * public API; explain.c renders a match explanation as JSON.
 */
#ifndef XC_SCREEN_INT_H
#define XC_SCREEN_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "core/core.h"
#include "exctl/screen.h"
#include "lists/model.h"

#define SCR_MAX_TOKS 24        /* tokens kept per name variant */
#define SCR_MAX_VARS 5         /* romanisation variants per name (and one translated) */
#define SCR_MAX_TOKLEN 63      /* bytes of a Latin token key */
#define SCR_HAN_KEY_JA 2        /* Han key read in Japanese (when KAKASI is present) */
#define SCR_XLIT_CAP 192       /* bytes of one native token's romanisation (several words) */
#define SCR_NOID UINT32_MAX

/* Token kinds: they set the weight and how a token may align. */
enum {
    SCR_TK_WORD = 0,
    SCR_TK_NUM,        /* digits: must match exactly */
    SCR_TK_ORG,        /* canonical organisation word ("bank", "institute") */
    SCR_TK_PARTICLE,   /* al, bin, von, de ...: low weight */
    SCR_TK_TITLE,      /* mr, dr, sheikh ...: nearly no weight */
};

/* Romanisation keys (which transliteration produced a variant). */
enum {
    SCR_KEY_LATIN = 0, /* Latin source, diacritics removed */
    SCR_KEY_BGN,       /* Cyrillic: BGN/PCGN */
    SCR_KEY_ISO9,      /* Cyrillic: ISO 9 (ASCII) */
    SCR_KEY_PASSPORT,  /* Cyrillic: ICAO passport style */
    SCR_KEY_PINYIN,    /* Han: Mandarin pinyin (ICU Han-Latin) */
    SCR_KEY_HEPBURN,   /* kana: Hepburn */
    SCR_KEY_KANA_FOREIGN, /* kana: foreign-word reading (no epenthesis, f/h ...) */
    SCR_KEY_RR,        /* Hangul: Revised Romanisation */
    SCR_KEY_MR,        /* Hangul: McCune-Reischauer style (ASCII) */
    SCR_KEY_ARABIC,    /* Arabic: usual vowelled form */
    SCR_KEY_ARABIC_VOW, /* Arabic: vowelled between bare consonants */
    SCR_KEY_ICU,       /* other scripts: ICU Any-Latin */
    SCR_KEY_NATIVE,    /* same-script comparison: one byte per character */
    SCR_KEY_UKR,       /* Cyrillic read as Ukrainian/Belarusian (г = h, и = y) */
    SCR_KEY_KANA_R,    /* kana: foreign reading with ー after a vowel as r */
    SCR_KEY_KANJI_JA,  /* Han: Japanese reading (KAKASI dictionary) */
    SCR_KEY_HANGUL_KP, /* Hangul: North Korean list style (Kim Jong Un) */
    SCR_KEY_ARABIC_FA, /* Arabic script: Persian reading (ض z, و v, final ی i) */
    SCR_KEY_CYR_EN,    /* Cyrillic: organisation words in English, the rest BGN/PCGN */
    SCR_KEY_WADE_GILES, /* Latin: Wade-Giles syllables read as pinyin */
    SCR_KEY_KANJI_EN,  /* Han: words of organisation names in English, the rest read */
    SCR_KEY_ARABIC_EN, /* Arabic script: organisation words in English, the rest read */
    SCR_KEY_COUNT_
};

/* Legal-form classes (bits of scr_var.legal). */
enum {
    SCR_LF_LIMITED = 1u << 0,  /* LLC, Ltd, GmbH, ООО, 有限会社, 有限公司 ... */
    SCR_LF_STOCK = 1u << 1,    /* JSC, AG, SA, PLC, АО, ПАО, 株式会社 ... */
    SCR_LF_CORP = 1u << 2,     /* Co., Corp., Inc., company, 公司 */
    SCR_LF_STATE = 1u << 3,    /* ФГУП, state unitary enterprise */
    SCR_LF_PARTNER = 1u << 4,  /* LP, LLP, KG, 合同会社 */
    SCR_LF_FREEZONE = 1u << 5, /* FZE, FZCO, DMCC */
    SCR_LF_OTHER = 1u << 6,
};

/* What a name names, from the query's type or the entity's schema: some
 * alignments hold for one kind of name only (given-name hypocorisms for
 * persons, acronyms for organisations). */
enum { SCR_PT_ANY = 0, SCR_PT_PERSON, SCR_PT_ORG, SCR_PT_OTHER };

typedef struct scr_tok {
    const char *s;      /* Latin key, lower-case ASCII, NUL-terminated */
    const char *lo;     /* loose phonetic key */
    const char *sk;     /* consonant skeleton */
    const char *disp;   /* native text for explanations (native variant), or NULL */
    float w;            /* weight (IDF x kind) */
    uint32_t id;        /* interned id of s in the screener, SCR_NOID if unknown */
    uint32_t m, lom;    /* letter sets of s and lo (bit c-'a'), for quick rejects */
    uint32_t fs, fl;    /* first letters that may start a spelling of s / lo
                         * (all bits for keys under two letters) */
    uint32_t hs;        /* given-name groups of s (givennames.c), 0 for none */
    uint8_t fi, li;     /* bit of the first letter of s / lo in such a set */
    uint8_t len, lolen, sklen;
    uint8_t kind;
    uint8_t acro;       /* may stand for the initials of several tokens (an
                         * acronym: 2-6 letters, not a legal form) */
    uint8_t abjad;      /* romanised from a script that writes no short vowels
                         * (Arabic): its vowels are guesses, its consonants
                         * are not */
    uint8_t kana;       /* romanised from kana: a foreign name as Japanese hears
                         * it (kanamatch.c) */
} scr_tok;

typedef struct scr_var {
    scr_tok *t;
    uint8_t n;
    uint8_t key;        /* SCR_KEY_* */
    uint8_t xlit;       /* 1 when romanised from another script */
    uint8_t orgish;     /* legal form or organisation word seen */
    uint8_t ptype;      /* SCR_PT_*: what the name is known to name */
    uint32_t legal;     /* SCR_LF_* bits */
} scr_var;

/* A prepared name: its variants. Memory belongs to whoever allocated it
 * (the screener arena or a per-query scratch). */
typedef struct scr_pname {
    scr_var v[SCR_MAX_VARS];
    scr_var nat;         /* native tokens, for names in the same script */
    uint8_t nv;
    const char *script;  /* dominant script of the source text */
} scr_pname;

/* --- scratch: a bump allocator reset per query -------------------------- */
typedef struct scr_scratch {
    char *base;
    size_t cap, used;
    char *spill[16];      /* blocks used when base ran out; freed at reset */
    size_t nspill;
    size_t spill_used, spill_cap;   /* of the newest spill block */
    size_t want;          /* size to grow base to at the next reset */
} scr_scratch;

void *scr_scratch_alloc(scr_scratch *sc, size_t n);
void scr_scratch_reset(scr_scratch *sc);
/* Everything allocated after scr_scratch_mark() is given back by
 * scr_scratch_release() (when it all came from the base block). */
size_t scr_scratch_mark(const scr_scratch *sc);
void scr_scratch_release(scr_scratch *sc, size_t mark);
void scr_scratch_free(scr_scratch *sc);

/* Allocation hook so that prepare can fill either an arena or a scratch. */
typedef struct scr_alloc {
    xc_arena *arena;
    scr_scratch *scratch;
} scr_alloc;
void *scr_alloc_mem(scr_alloc *a, size_t n);

/* --- normalize.c --------------------------------------------------------- */

/* Native tokens of a name after NFKC, case folding, diacritics removal and
 * tagging: UTF-8 text (in the scratch), kind and script class. */
enum { SCR_SC_LATIN = 0, SCR_SC_CYRL, SCR_SC_HAN, SCR_SC_KANA, SCR_SC_HANG,
       SCR_SC_ARAB, SCR_SC_GREEK, SCR_SC_OTHER, SCR_SC_DIGIT, SCR_SC_COUNT_ };

typedef struct scr_ntok {
    char *s;
    uint16_t len;
    uint8_t sc;         /* SCR_SC_* */
    uint8_t kind;       /* SCR_TK_*; ORG tokens already hold canonical text */
    const char *orig;   /* particles given a canonical text: the text as
                         * written (ben for bin), else NULL */
    uint16_t olen;
} scr_ntok;

/* Prepare a name: fills p with up to SCR_MAX_VARS variants. Token ids and
 * weights are left SCR_NOID / 1.0 (the caller resolves them). Returns 0,
 * EXCTL_EUTF8 on invalid UTF-8 or EXCTL_ENOMEM. */
int scr_prepare(const char *name, size_t len, scr_alloc *a, scr_scratch *tmp,
                scr_pname *p);

/* One-time initialisation of ICU objects and tables (thread-safe). */
int scr_init(void);

/* --- orgwords.c ---------------------------------------------------------- */
/* Tag tokens in place: legal forms are removed (bits into *legal), org words
 * replaced by their canonical text with kind SCR_TK_ORG, titles and
 * particles get their kind. Returns the new token count. CJK tokens are
 * first split around embedded legal forms and org words (株式会社, 研究所). */
size_t scr_tag_tokens(scr_ntok *t, size_t n, size_t cap, uint32_t *legal,
                      bool *orgish, scr_scratch *tmp);
const char *scr_legal_name(uint32_t bit);
/* A one-word legal form (llc, ag, sa ...): never read as an acronym. */
bool scr_is_legal_word(const char *s, size_t n);
/* A one-word organisation word (bank, institute, works ...): its canonical
 * text, else NULL. */
const char *scr_org_word(const char *s, size_t n);

/* --- cyrwords.c ---------------------------------------------------------- */
/* The English words (one or more, separated by single spaces) of a common
 * word of Cyrillic organisation names in any inflected form (российского =
 * russian), else NULL. s: one lower-case Cyrillic token. */
const char *scr_cyr_translate(const char *s, size_t n);
/* A Cyrillic adjective of a place (тамбовский, of Tambov): the byte length
 * of the place-name stem before -ск- and the ending, else 0. */
size_t scr_cyr_place_stem(const char *s, size_t n);

/* --- arwords.c ---------------------------------------------------------- */
/* The English word of a common word of Arabic or Persian organisation names
 * (اسلامية = islamic, مسلحة = armed), else NULL. s: one Arabic-script token
 * without its article. */
const char *scr_ar_translate(const char *s, size_t n);

/* --- jawords.c ---------------------------------------------------------- */
/* Bytes of the Han token s[0..n) that words of the kanji table cover (国家,
 * 保安 ...), 0 when none; *tail (when tail is set): the bytes of the word of
 * two or more characters the token ends with, else 0. */
size_t scr_kanji_covered(const char *s, size_t n, size_t *tail);
/* The Han token t with the table's words in English and the pieces between
 * them romanised with key k (scr_romanize): words separated by single
 * spaces into out; bit w of *en is set when word w is English. Returns the
 * length written. */
size_t scr_kanji_english(const scr_ntok *t, int k, char *out, size_t cap, uint32_t *en);

/* --- wadegiles.c --------------------------------------------------------- */
/* One Latin token read as a Wade-Giles syllable: writes its pinyin to out
 * (cap >= 8) and returns 1 when the syllable has a shape pinyin never
 * writes (hsi, tse, tung), 0 when it is a syllable of both, -1 when it is
 * no Wade-Giles syllable. */
int scr_wade_giles(const char *s, size_t n, char *out, size_t cap);

/* --- numwords.c ---------------------------------------------------------- */
/* English number words (forty-four, three hundred and five, first, 1st)
 * at t[i]: writes the number in digits into out (cap >= 8) and returns the
 * tokens read, 0 when t[i] starts no number written in words. */
size_t scr_number_words(const scr_ntok *t, size_t i, size_t n, char *out, size_t cap);

/* --- translit.c ---------------------------------------------------------- */
/* Number of variants a script class produces, and the key of variant k. */
int scr_script_nkeys(int sc);
int scr_script_key(int sc, int k);
/* Romanise one native token with key k of its script into out (lower-case
 * ASCII words separated by single spaces, at most cap-1 bytes,
 * NUL-terminated). Returns the length. */
size_t scr_romanize(const scr_ntok *t, int k, char *out, size_t cap);
const char *scr_key_name(int key);

/* --- givennames.c -------------------------------------------------------- */
int scr_givennames_init(void);
/* Signature of the given-name groups of a Latin token (0: in none). */
uint32_t scr_hypo_sig(const char *s, size_t n);
/* Different members of one given-name group (Bob / Robert, Bill / Will). */
bool scr_hypo_related(const char *a, size_t la, const char *b, size_t lb);
/* Receives a key as its hash (scr_key_hash() of its text), with a weight. */
typedef void (*scr_key_fn)(void *ctx, uint64_t h, float w);
/* Index keys h:<full name> of each group of the token. */
void scr_hypo_keys(const char *s, size_t n, char *buf, size_t cap, scr_key_fn fn, void *ctx);
/* Set the name type of every variant of p. */
void scr_set_ptype(scr_pname *p, int ptype);
/* Name type of an entity schema or query type. */
int scr_ptype_of(exctl_schema schema);

/* --- phonetic.c ---------------------------------------------------------- */
/* Loose phonetic key (consonant classes, vowels kept, doubles collapsed)
 * and consonant skeleton of a Latin token. Return lengths. */
size_t scr_loose_key(const char *s, size_t n, char *out, size_t cap);
size_t scr_skeleton(const char *lo, size_t n, char *out, size_t cap);

/* --- score.c -------------------------------------------------------------- */
typedef struct scr_align {
    int8_t qi, ci;      /* token indexes; -1 unaligned */
    int8_t qj, cj;      /* second token of a merged pair, or -1 */
    float sim;
    float w;
    uint8_t how;        /* SCR_HOW_* */
} scr_align;

enum { SCR_HOW_EXACT = 0, SCR_HOW_FUZZY, SCR_HOW_PHONETIC, SCR_HOW_INITIAL,
       SCR_HOW_MERGED, SCR_HOW_HYPOCORISM, SCR_HOW_ACRONYM, SCR_HOW_LETTER };
/* Longest acronym the scorer and the index align (letters = tokens), and
 * the similarity of an acronym with the words it abbreviates (PLA /
 * People's Liberation Army: likely the same organisation, never as sure
 * as the words). */
#define SCR_ACRO_MAX 6
#define SCR_ACRO_SIM 0.88f
/* ... and of a two-letter one (HM / Harbor Marine): the similarity floor,
 * since two initials collide with too many names (acronym.c). The index
 * counts every acronym at SCR_ACRO_SIM, an upper bound. */
#define SCR_ACRO2_SIM 0.70f

typedef struct scr_detail {
    scr_align al[2 * SCR_MAX_TOKS];
    int nal;
    const scr_var *qv, *cv;  /* variants that scored best */
    float order_pen, legal_pen;
    float name_score;
} scr_detail;

/* Score two prepared names (best over variant pairs). detail may be NULL.
 * min_score: a score at or above it is returned exactly; a name that cannot
 * reach it may return any value below it (0 when it stops early). Pass 0
 * for the exact score; with detail, min_score is ignored (explanations are
 * always exact). */
float scr_score_pnames(const scr_pname *q, const scr_pname *c, float min_score,
                       scr_detail *detail);
float scr_score_vars(const scr_var *q, const scr_var *c, float min_score, scr_detail *detail);
float scr_score_entry(const scr_pname *q, const scr_pname *c, int cvar, float min_score);
/* Tests: turn off every shortcut of the scorer (gates, bounds), so that the
 * fast path can be compared with the full computation. Not thread-safe. */
void scr_score_set_exhaustive(bool on);
/* The scorer's similarity of token one with the run v->t[i..i+k-1] read
 * as one token (a merge: 0 below the 0.8 a merge needs); the index uses it
 * for a run of query tokens against one dictionary token. */
float scr_merge_sim(const scr_tok *one, const scr_var *v, int i, int k, bool xlit);
/* Token similarity in [0,1]; xlit enables the phonetic comparison. */
float scr_tok_sim(const scr_tok *a, const scr_tok *b, bool xlit, uint8_t *how);
/* kanamatch.c: a token romanised from kana against a Latin spelling, 0 or
 * a similarity in [SCR_KANA_FLOOR, 0.95]. */
#define SCR_KANA_FLOOR 0.75f
float scr_kana_sim(const char *kana, size_t kn, const char *lat, size_t ln);
/* The consonants of a token as kana and Latin spellings share them (vowels,
 * glides and a silent r or g dropped, the close consonants of scr_kana_sim()
 * folded), into out (at least SCR_KANA_KEY_MAX bytes, not terminated); kana
 * tells how s was romanised, xs reads a Latin x as s rather than ks; a key
 * of one or two consonants starts with '.' when the spelling starts with a
 * vowel. Returns its length. */
#define SCR_KANA_KEY_MAX 64
size_t scr_kana_key(const char *s, size_t n, bool kana, bool xs, char *out);
/* A query token compared with many others (the index's neighbour lists):
 * its position tables are made once (scr_qtok_set), and scr_tok_sim_q
 * gives exactly scr_tok_sim(t, b, ...). t must outlive the comparisons. */
typedef struct scr_qtok {
    const scr_tok *t;
    uint64_t pms[256], pml[256]; /* bit i of [c]: byte i of t->s / t->lo is c */
} scr_qtok;
void scr_qtok_set(scr_qtok *q, const scr_tok *t);
float scr_tok_sim_q(const scr_qtok *q, const scr_tok *b, bool xlit, uint8_t *how);
double scr_jaro_winkler(const char *a, size_t la, const char *b, size_t lb);
/* Restricted Damerau distance: exact up to cap, cap + 1 above. */
int scr_osa_distance(const char *a, size_t la, const char *b, size_t lb, int cap);
uint32_t scr_letter_mask(const char *s, size_t n);
/* Sound-alike classes of a first letter (bits; 0 for a letter of none):
 * two spellings of a token start with the same letter or share a class. */
unsigned scr_first_class(char c);
/* Fill fs, fl, fi and li of a token whose s and lo are set. */
void scr_tok_start_keys(scr_tok *t);

/* A content token: a word or a number (not an organisation word, particle
 * or title). */
static inline bool scr_content_kind(uint8_t k)
{
    return k == SCR_TK_WORD || k == SCR_TK_NUM;
}

/* Some token of v[i..j] (v[i] alone when j < 0) is a content token. */
static inline bool scr_span_content(const scr_var *v, int i, int j)
{
    for (int k = i; k <= (j >= 0 ? j : i); k++)
        if (scr_content_kind(v->t[k].kind))
            return true;
    return false;
}

/* --- oneletter.c --------------------------------------------------------- */
/* A word's first letter changed, the rest of the name spelt exactly. */
#define SCR_LETTER_MINLEN 4     /* shorter words reach no deletion key */
#define SCR_LETTER_SIM 0.70f    /* the similarity floor of a token pair */
#define SCR_LETTER_REST_SIM 0.95f /* the other items: exact (or exact merges) */
/* One of them a rare content word: weight 0.75 or more (index.c,
 * idf_weight(): 0.15 + 0.85 log(N / df) / log(2N)), a word of some 16
 * names or fewer among the bundled lists' 73,000; Hassan, Ahmed or
 * Mohammed shared by two names say little. */
#define SCR_LETTER_RARE_W 0.75f
/* Latin words of one length (SCR_LETTER_MINLEN or more) that differ in
 * the first letter only (Bessi / Messi). Inline: the index's neighbour
 * lists ask it of every token pair they compare. */
static inline bool scr_letter_pair(const scr_tok *a, const scr_tok *b, bool xlit)
{
    if (a->len != b->len || a->len < SCR_LETTER_MINLEN || a->s[1] != b->s[1] ||
        a->s[0] == b->s[0] || xlit || a->kind != SCR_TK_WORD || b->kind != SCR_TK_WORD)
        return false;
    unsigned char x = (unsigned char)a->s[0], y = (unsigned char)b->s[0];
    return x >= 'a' && x <= 'z' && y >= 'a' && y <= 'z' &&
           !memcmp(a->s + 2, b->s + 2, a->len - 2u);
}
/* After the alignment al[0..nal) of q with c: one token of each left
 * unaligned (*qi, *ci), a letter pair, every aligned item at
 * SCR_LETTER_REST_SIM or more, one of them a content item of weight
 * SCR_LETTER_RARE_W or more. */
bool scr_letter_rule(const scr_var *q, const scr_var *c, const bool *uq, const bool *uc,
                     const scr_align *al, int nal, bool xlit, int *qi, int *ci);

/* --- penalty.c ------------------------------------------------------------ */
/* Read a finished alignment al[0..nal) of q with c; un / uq / uc mark the
 * tokens left unaligned. */
/* Weight of v's unaligned tokens, except numbers and repeats of aligned
 * tokens (Shoigu Shoigu Sergey); *dups says whether a repeat was skipped.
 * q: v is the query side of al. */
float scr_leftover(const scr_var *v, const bool *un, const scr_align *al, int nal, bool q,
                   bool *dups);
/* Aligned content tokens of v. */
int scr_covered(const scr_var *v, const bool *un);
/* v's unaligned tokens, numbers aside, are all organisation words (and
 * there is one): what a one-word name lacks of "Moonstorm Enterprises
 * Limited" is an omission, not a conflict. */
bool scr_leftover_org(const scr_var *v, const bool *un);
/* Weight of the numbers of either side left unaligned: numbers are
 * significant, whether the other name has a different one or none. */
float scr_unmatched_numbers(const scr_var *q, const bool *uq, const scr_var *c, const bool *uc);
/* "A bin B" against "B bin A": son and father exchanged. */
bool scr_patronym_swapped(const scr_var *q, const scr_var *c, const scr_align *al, int nal);
/* Penalty for inversions among aligned tokens (nc: tokens of c), forgiving
 * one rotation of the candidate's order ("LAST, First" = "First LAST"). */
float scr_order_penalty(const scr_align *al, int nal, int nc);

/* --- acronym.c ------------------------------------------------------------ */
/* v's words may be read as initials: v is known to name an organisation,
 * by its type or a legal form or organisation word (acronym.c). */
bool scr_acro_may_expand(const scr_var *v);
/* Align free acronym tokens of a (2-6 letters, t->acro) with free runs of
 * b whose initials they spell; ua / ub mark free tokens and are updated,
 * alignments are appended to al (room for 2 * SCR_MAX_TOKS). a_is_q: a is
 * the query side. */
void scr_acronyms(const scr_var *a, const scr_var *b, bool *ua, bool *ub, bool a_is_q,
                  scr_align *al, int *nal);
/* Some acronym alignment of a token of a with a run of b exists; when ma
 * is set, marks the tokens that may take part in one (ma, mb) and raises
 * their best similarity (am, bm) to SCR_ACRO_SIM. */
bool scr_acro_may(const scr_var *a, const scr_var *b, bool *ma, bool *mb, float *am,
                  float *bm);

/* Evidence and schema adjustments applied to a name score. */
typedef struct scr_adjust {
    const char *reason;
    float delta;
} scr_adjust;

/* --- evidence.c ----------------------------------------------------------- */
/* Apply a query's evidence (type, country, birth date, identifiers) to the
 * name score of entity ent; fills adj (room for at least 4) and *nadj when
 * non-NULL. Returns the score, clamped to [0, 1]. */
/* Whether a query's name shows it names an organisation (a company's
 * legal form): an untyped query is then typed so for evidence (screen.c). */
bool scr_names_org(const scr_pname *p);
double scr_apply_evidence(const exctl_screener *s, const exctl_query *q, uint32_t ent,
                          double score, scr_adjust *adj, size_t *nadj);
/* The most evidence can add to a name score (identifiers aside, which are
 * handled on their own). */
double scr_max_bonus(const exctl_query *q);

/* --- index.c -------------------------------------------------------------- */
typedef struct scr_entry {       /* one indexed name variant */
    uint32_t ent;                /* index into screener ents */
    uint16_t name;               /* index of the name within the entity */
    uint8_t var;
    uint8_t weak;                /* the name is a weak alias (scored x 0.97): kept
                                  * here so that scoring an entry does not read
                                  * the entity's name records */
} scr_entry;

typedef struct scr_posting {
    uint32_t off, n;             /* into postings array */
} scr_posting;

/* Open-addressing table from a 64-bit key hash (0 marks an empty slot) to
 * a run of uint32 values (token ids or entry ids). */
typedef struct scr_htab {
    uint64_t *kh;
    scr_posting *kp;
    size_t cap;                  /* power of two */
    size_t n_keys;
    uint32_t *vals;
    float *w;                    /* weight per value, or NULL */
    size_t n_vals;
} scr_htab;

typedef struct scr_estat {
    float w;                     /* weight of the entry's key tokens */
    float u;                     /* weight of its other tokens (not initials) */
    float nw;                    /* of w, the numbers' */
    float wmax;                  /* heaviest content token (numbers aside) */
    uint32_t flag : 8;           /* SCR_EF_* */
    uint32_t imask : 24;         /* first letters of its initials (scr_ini_bit) */
    uint32_t smask;              /* first letters of its tokens (scr_ini_bit) */
} scr_estat;

/* Bit of a first letter in scr_estat.imask (a superset: letters share bits
 * beyond 24). An initial aligns only with a token of its first letter. */
static inline uint32_t scr_ini_bit(unsigned char c)
{
    return 1u << ((c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : (unsigned)c) % 24u);
}

/* Entry flags (scr_estat.flag). */
/* SCR_EF_PERSON: the entry names a person (no acronym aligns with it). */
enum { SCR_EF_INITIAL = 1, SCR_EF_PERSON = 16 };
/* Bits 1..3 of scr_estat.flag: the entry's initials, up to 7. */
#define SCR_EF_NINIT(f) (((f) >> 1) & 7u)

/* Posting lists of at least this many entries are ordered by the entries'
 * key weight (scr_estat.w), lightest first, then by entry; shorter ones by
 * entry. */
#define SCR_POST_SORT_MIN 1024

/* Token flags (tok_flag). */
enum {
    SCR_TF_KEY = 1,      /* content token of an indexed variant: has postings */
    SCR_TF_XLIT = 2,     /* seen in a romanised variant */
    SCR_TF_NONKEY = 4,   /* organisation word, particle or title of an indexed
                          * variant: has keys (so that a query token can be
                          * compared with it) but no postings */
    SCR_TF_ACRO = 8,     /* may be an acronym in the scorer: an acronym token of
                          * a Latin variant of a name that is not a person's */
};

struct exctl_screener {
    const exctl_listset *ls;
    xc_arena arena;
    /* entities */
    const exctl_entity **ents;
    size_t n_ents;
    /* prepared names, compact: name i is the record at nrec + name_off[i]
     * (see index.c); its tokens are indexes into reps, the distinct
     * (kind, text, native text) tokens with their weights resolved */
    uint32_t *nrec;
    size_t n_nrec;
    uint32_t *name_off;
    uint32_t *ent_name0;         /* first prepared name of entity i */
    size_t n_names;
    scr_tok *reps;
    size_t n_reps;
    xc_map repmap;
    const char *scripts[16];     /* script names seen, by record index */
    int n_scripts;
    /* entries = (name, variant) pairs the index points at */
    scr_entry *entries;
    scr_estat *estat;            /* per entry, read together by the estimate */
    uint64_t *einit;             /* bit per entry: SCR_EF_INITIAL set (the query
                                  * path tests it without reading estat) */
    size_t n_entries;
    /* token dictionary (by text) */
    xc_map tokmap;               /* token text -> id */
    float *tok_w;                /* weight per token id */
    uint32_t *tok_df;
    uint32_t *tok_rep;           /* a rep with this text */
    uint8_t *tok_flag;           /* SCR_TF_* */
    uint32_t *tok_post;          /* CSR: entries holding token id i are
                                  * (order: SCR_POST_SORT_MIN) */
    uint32_t *tok_post_off;      /* tok_post[tok_post_off[i] .. [i+1]) */
    size_t n_toks;
    float w_unknown;             /* weight of a token never seen */
    /* key hash -> token ids (exact, deletion, loose, skeleton keys) */
    scr_htab keys;
    /* adjacent token pair (concatenated) -> entry ids */
    scr_htab pairs;
    double prep_seconds;
    /* Per (token id, romanised query or not): the dictionary tokens a
     * query token with that text reaches, filled by the first query that
     * looks it up (screen.c, published atomically); ncache_bytes counts
     * them against a cap. */
    struct scr_nlist **ncache;
    size_t ncache_bytes;
    /* Per token id: the pair-table postings a query token with that text
     * reaches through merges with an edit (splitcache.c). */
    struct scr_slist **scache;
    size_t scache_bytes;
    /* identifiers: normalised value -> entity list */
    xc_map idmap;
    uint32_t *id_ents;           /* chains: id_first[key] -> ents */
    scr_posting *id_posts;
    size_t n_idkeys;
    double build_seconds;
};

/* The weight at which the entries of dictionary token id's posting list
 * hold it: as a key token (index.c, kind_factor()). Its rep (tok_rep) may
 * be the same text as a particle, title or organisation word, weighed
 * less (al, Greek Αλ read as a content token): a share at the rep's weight
 * would be below the scorer's. */
static inline float scr_post_w(const exctl_screener *s, uint32_t id)
{
    return s->tok_w[id] * (s->reps[s->tok_rep[id]].len == 1 ? 0.5f : 1.0f);
}

/* A key-kind token: a word of two or more letters, or a number. */
static inline bool scr_is_key_tok(const scr_tok *t)
{
    /* a number of one digit too: numbers align only exactly, never as
     * initials, and a name of numbers and initials ("1-P") has no other */
    return t->kind == SCR_TK_NUM || (t->kind == SCR_TK_WORD && t->len >= 2);
}

/* Decode prepared name ni into p, token arrays from sc. Returns 0 or
 * EXCTL_ENOMEM. */
int scr_name_get(const exctl_screener *s, uint32_t ni, scr_scratch *sc, scr_pname *p);

/* Resolve token ids and weights of a prepared query against the screener's
 * dictionary (or the default statistics when s is NULL). */
void scr_resolve(const exctl_screener *s, scr_pname *p);
/* Keys of one token (exact, skeleton, loose, deletions), for an index
 * entry or for a query lookup (keys.c, as the next two and scr_key_hash).
 * Calls fn per key with its weight factor;
 * buf (cap bytes) holds a key's text where one is made. */
void scr_token_keys(const scr_tok *t, bool query, char *buf, size_t cap,
                    scr_key_fn fn, void *ctx);
/* Extra keys of a token of a romanised query: its consonant skeleton one
 * consonant away from indexed ones. */
void scr_token_xlit_keys(const scr_tok *t, char *buf, size_t cap, scr_key_fn fn, void *ctx);
/* Keys of a run of adjacent query tokens read as one token (text txt,
 * loose key lo) against the dictionary: the text and its deletions, and
 * with loose the loose key and its deletions (one edit). */
void scr_run_keys(const char *txt, size_t n, const char *lo, size_t ln, bool loose, char *buf,
                  size_t cap, scr_key_fn fn, void *ctx);
/* The half keys of such a run (two edits), as a query token of that text
 * looks them up. */
void scr_run_half_keys(const char *txt, size_t n, char *buf, size_t cap, scr_key_fn fn,
                       void *ctx);
/* Keys looked up in a batch: scr_keybatch_add (a scr_key_fn) gathers their
 * hashes and weights, scr_keybatch_flush fetches their slots in t
 * together, then calls fn with each key's run (NULL when absent) and
 * weight, in the order added. A full batch is flushed as it fills. */
#define SCR_KEY_BATCH 128
typedef void (*scr_post_fn)(void *ctx, const scr_posting *p, float w);
typedef struct scr_keybatch {
    const scr_htab *t;
    scr_post_fn fn;
    void *ctx;
    uint32_t n;
    uint64_t h[SCR_KEY_BATCH];
    float w[SCR_KEY_BATCH];
} scr_keybatch;
void scr_keybatch_init(scr_keybatch *b, const scr_htab *t, scr_post_fn fn, void *ctx);
void scr_keybatch_add(void *b, uint64_t h, float w);
void scr_keybatch_flush(scr_keybatch *b);
/* Pair-table keys (two adjacent tokens of an entry, concatenated) one
 * edit from the query token q: its deletions, and with split > 0, where
 * part of q is a dictionary token as it is, that token with the tokens one
 * edit from the rest (rests of three letters or less only with split > 1).
 * fn gets each key and the best similarity of such a merge. */
void scr_split_pairs(const exctl_screener *s, const char *q, size_t n, int split, scr_key_fn fn,
                     void *ctx);
/* The per-token caches (neighbour lists in screen.c, split hits in
 * splitcache.c) are published lock-free under a memory cap of their own:
 * a thread reserves the bytes of a list before it makes it, and gives them
 * back when it makes none or another thread published first. */
static inline bool scr_cache_reserve(size_t *used, size_t bytes, size_t cap)
{
    if (__atomic_add_fetch(used, bytes, __ATOMIC_RELAXED) <= cap)
        return true;
    __atomic_sub_fetch(used, bytes, __ATOMIC_RELAXED);
    return false;
}

static inline void scr_cache_release(size_t *used, size_t bytes)
{
    __atomic_sub_fetch(used, bytes, __ATOMIC_RELAXED);
}

/* --- splitcache.c --------------------------------------------------------- */
/* A pair-table posting list reached by a query token, with the best
 * similarity of the merge that reached it. */
typedef struct scr_phit {
    const scr_posting *p;
    float sim;
} scr_phit;
typedef void (*scr_phit_fn)(void *ctx, const scr_posting *p, float sim);
int scr_split_cache_init(exctl_screener *s);
void scr_split_cache_free(exctl_screener *s);
/* The pair-table postings the word token qt reaches one edit away
 * (scr_split_pairs with every cut), into fn; kept per dictionary token.
 * Returns the key lookups made (0 when a kept list served). */
uint32_t scr_split_hits(const exctl_screener *s, const scr_tok *qt, scr_phit_fn fn, void *ctx);
/* The pair-table postings two adjacent query tokens (q, n letters, the
 * first na of them the first token) reach re-split with an edit, into fn.
 * Returns the key lookups made. */
uint32_t scr_split_run_hits(const exctl_screener *s, const char *q, size_t n, size_t na,
                            scr_phit_fn fn, void *ctx);
/* First byte of a pair-table key made of two skeletons. */
#define SCR_PAIR_SK '\x01'
int scr_index_build(exctl_screener *s, exctl_errbuf *eb);
/* Acronyms the run of tokens t[j..] spells, as the scorer aligns them
 * (acronym.c, acro_match): fn gets the initials (2..SCR_ACRO_MAX letters),
 * the last token of the run and the run's weight. */
typedef void (*scr_acro_fn)(void *ctx, const char *ini, size_t len, int last, float w);
void scr_acro_runs(const scr_tok *const *t, int n, int j, scr_acro_fn fn, void *ctx);
/* First byte of a pair-table key holding an acronym of an entry's run. */
#define SCR_PAIR_ACRO '\x02'
/* First byte of a pair-table key holding the loose key of two tokens of a
 * romanised entry read as one (hua wei = huawei = ファーウェイ fawei). */
#define SCR_PAIR_LO '\x03'
uint64_t scr_key_hash(const char *key, size_t n);
/* Run of a key in a table, NULL when absent. Inline: a query makes some
 * two hundred lookups, most of them misses. */
static inline const scr_posting *scr_htab_find(const scr_htab *t, uint64_t h)
{
    if (!t->cap)
        return NULL;
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (t->kh[i] == h)
            return &t->kp[i];
        if (t->kh[i] == 0)
            return NULL;
    }
}
/* Normalise an identifier for exact comparison (alnum, upper case). */
size_t scr_ident_norm(const char *v, char *out, size_t cap);

/* --- candbound.c ---------------------------------------------------------- */
/* The least a left-over token costs in the scorer's denominator, per side
 * (score.c: OMIT_WEIGHT_PLAIN, names without organisation words); the
 * candidate estimate assumes it. */
#define SCR_LEFTOVER_MIN 0.20f
/* A light hit of a query (candidates()): its op, its share a = sim (wq +
 * wd) and step, the least key weight of an entry it counts for. */
typedef struct scr_lhit {
    uint32_t op;
    float a, step;
} scr_lhit;
/* The largest estimate an entry without initials reached only by the light
 * hits lh[0..n) (sorted by op) can get (see candbound.c). */
double scr_light_bound(const scr_lhit *lh, size_t n, double wq_min, double uo_max,
                       double ui_max);
/* A dictionary token a query unit reaches (screen.c, candidates()). */
struct scr_hit {
    uint32_t tok;
    float sim;
    bool first;                  /* first unit of the query to reach tok */
    bool light;                  /* from lk on, walked for entries already
                                  * reached only */
    float dq;                    /* what this unit adds to q2 of tok's entries */
    uint32_t lk;                 /* light: start of the light part of the
                                  * posting list (sorted by key weight) */
};

/* One step of a query's accumulation, in the order the query makes them:
 * a unit's hits spread over their postings, or a pair-table posting list. */
enum { OP_SPREAD, OP_PAIR };
struct scr_qop {
    uint8_t kind;
    bool org;                    /* spread: the unit is an organisation word */
    bool acro;                   /* spread: a run of the query against acronym
                                  * tokens, which persons never are */
    uint32_t gen;
    float wq;                    /* weight of the unit */
    float sim;                   /* pair: similarity */
    uint32_t h0, nh;             /* spread: its hits */
    const scr_posting *pp;       /* pair: the posting list */
};
typedef struct scr_hit scr_hit;
typedef struct scr_qop scr_qop;
/* Mark hits of ops[0..nops) light, longest posting lists first, while
 * scr_light_bound() stays below cut. Returns the number marked. */
size_t scr_choose_light(const exctl_screener *s, const scr_qop *ops, size_t nops, scr_hit *hits,
                        float cut, float wq_min, float uo_max, float ui_max);
/* Set the bits in mk of the entries that the lists walked in full reach. */
void scr_mark_full(const exctl_screener *s, const scr_qop *ops, size_t nops, const scr_hit *hits,
                   uint64_t *mk);

/* Work done by the calling thread's last query (bench/bench_screen.c). */
typedef struct scr_qstats {
    uint32_t keys;       /* key lookups (token and pair tables) */
    uint32_t sims;       /* dictionary tokens compared with a query token */
    uint32_t postings;   /* postings walked */
    uint32_t touched;    /* entries reached */
    uint32_t selected;   /* entries whose estimate reaches the cut */
    uint32_t scored;     /* entries scored in full */
} scr_qstats;
scr_qstats scr_last_query_stats(void);

/* Default statistics (a screener over the bundled lists, built once) used by
 * exctl_score_names; NULL when they cannot be loaded. */
const exctl_screener *scr_default_screener(void);
/* Score two names against the token statistics of s (NULL: uniform
 * weights), as exctl_score_names does; *explain (when non-NULL) receives a
 * JSON explanation the caller frees. Returns 0 or an EXCTL_E* code. */
int scr_score_names_with(const exctl_screener *s, const char *a, const char *b,
                         exctl_schema schema, double *score, char **explain);

/* --- explain.c ------------------------------------------------------------ */
int scr_explain_json(xc_buf *b, const scr_pname *q, const scr_pname *c,
                     const scr_detail *d, const scr_adjust *adj, size_t n_adj,
                     double score);

#endif
