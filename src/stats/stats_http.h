/* «Statistikk» for staff with the `leder` role: the charts at /statistikk and each chart's CSV
 * file at /statistikk/<chart>.csv. */
#ifndef MINSIDE_STATS_STATS_HTTP_H
#define MINSIDE_STATS_STATS_HTTP_H

#include "http/request.h"

void stats_page(req *r);
void stats_page_csv(req *r);

#endif
