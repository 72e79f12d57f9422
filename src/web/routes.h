/* The route table of the whole service (routes.c). */
#ifndef MINSIDE_WEB_ROUTES_H
#define MINSIDE_WEB_ROUTES_H

#include "http/router.h"

extern const route site_routes[];
/* The addresses that take larger files than MINSIDE_MAX_FILE_BYTES. */
extern const route_file_limit site_file_limits[];

#endif
