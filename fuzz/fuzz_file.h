/*
 * For harnesses whose parser takes a path (packs, classification rules):
 * one scratch directory per process, the input rewritten into a file there
 * on every run. Slower than a memory entry point, but it fuzzes the real
 * loader without adding test-only seams to other modules.
 */
#ifndef EXCTL_FUZZ_FILE_H
#define EXCTL_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_fuzz_dir[64];
static char g_fuzz_file[256];

static void fuzz_cleanup(void)
{
    if (g_fuzz_file[0])
        unlink(g_fuzz_file);
    if (g_fuzz_dir[0])
        rmdir(g_fuzz_dir);
}

/* Write data to <scratch dir>/name; returns the path (static) or NULL. */
static const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[256];
    if (!g_fuzz_dir[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(g_fuzz_dir, sizeof g_fuzz_dir, "%s/exctl-fuzz-XXXXXX", base);
        if (!mkdtemp(g_fuzz_dir)) {
            g_fuzz_dir[0] = '\0';
            return NULL;
        }
        atexit(fuzz_cleanup);
    }
    snprintf(path, sizeof path, "%s/%s", g_fuzz_dir, name);
    memcpy(g_fuzz_file, path, sizeof g_fuzz_file);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || w != size)
        return NULL;
    return path;
}

#endif
