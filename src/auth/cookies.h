/* Every cookie Min side sets, in one table: the privacy statement's cookie table is rendered
 * from it, and session_cookie_set() refuses a name that is not in it, so the statement lists
 * exactly the cookies the service sets. A module that needs a cookie adds its row here. */
#ifndef MINSIDE_AUTH_COOKIES_H
#define MINSIDE_AUTH_COOKIES_H

#include <jansson.h>

typedef enum { COOKIE_SESSION, COOKIE_LOGIN, COOKIE_COUNT } cookie_id;

typedef struct cookie_info {
    const char *name;     /* behind https with the "__Host-" prefix (browsers demand Secure) */
    const char *purpose;  /* Norwegian, for the privacy statement */
    const char *content;
    const char *lifetime;
} cookie_info;

extern const cookie_info cookie_table[COOKIE_COUNT];

/* The cookie's name as set on this installation ("__Host-minside" behind https, "minside" on a
 * development http address). */
const char *cookie_name(cookie_id id);
/* 1 when name is one of the table's cookies as named on this installation. */
int cookie_is_known(const char *name);
/* The table as the privacy statement shows it: [{name, purpose, content, lifetime}]. */
json_t *cookie_table_json(void);

#endif
