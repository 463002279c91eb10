/* libFuzzer harness: the ftm-json list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("ftm-json")
