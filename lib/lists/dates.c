/* Placeholder: date normalisation is being written. */
#include "model.h"
int xc_date_norm(const char *s, size_t n, bool us_order, char out[11])
{ (void)s; (void)n; (void)us_order; out[0] = 0; return EXCTL_EPARSE; }
