/* libFuzzer harness: the un-xml list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("un-xml")
