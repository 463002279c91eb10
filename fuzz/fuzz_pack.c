/*
 * libFuzzer harness: the jurisdiction pack parser (exctl_packset_load_file).
 * A pack either loads or fails with a message; a loaded pack has an id and
 * a jurisdiction, and a failed load leaves the pack set empty.
 */
#include "exctl/determine.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 262144)
        return 0;
    const char *path = fuzz_write_file("pack.json", data, size);
    exctl_packset *ps = NULL;
    if (!path || exctl_packset_new(&ps))
        return 0;
    exctl_errbuf eb = {{0}};
    if (exctl_packset_load_file(ps, path, &eb) == EXCTL_OK) {
        const exctl_pack *p = exctl_packset_at(ps, 0);
        if (!p || !exctl_pack_id(p) || !exctl_pack_jurisdiction(p)) {
            fprintf(stderr, "fuzz_pack: loaded pack without id or jurisdiction\n");
            abort();
        }
    } else if (!eb.msg[0] || exctl_packset_at(ps, 0)) {
        fprintf(stderr, "fuzz_pack: failure without a message, or a half-loaded pack\n");
        abort();
    }
    exctl_packset_free(ps);
    return 0;
}
