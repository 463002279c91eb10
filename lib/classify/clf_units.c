/*
 * classify — units: parse "value unit" and convert to a dimension's base unit.
 *
 * A fixed table rather than a units library: the control lists use a few
 * dozen units, each conversion is a factor (plus an offset for °C), and a
 * table a reviewer can read is worth more than generality. A value whose
 * parameter has a physical dimension must carry a unit: a bare "43.5" for a
 * frequency is rejected instead of guessed, because guessing GHz or MHz is
 * exactly the mistake that misclassifies an item.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clf.h"

typedef struct unit {
    const char *sym;
    const char *dim;
    double factor;
    double offset;
} unit;

static const unit UNITS[] = {
    /* frequency (Hz) */
    {"Hz", "frequency", 1, 0}, {"kHz", "frequency", 1e3, 0}, {"MHz", "frequency", 1e6, 0},
    {"GHz", "frequency", 1e9, 0}, {"THz", "frequency", 1e12, 0},
    /* length (m) */
    {"pm", "length", 1e-12, 0}, {"nm", "length", 1e-9, 0}, {"um", "length", 1e-6, 0},
    {"µm", "length", 1e-6, 0}, {"μm", "length", 1e-6, 0}, {"mm", "length", 1e-3, 0},
    {"cm", "length", 1e-2, 0}, {"m", "length", 1, 0}, {"km", "length", 1e3, 0},
    /* area (m2) */
    {"mm2", "area", 1e-6, 0}, {"cm2", "area", 1e-4, 0}, {"m2", "area", 1, 0},
    /* power (W) */
    {"pW", "power", 1e-12, 0}, {"nW", "power", 1e-9, 0}, {"uW", "power", 1e-6, 0},
    {"µW", "power", 1e-6, 0}, {"mW", "power", 1e-3, 0},
    {"W", "power", 1, 0}, {"kW", "power", 1e3, 0}, {"MW", "power", 1e6, 0},
    {"GW", "power", 1e9, 0},
    /* energy (J) */
    {"mJ", "energy", 1e-3, 0}, {"J", "energy", 1, 0}, {"kJ", "energy", 1e3, 0},
    /* data rate (bit/s) */
    {"bit/s", "data_rate", 1, 0}, {"kbit/s", "data_rate", 1e3, 0},
    {"Mbit/s", "data_rate", 1e6, 0}, {"Gbit/s", "data_rate", 1e9, 0},
    {"Tbit/s", "data_rate", 1e12, 0}, {"bps", "data_rate", 1, 0},
    {"kbps", "data_rate", 1e3, 0}, {"Mbps", "data_rate", 1e6, 0},
    {"Gbps", "data_rate", 1e9, 0}, {"Tbps", "data_rate", 1e12, 0},
    {"Gb/s", "data_rate", 1e9, 0}, {"Mb/s", "data_rate", 1e6, 0},
    {"B/s", "data_rate", 8, 0}, {"MB/s", "data_rate", 8e6, 0}, {"GB/s", "data_rate", 8e9, 0},
    /* information (bit) */
    {"bit", "information", 1, 0}, {"bits", "information", 1, 0},
    {"byte", "information", 8, 0}, {"bytes", "information", 8, 0}, {"B", "information", 8, 0},
    {"kB", "information", 8e3, 0}, {"MB", "information", 8e6, 0},
    {"GB", "information", 8e9, 0}, {"TB", "information", 8e12, 0},
    {"Gbit", "information", 1e9, 0}, {"Mbit", "information", 1e6, 0},
    /* temperature (K) */
    {"K", "temperature", 1, 0}, {"°C", "temperature", 1, 273.15},
    {"degC", "temperature", 1, 273.15}, {"℃", "temperature", 1, 273.15},
    {"mK", "temperature", 1e-3, 0},
    /* time (s) */
    {"fs", "time", 1e-15, 0}, {"ps", "time", 1e-12, 0}, {"ns", "time", 1e-9, 0},
    {"us", "time", 1e-6, 0}, {"µs", "time", 1e-6, 0}, {"ms", "time", 1e-3, 0},
    {"s", "time", 1, 0}, {"min", "time", 60, 0}, {"h", "time", 3600, 0},
    /* sample rate (S/s) */
    {"S/s", "sample_rate", 1, 0}, {"kS/s", "sample_rate", 1e3, 0},
    {"MS/s", "sample_rate", 1e6, 0}, {"GS/s", "sample_rate", 1e9, 0},
    {"Sps", "sample_rate", 1, 0}, {"MSps", "sample_rate", 1e6, 0},
    {"GSps", "sample_rate", 1e9, 0},
    /* electrical */
    {"mV", "voltage", 1e-3, 0}, {"V", "voltage", 1, 0}, {"kV", "voltage", 1e3, 0},
    {"mA", "current", 1e-3, 0}, {"A", "current", 1, 0}, {"kA", "current", 1e3, 0},
    {"A/cm2", "current_density", 1e4, 0}, {"A/m2", "current_density", 1, 0},
    {"pF", "capacitance", 1e-12, 0}, {"nF", "capacitance", 1e-9, 0},
    {"uF", "capacitance", 1e-6, 0}, {"µF", "capacitance", 1e-6, 0},
    {"F", "capacitance", 1, 0}, {"T", "magnetic_field", 1, 0},
    /* mass (kg), pressure (Pa), force */
    {"g", "mass", 1e-3, 0}, {"kg", "mass", 1, 0}, {"t", "mass", 1e3, 0},
    {"Pa", "pressure", 1, 0}, {"kPa", "pressure", 1e3, 0}, {"MPa", "pressure", 1e6, 0},
    {"GPa", "pressure", 1e9, 0}, {"bar", "pressure", 1e5, 0},
    {"N", "force", 1, 0}, {"kN", "force", 1e3, 0},
    /* angle (rad), angular rate */
    {"rad", "angle", 1, 0}, {"mrad", "angle", 1e-3, 0}, {"urad", "angle", 1e-6, 0},
    {"µrad", "angle", 1e-6, 0}, {"deg", "angle", 0.017453292519943295, 0},
    {"°", "angle", 0.017453292519943295, 0},
    {"arcsec", "angle", 4.84813681109536e-6, 0},
    {"deg/h", "angular_rate", 4.84813681109536e-6, 0},
    {"deg/s", "angular_rate", 0.017453292519943295, 0},
    /* velocity, acceleration */
    {"m/s", "velocity", 1, 0}, {"km/h", "velocity", 1 / 3.6, 0},
    {"m/s2", "acceleration", 1, 0}, {"g0", "acceleration", 9.80665, 0},
    /* frame rate */
    {"frames/s", "frame_rate", 1, 0}, {"fps", "frame_rate", 1, 0},
    /* radiation */
    {"Gy", "dose", 1, 0}, {"Gy/s", "dose_rate", 1, 0}, {"n/cm2", "fluence", 1, 0},
    /* logarithmic levels are not converted: dB and dBm are their own dimensions */
    {"dB", "level", 1, 0}, {"dBc", "level", 1, 0}, {"dBm", "power_level", 1, 0}, {"dBc/Hz", "phase_noise", 1, 0},
    /* ratios */
    {"%", "percent", 1, 0}, {"ppm", "percent", 1e-4, 0},
    /* densities */
    {"W/cm2", "power_density", 1e4, 0}, {"W/m2", "power_density", 1, 0},
    {"GB/s/mm2", "bandwidth_density", 1, 0},
    {"g/cm3", "density", 1e3, 0}, {"kg/m3", "density", 1, 0},
    {"W/mm2", "tpp_density", 1, 0},
    {"l", "volume", 1e-3, 0}, {"L", "volume", 1e-3, 0}, {"m3", "volume", 1, 0},
    {"l/h", "flow", 1e-3 / 3600, 0}, {"m3/h", "flow", 1.0 / 3600, 0},
};

bool clf_dim_physical(const char *dim)
{
    return strcmp(dim, "number") && strcmp(dim, "boolean") && strcmp(dim, "enum");
}

bool clf_dim_known(const char *dim)
{
    if (!clf_dim_physical(dim))
        return true;
    for (size_t i = 0; i < XC_ARRAY_LEN(UNITS); i++)
        if (!strcmp(UNITS[i].dim, dim))
            return true;
    return false;
}

/* Parse the leading number (decimal or exponent form, optional sign). */
static int parse_number(const char *s, double *v, const char **rest)
{
    char *end;
    while (*s == ' ')
        s++;
    if (!*s || !(*s == '-' || *s == '+' || *s == '.' || (*s >= '0' && *s <= '9')))
        return EXCTL_EINVAL;
    *v = strtod(s, &end);
    if (end == s || !isfinite(*v))
        return EXCTL_EINVAL;
    *rest = end;
    return EXCTL_OK;
}

int clf_unit_lookup(const char *sym, size_t n, const char *dim, double *factor, double *offset)
{
    bool other = false;
    for (size_t i = 0; i < XC_ARRAY_LEN(UNITS); i++) {
        if (strlen(UNITS[i].sym) != n || memcmp(UNITS[i].sym, sym, n))
            continue;
        if (strcmp(UNITS[i].dim, dim)) {
            other = true;
            continue;
        }
        *factor = UNITS[i].factor;
        *offset = UNITS[i].offset;
        return EXCTL_OK;
    }
    return other ? EXCTL_EUNIT : EXCTL_ENOTFOUND;
}

int exctl_unit_convert(const char *text, const char *dimension, double *base,
                       exctl_errbuf *eb)
{
    double v, f, off;
    const char *rest;
    if (!text || !dimension || !base)
        return xc_err(eb, EXCTL_EINVAL, "unit conversion: NULL argument");
    if (parse_number(text, &v, &rest))
        return xc_err(eb, EXCTL_EINVAL, "'%s' is not a number", text);
    while (*rest == ' ')
        rest++;
    size_t n = strlen(rest);
    while (n && rest[n - 1] == ' ')
        n--;
    if (!clf_dim_physical(dimension)) {
        if (n)
            return xc_err(eb, EXCTL_EUNIT, "'%s': a %s takes no unit", text, dimension);
        *base = v;
        return EXCTL_OK;
    }
    if (n == 0)
        return xc_err(eb, EXCTL_EUNIT, "'%s': a unit of %s is needed, not a bare number", text,
                      dimension);
    int rc = clf_unit_lookup(rest, n, dimension, &f, &off);
    if (rc == EXCTL_EUNIT)
        return xc_err(eb, EXCTL_EUNIT, "'%s': unit '%.*s' is not a unit of %s", text, (int)n,
                      rest, dimension);
    if (rc)
        return xc_err(eb, EXCTL_EUNIT, "'%s': unknown unit '%.*s'", text, (int)n, rest);
    *base = v * f + off;
    return EXCTL_OK;
}

const char *clf_base_unit(const char *dim)
{
    for (size_t i = 0; i < XC_ARRAY_LEN(UNITS); i++)
        if (!strcmp(UNITS[i].dim, dim) && UNITS[i].factor == 1 && UNITS[i].offset == 0)
            return UNITS[i].sym;
    return NULL;
}
