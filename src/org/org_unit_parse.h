/* The fields Min side keeps from one unit of Enhetsregisteret (enhet or underenhet), read
 * with yajl's event parser straight from the JSON text: a bulk file has over a million units,
 * and building a tree for each would cost more than everything else the import does. */
#ifndef MINSIDE_ORG_ORG_UNIT_PARSE_H
#define MINSIDE_ORG_ORG_UNIT_PARSE_H

#include <stddef.h>

#include "org/org.h"

typedef struct org_unit_fields {
    char orgnr[16];
    char name[ORG_NAME_MAX + 1];
    char legal_form[16];
    char city_business[64], city_location[64], city_postal[64];
    char parent_orgnr[16];
    char deleted_on[16];
    int bankrupt, liquidating;
    int has_roles; /* the object has rollegrupper: it is a unit's roles, not a unit */
} org_unit_fields;

/* Parses the object json[0..len). Returns 0, or -1 with yajl's message (in English, with
 * the place) in err. Strings longer than their field are cut at a character boundary. */
int org_unit_parse(const char *json, size_t len, org_unit_fields *f, char *err, size_t errlen);

#endif
