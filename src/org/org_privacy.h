/* A person's organisations and the history of their roles, for «Mine personopplysninger». */
#ifndef MINSIDE_ORG_ORG_PRIVACY_H
#define MINSIDE_ORG_ORG_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* One item per organisation the person has applied to represent: the organisation, the role,
 * where the application stands, the name given, when applied and decided, and a rejection's
 * reason. Returns 0 or a negative code. */
int org_privacy_items(db *d, arena *a, int64_t person_id, json_t *items);

#endif
