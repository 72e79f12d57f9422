/* «Mine personopplysninger»: GET /min-side/personopplysninger (the page),
 * /min-side/personopplysninger/utskrift (printable) and /min-side/personopplysninger.json. */
#ifndef MINSIDE_PRIVACY_PRIVACY_HTTP_H
#define MINSIDE_PRIVACY_PRIVACY_HTTP_H

#include "http/request.h"

void privacy_page_show(req *r);
void privacy_page_print(req *r);
void privacy_download_json(req *r);

#endif
