/* libFuzzer harness: the meti-ban-txt list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("meti-ban-txt")
