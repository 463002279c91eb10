/* libFuzzer harness: format detection (every sniffer) and whichever loader
 * it picks, as `exctl lists --list FILE` does (checks in fuzz_list.h). */
#include "fuzz_list.h"
FUZZ_LIST_HARNESS(NULL)
