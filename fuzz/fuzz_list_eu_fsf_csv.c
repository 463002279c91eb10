/* libFuzzer harness: the eu-fsf-csv list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("eu-fsf-csv")
