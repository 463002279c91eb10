/* libFuzzer harness: the bis-dpl list loader (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS("bis-dpl")
