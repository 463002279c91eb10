/*
 * The table of list formats. Each format lives in its own file
 * (fmt_<name>.c) and exports one xc_format; this table is the only place
 * that knows them all. Order matters only for equal sniffing confidence.
 */
#include "model.h"

extern const xc_format xc_fmt_meti;
extern const xc_format xc_fmt_meti_ban;
extern const xc_format xc_fmt_un;
extern const xc_format xc_fmt_ofac;
extern const xc_format xc_fmt_bis_dpl;
extern const xc_format xc_fmt_csl;
extern const xc_format xc_fmt_uk;
extern const xc_format xc_fmt_eu;
extern const xc_format xc_fmt_ftm;
extern const xc_format xc_fmt_custom;

const xc_format *const xc_formats[] = {
    &xc_fmt_meti, &xc_fmt_meti_ban, &xc_fmt_un,  &xc_fmt_ofac, &xc_fmt_bis_dpl, &xc_fmt_csl,
    &xc_fmt_uk,   &xc_fmt_eu,  &xc_fmt_ftm,  &xc_fmt_custom,  NULL,
};
