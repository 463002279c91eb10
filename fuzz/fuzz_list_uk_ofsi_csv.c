/* libFuzzer harness: the uk-ofsi-csv list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("uk-ofsi-csv")
