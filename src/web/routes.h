/* The route table of the whole service (routes.c). */
#ifndef MINSIDE_WEB_ROUTES_H
#define MINSIDE_WEB_ROUTES_H

#include "http/router.h"

extern const route site_routes[];

#endif
