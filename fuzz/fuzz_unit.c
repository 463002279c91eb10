/*
 * libFuzzer harness: the classifier's unit parser (exctl_unit_convert).
 * The first byte picks the parameter's dimension, the rest is the text
 * ("43.5 GHz"). A success must give a finite number; a failure a message.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exctl/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const dims[] = {"frequency", "length", "area", "power", "energy",
                                       "data_rate", "information", "temperature", "time",
                                       "dimensionless", "mass", "pressure", "dB", "angle"};
    if (size < 1 || size > 1024)
        return 0;
    const char *dim = dims[data[0] % (sizeof dims / sizeof dims[0])];
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    double v = NAN;
    exctl_errbuf eb = {{0}};
    int rc = exctl_unit_convert(text, dim, &v, &eb);
    if (rc == EXCTL_OK && !isfinite(v) && !isnan(v)) {
        /* An infinite value (1e999 GHz) must be rejected, not returned. */
        fprintf(stderr, "fuzz_unit: '%s' (%s) converted to a non-finite value\n", text, dim);
        abort();
    }
    if (rc != EXCTL_OK && !eb.msg[0]) {
        fprintf(stderr, "fuzz_unit: failure without a message\n");
        abort();
    }
    free(text);
    return 0;
}
