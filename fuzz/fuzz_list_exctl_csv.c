/* libFuzzer harness: the exctl-csv list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("exctl-csv")
