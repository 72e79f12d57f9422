/* «Min profil»: the name, e-mail and phone the person gives (ID-porten gives only the pid),
 * and the landing page after login. */
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "auth/auth.h"
#include "auth/auth_http.h"
#include "auth/person.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"
#include "http/response.h"

static void profile_render(req *r, int status, const person_profile *p, const char *next,
                           const char *error, const char *field, int saved)
{
    json_t *m = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "heading",
        r->session->name ? "Min profil" : "Fullfør profilen din", "name", p->name ? p->name : "",
        "email", p->email ? p->email : "", "phone", p->phone ? p->phone : "", "birth_date",
        p->birth_date && date_text_nb_ymd(r->arena, p->birth_date)
            ? date_text_nb_ymd(r->arena, p->birth_date)
            : "", "first_time", r->session->name == NULL, "saved", saved);
    json_object_set_new(m, "next", json_string(next ? next : ""));
    json_object_set_new(m, "notify", json_boolean(p->notify_email));
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "field", json_string(field));
        json_object_set_new(m, arena_printf(r->arena, "error_%s", field), json_true());
    }
    resp_page(r, status, "pages/profil", r->session->name ? "Min profil" : "Fullfør profilen din",
              m);
}

/* The logged-in person's profile, or an answer already given (login, or 503). */
static db *profile_load(req *r, person_profile *p)
{
    if (auth_require_person(r)) return NULL;
    db *d = app_db();
    int notify = d ? person_notify_get(d, r->session->person_id) : DB_ERR;
    if (!d || notify < 0 || person_profile_get(d, r->arena, r->session->person_id, p) != DB_OK) {
        auth_page_unavailable(r);
        return NULL;
    }
    p->notify_email = notify;
    return d;
}

void auth_profile_show(req *r)
{
    person_profile p;
    if (!profile_load(r, &p)) return;
    const char *next = req_query(r, "neste");
    profile_render(r, 200, &p, next ? auth_return_path(next) : NULL, NULL, NULL,
                   req_query(r, "lagret") != NULL);
}

void auth_profile_save(req *r)
{
    person_profile p;
    db *d = profile_load(r, &p);
    if (!d) return;
    const char *name = req_form(r, "navn"), *email = req_form(r, "epost"),
               *phone = req_form(r, "telefon"), *next = req_form(r, "neste");
    const char *field = NULL;
    const char *error = person_profile_check(name, email, phone, &field);
    if (next && !*next) next = NULL;
    if (error) {
        person_profile typed = p;
        typed.name = name;
        typed.email = email;
        typed.phone = phone;
        typed.notify_email = req_form(r, "varsle") != NULL;
        profile_render(r, 400, &typed, next ? auth_return_path(next) : NULL, error, field, 0);
        return;
    }
    /* The profile and the choice of notices are one save. */
    int rc = db_begin(d);
    if (rc == DB_OK) rc = person_profile_set(d, r->session->person_id, name, email, phone, clock_now());
    if (rc == DB_OK) rc = person_notify_set(d, r->session->person_id, req_form(r, "varsle") != NULL);
    if (rc == DB_OK) rc = audit_append_req(d, r, AUDIT_OBJ_PERSON, r->session->person_id, AUDIT_CHANGE, "profil");
    rc = db_finish(d, rc);
    if (rc != DB_OK) {
        log_error("request=%s kunne ikke lagre profilen: %s", r->id, db_errmsg(d));
        resp_error(r, 503, "Tjenesten er midlertidig utilgjengelig",
                   "Min side kunne ikke lagre profilen akkurat nå. Prøv igjen om litt.");
        return;
    }
    resp_redirect(r, 303, next ? auth_return_path(next) : "/min-side/profil?lagret=1");
}

void auth_home(req *r)
{
    /* Staff have their own start page; the person's cards are not theirs. */
    if (r->session && r->session->staff_id) {
        resp_redirect(r, 303, "/ansatt");
        return;
    }
    if (auth_require_person(r)) return;
    if (!r->session->name) {
        resp_redirect(r, 303, "/min-side/profil?neste=%2Fmin-side");
        return;
    }
    resp_page(r, 200, "pages/min_side", "Min side", json_pack("{s:s}", "name", r->session->name));
}

void auth_staff_home(req *r)
{
    if (auth_require_staff(r, NULL)) return;
    int manager = auth_roles_include(r->session->roles, AUTH_ROLE_MANAGER);
    resp_page(r, 200, "pages/ansatt", "Saksbehandling",
              json_pack("{s:s, s:b, s:b, s:b, s:b}", "name", r->session->name ? r->session->name : "",
                        "caseworker", auth_roles_include(r->session->roles, AUTH_ROLE_CASEWORKER),
                        "manager", manager, "newsletter", manager,
                        "archivist", auth_roles_include(r->session->roles, AUTH_ROLE_ARCHIVIST)));
}
