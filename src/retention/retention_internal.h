/* Between the retention rules, their runs and their SQL. Internal to src/retention. */
#ifndef MINSIDE_RETENTION_RETENTION_INTERNAL_H
#define MINSIDE_RETENTION_RETENTION_INTERNAL_H

#include "retention/retention.h"

void retention_rules_register_builtin(void);
/* Records one deletion (in the deletion's transaction). */
int retention_db_log_insert(db *d, const char *rule, const char *kind, int64_t item_id, int64_t at);

#endif
