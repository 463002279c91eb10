/*
 * libFuzzer harness: the classification rule parser
 * (exctl_classifier_load over the bundled vocabulary and one fuzzed
 * .rules file). A rules file either loads or fails with a message.
 */
#include "core/core.h"
#include "exctl/classify.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *vocab;
    if (!vocab) {
        char *dir = xc_path_join(exctl_data_dir(), "classify");
        vocab = dir ? xc_path_join(dir, "vocabulary.tsv") : NULL;
        free(dir);
        if (!vocab)
            return 0;
    }
    if (size > 262144 || !fuzz_write_file("fuzz.rules", data, size))
        return 0;
    exctl_classifier *k = NULL;
    exctl_errbuf eb = {{0}};
    if (exctl_classifier_load(vocab, g_fuzz_dir, NULL, &k, &eb) != EXCTL_OK) {
        if (!eb.msg[0]) {
            fprintf(stderr, "fuzz_rules: failure without a message\n");
            abort();
        }
    } else if (!exctl_classifier_version(k)) {
        fprintf(stderr, "fuzz_rules: loaded classifier without a version\n");
        abort();
    }
    exctl_classifier_free(k);
    return 0;
}
