/* libFuzzer harness: the ofac-csv list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("ofac-csv")
