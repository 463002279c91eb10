/*
 * Corpus replay driver: a main() for the fuzz harnesses when built without
 * libFuzzer (gcc, ctest). It feeds every regular file of the directories
 * (or files) named on the command line to LLVMFuzzerTestOneInput, in sorted
 * order so that a failure is reproducible, and prints how many it ran.
 * A harness that finds a broken promise aborts, failing the test; under
 * ASan+UBSan the same replay also catches memory errors and leaks.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    int rc = 1;
    if (!buf)
        goto out;
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb)
                goto out;
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "replay: read error on %s\n", path);
        goto out;
    }
    /* An exact-size copy lets ASan see reads past the end of the input. */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact)
        goto out;
    memcpy(exact, buf, len);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    size_t ran = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]);
            ran++;
            continue;
        }
        struct dirent **ents = NULL;
        int n = scandir(argv[i], &ents, NULL, alphasort);
        if (n < 0) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        for (int k = 0; k < n; k++) {
            char path[4096];
            int w = snprintf(path, sizeof path, "%s/%s", argv[i], ents[k]->d_name);
            if (w > 0 && (size_t)w < sizeof path && ents[k]->d_name[0] != '.' &&
                stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                failed |= run_file(path);
                ran++;
            }
            free(ents[k]);
        }
        free(ents);
    }
    printf("replayed %zu input(s)\n", ran);
    if (ran == 0) {
        fprintf(stderr, "replay: empty corpus\n");
        return 1;
    }
    return failed;
}
