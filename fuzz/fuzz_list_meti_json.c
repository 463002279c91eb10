/* libFuzzer harness: the meti-json list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("meti-json")
