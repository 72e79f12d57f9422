/* The login pages: the way to the provider and back, logout (here, at the provider, and from
 * the provider by front channel), and the person's profile. */
#ifndef MINSIDE_AUTH_AUTH_HTTP_H
#define MINSIDE_AUTH_AUTH_HTTP_H

#include "http/request.h"

void auth_login_public(req *r);        /* GET /logg-inn */
void auth_callback_public(req *r);     /* GET /logg-inn/tilbake */
void auth_login_staff(req *r);         /* GET /ansatt/logg-inn */
void auth_callback_staff(req *r);      /* GET /ansatt/logg-inn/tilbake */
void auth_logout(req *r);              /* POST /logg-ut */
void auth_logged_out(req *r);          /* GET /logget-ut */
void auth_logout_frontchannel(req *r); /* GET /logg-ut/frontkanal?iss=…&sid=… */
void auth_profile_show(req *r);        /* GET /min-side/profil */
void auth_profile_save(req *r);        /* POST /min-side/profil */
void auth_home(req *r);                /* GET /min-side (staff: to /ansatt) */
void auth_staff_home(req *r);          /* GET /ansatt: the staff's start page */

#endif
