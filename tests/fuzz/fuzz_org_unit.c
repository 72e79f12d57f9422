/* libFuzzer target for one unit of Enhetsregisteret (enhet, underenhet or a unit's roles) as
 * the import reads it with yajl's event parser. The input is the JSON text. */
#include "core/utf8.h"
#include "org/org_unit_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every kept field is NUL-terminated within its array and valid UTF-8 (long strings are cut at
 * a character boundary). */
static void field_check(const char *f, size_t cap)
{
    const char *nul = memchr(f, '\0', cap);
    if (!nul || !utf8_valid(f, (size_t)(nul - f))) abort();
}

#define FIELD_CHECK(f) field_check((f), sizeof(f))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    org_unit_fields f;
    char err[256];
    if (org_unit_parse((const char *)data, size, &f, err, sizeof err) != 0) {
        if (!memchr(err, '\0', sizeof err)) abort();
        return 0;
    }
    FIELD_CHECK(f.orgnr);
    FIELD_CHECK(f.name);
    FIELD_CHECK(f.legal_form);
    FIELD_CHECK(f.city_business);
    FIELD_CHECK(f.city_location);
    FIELD_CHECK(f.city_postal);
    FIELD_CHECK(f.parent_orgnr);
    FIELD_CHECK(f.deleted_on);
    return 0;
}
