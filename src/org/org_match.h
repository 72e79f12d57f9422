/* Whether an applicant is likely the person Enhetsregisteret names in a role that may represent
 * the organisation. The open register names persons only by name and birth date, so a match is
 * a likelihood shown to the caseworker, never a decision. */
#ifndef MINSIDE_ORG_ORG_MATCH_H
#define MINSIDE_ORG_ORG_MATCH_H

#include <stdbool.h>

/* True for the roles whose holder may be approved as the organisation's administrator: daglig
 * leder, styreleder, nestleder and prokura (PROK, POFE, POHV), and the owner (INNH) of a sole
 * proprietorship (legal_form "ENK"). */
bool org_role_may_represent(const char *role_code, const char *legal_form);

/* The Norwegian description of a role code ("Daglig leder/ adm.direktør"), or the code itself
 * when unknown. */
const char *org_role_label(const char *role_code);

/* True when the name an applicant gave and a name in the register are likely the same person:
 * compared after org_name_normalise (case and diacritics do not matter), in any word order, and
 * one side may leave out middle names. At least two words must be shared. */
bool org_person_name_matches(const char *given, const char *registered);

#endif
