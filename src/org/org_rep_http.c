/* The representation pages for persons: registering for an organisation, «Mine virksomheter»
 * with the switch between them, «Jeg finner ikke organisasjonen min», «Brukere» for an
 * organisation's administrators, and the organisation in the header. */
#include <jansson.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/person.h"
#include "auth/session.h"
#include "core/email.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/response.h"
#include "org/org.h"
#include "org/org_db.h"
#include "org/org_http.h"
#include "org/org_member.h"
#include "org/org_rep.h"

static void failed(req *r, const char *what, db *d)
{
    log_error("request=%s %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    auth_page_unavailable(r);
}

static const char *trimmed(req *r, const char *field)
{
    const char *v = req_form(r, field);
    if (!v) return "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') v++;
    char *copy = arena_strdup(r->arena, v);
    size_t n = strlen(copy);
    while (n && (copy[n - 1] == ' ' || copy[n - 1] == '\t' || copy[n - 1] == '\r' ||
                 copy[n - 1] == '\n'))
        copy[--n] = '\0';
    return copy;
}

void org_layout_add(req *r, json_t *user)
{
    db *d = app_db();
    org_acting a;
    if (!d || !r->session || org_acting_get(d, r->session->id, r->session->person_id, &a) != 1)
        return;
    json_object_set_new(
        user, "org",
        json_pack("{s:s, s:s, s:b}", "name", a.org_name, "status",
                  org_status_label(a.is_admin ? ORG_ROLE_ADMIN : ORG_ROLE_USER,
                                   a.confirmed ? ORG_STATUS_CONFIRMED : ORG_STATUS_PENDING),
                  "confirmed", a.confirmed));
}

/* ---- Registering ---------------------------------------------------------------------------- */

/* The unit's name, or NULL when the register has no such unit (answered 404) or on error. */
static const char *unit_name(req *r, db *d, const char *orgnr)
{
    if (!orgnr || !org_number_valid(orgnr)) {
        resp_error(r, 404, "Fant ikke organisasjonen",
                   "Organisasjonsnummeret finnes ikke i Enhetsregisteret. Søk etter "
                   "organisasjonen på nytt.");
        return NULL;
    }
    char name[ORG_NAME_MAX];
    int rc = org_name_copy(d, orgnr, name, sizeof name);
    if (rc == 1) return arena_strdup(r->arena, name);
    if (rc == 0)
        resp_error(r, 404, "Fant ikke organisasjonen",
                   "Organisasjonsnummeret finnes ikke i Enhetsregisteret. Søk etter "
                   "organisasjonen på nytt.");
    else
        failed(r, "kunne ikke lese organisasjonen", d);
    return NULL;
}

static void register_render(req *r, int status, const char *orgnr, const char *org_name,
                            const char *name, const char *email, const char *error,
                            const char *field)
{
    char formatted[12];
    org_number_format(orgnr, formatted);
    json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s}", "orgnr", orgnr, "orgnr_visning", formatted,
                          "org_name", org_name, "name", name ? name : "", "email",
                          email ? email : "");
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "field", json_string(field));
        json_object_set_new(m, arena_printf(r->arena, "error_%s", field), json_true());
    }
    resp_page(r, status, "pages/virksomhet-registrer", "Registrer deg for virksomheten", m);
}

void org_page_register(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *orgnr = req_query(r, "orgnr");
    const char *org_name = unit_name(r, d, orgnr);
    if (!org_name) return;
    person_profile p;
    if (person_profile_get(d, r->arena, r->session->person_id, &p) != DB_OK) {
        failed(r, "kunne ikke lese profilen", d);
        return;
    }
    register_render(r, 200, orgnr, org_name, p.name, p.email, NULL, NULL);
}

void org_register_submit(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *orgnr = req_form(r, "orgnr");
    const char *org_name = unit_name(r, d, orgnr);
    if (!org_name) return;
    const char *name = trimmed(r, "navn"), *email = trimmed(r, "epost");
    if (!*name || strlen(name) > ORG_GIVEN_NAME_MAX) {
        register_render(r, 400, orgnr, org_name, name, email,
                        *name ? "Navnet kan ikke være lengre enn 200 tegn."
                              : "Skriv navnet ditt slik det står i Enhetsregisteret.",
                        "navn");
        return;
    }
    if (!email_valid(email)) {
        register_render(r, 400, orgnr, org_name, name, email,
                        "Skriv en gyldig e-postadresse, for eksempel navn@firma.no.", "epost");
        return;
    }
    org_registration reg;
    int rc = org_register(d, r->session->person_id, orgnr, name, email, clock_now(), &reg);
    if (rc == ORG_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke organisasjonen",
                   "Organisasjonsnummeret finnes ikke i Enhetsregisteret.");
        return;
    }
    if (rc < 0) {
        failed(r, "kunne ikke registrere representanten", d);
        return;
    }
    /* The organisation just registered for is the one the session acts for from now on. */
    if (org_session_switch(d, r->session->id, r->session->person_id, orgnr) < 0)
        log_warn("request=%s kunne ikke bytte virksomhet etter registrering", r->id);
    resp_redirect(r, 303, reg.created ? "/virksomhet?registrert=1" : "/virksomhet?finnes=1");
}

/* ---- «Mine virksomheter» -------------------------------------------------------------------- */

void org_page_mine(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    json_t *list = org_memberships_json(d, r->arena, r->session->person_id);
    org_acting a;
    int acting = list ? org_acting_get(d, r->session->id, r->session->person_id, &a) : DB_ERR;
    if (!list || acting < 0) {
        json_decref(list);
        failed(r, "kunne ikke lese virksomhetene", d);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *nr = json_string_value(json_object_get(item, "orgnr"));
        json_object_set_new(item, "current", json_boolean(acting == 1 && !strcmp(nr, a.orgnr)));
    }
    json_t *m = json_pack("{s:o, s:b, s:b, s:b, s:b}", "orgs", list, "any",
                          json_array_size(list) > 0, "registered",
                          req_query(r, "registrert") != NULL, "existed",
                          req_query(r, "finnes") != NULL, "admin",
                          acting == 1 && a.is_admin && a.confirmed);
    if (acting == 1) json_object_set_new(m, "acting_name", json_string(a.org_name));
    resp_page(r, 200, "pages/virksomhet", "Mine virksomheter", m);
}

void org_switch(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *orgnr = req_form(r, "orgnr");
    int rc = orgnr && org_number_valid(orgnr)
                 ? org_session_switch(d, r->session->id, r->session->person_id, orgnr)
                 : ORG_ERR_NOT_FOUND;
    if (rc == ORG_ERR_NOT_FOUND) {
        resp_error(r, 404, "Fant ikke virksomheten",
                   "Du kan bare bytte til en virksomhet du er registrert for.");
        return;
    }
    if (rc < 0) {
        failed(r, "kunne ikke bytte virksomhet", d);
        return;
    }
    resp_redirect(r, 303, "/virksomhet");
}

/* ---- «Jeg finner ikke organisasjonen min» --------------------------------------------------- */

static void request_render(req *r, int status, const char *name, const char *orgnr,
                           const char *message, const char *error, const char *field)
{
    json_t *m = json_pack("{s:s, s:s, s:s, s:b}", "org_name", name ? name : "", "orgnr",
                          orgnr ? orgnr : "", "message", message ? message : "", "sent",
                          req_query(r, "sendt") != NULL);
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "field", json_string(field));
        json_object_set_new(m, arena_printf(r->arena, "error_%s", field), json_true());
    }
    resp_page(r, status, "pages/virksomhet-finner-ikke", "Jeg finner ikke organisasjonen min", m);
}

void org_page_request(req *r)
{
    if (!auth_person_db(r)) return;
    request_render(r, 200, NULL, NULL, NULL, NULL, NULL);
}

void org_request_submit(req *r)
{
    db *d = auth_person_db(r);
    if (!d) return;
    const char *name = trimmed(r, "navn"), *message = trimmed(r, "melding");
    const char *typed = trimmed(r, "orgnr");
    char digits[10] = "";
    size_t n = *typed ? org_number_from_query(typed, digits) : 0;
    const char *error = NULL, *field = NULL;
    if (!*name || strlen(name) > ORG_REQUEST_NAME_MAX)
        error = *name ? "Navnet kan ikke være lengre enn 300 tegn."
                      : "Skriv navnet på organisasjonen.",
        field = "navn";
    else if (*typed && (n != 9 || !org_number_valid(digits)))
        error = "Organisasjonsnummeret skal ha ni siffer, for eksempel 310 000 027. La feltet "
                "stå tomt hvis du ikke vet det.",
        field = "orgnr";
    else if (!*message || strlen(message) > ORG_REQUEST_MESSAGE_MAX)
        error = *message ? "Meldingen kan ikke være lengre enn 4000 tegn."
                         : "Skriv kort hva virksomheten gjør og hvorfor du representerer den.",
        field = "melding";
    if (error) {
        request_render(r, 400, name, typed, message, error, field);
        return;
    }
    if (org_request_create(d, r->session->person_id, name, n == 9 ? digits : NULL, message,
                           clock_now()) < 0) {
        failed(r, "kunne ikke lagre forespørselen", d);
        return;
    }
    resp_redirect(r, 303, "/virksomhet/finner-ikke?sendt=1");
}

/* ---- «Brukere» ------------------------------------------------------------------------------ */

/* The acting organisation when the person is its confirmed administrator; otherwise answers
 * 403 and returns -1. */
static int admin_acting(req *r, db *d, org_acting *a)
{
    int rc = org_acting_get(d, r->session->id, r->session->person_id, a);
    if (rc < 0) {
        failed(r, "kunne ikke lese virksomheten", d);
        return -1;
    }
    if (rc == 0 || !a->confirmed || !a->is_admin) {
        resp_error(r, 403, "Du har ikke tilgang",
                   "Bare en godkjent administrator for virksomheten kan se og endre brukerne.");
        return -1;
    }
    return 0;
}

/* «Forrige side» before the page's first person or «Neste side» after its last. */
static const char *people_link(req *r, json_t *people, size_t index, bool before)
{
    page_cursor c = {.before = before,
                     .id = json_integer_value(json_object_get(json_array_get(people, index), "id")),
                     .key = ""};
    return arena_printf(r->arena, "/virksomhet/brukere?side=%s", page_cursor_encode(r->arena, &c));
}

static void people_render(req *r, db *d, const org_acting *a, int status, int64_t error_id,
                          const char *error)
{
    /* The page: after (or before) the member the cursor in side names; after an action, the
     * first. Reading back to the start shows the first page, whole. */
    const char *side = status == 200 ? req_query(r, "side") : NULL;
    page_cursor at;
    if (side && page_cursor_decode(side, &at) != 0) {
        resp_error(r, 400, "Ugyldig side", "Lenken til denne siden er ugyldig. Gå til første side av «Brukere».");
        return;
    }
    int more = 0;
    json_t *people = org_people_json(d, a->orgnr, r->session->person_id, side ? &at : NULL, &more);
    bool prev = side != NULL, next = more;
    if (people && side && at.before) {
        prev = more;
        next = true;
        if (!more) {
            json_decref(people);
            people = org_people_json(d, a->orgnr, r->session->person_id, NULL, &more);
            next = more;
        }
    }
    if (!people) {
        failed(r, "kunne ikke lese brukerne", d);
        return;
    }
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p)
    {
        if (json_integer_value(json_object_get(p, "id")) == error_id)
            json_object_set_new(p, "error", json_string(error));
    }
    json_t *m = json_pack("{s:s, s:o, s:b}", "org_name", a->org_name, "people", people, "done",
                          req_query(r, "endret") != NULL);
    size_t shown = json_array_size(people);
    if (prev)
        json_object_set_new(m, "prev", json_string(shown ? people_link(r, people, 0, true) : "/virksomhet/brukere"));
    if (next && shown) json_object_set_new(m, "next", json_string(people_link(r, people, shown - 1, false)));
    json_object_set_new(m, "has_pages", json_boolean(prev || (next && shown)));
    if (error) {
        json_object_set_new(m, "error", json_string(error));
        json_object_set_new(m, "error_id", json_integer(error_id));
    }
    resp_page(r, status, "pages/virksomhet-brukere", "Brukere", m);
}

void org_page_people(req *r)
{
    db *d = auth_person_db(r);
    org_acting a;
    if (!d || admin_acting(r, d, &a)) return;
    people_render(r, d, &a, 200, 0, NULL);
}

/* The answer to an administrator's action that changed nothing. */
static void people_refused(req *r, db *d, int rc)
{
    switch (rc) {
    case ORG_ERR_FORBIDDEN:
        resp_error(r, 403, "Du har ikke tilgang",
                   "Bare en godkjent administrator for virksomheten kan endre brukerne.");
        break;
    case ORG_ERR_NOT_FOUND:
        resp_error(r, 404, "Fant ikke personen",
                   "Personen er ikke registrert for virksomheten du representerer.");
        break;
    case ORG_ERR_DECIDED:
        resp_error(r, 409, "Allerede behandlet",
                   "Registreringen er allerede godkjent eller avvist.");
        break;
    case ORG_ERR_LAST_ADMIN:
        resp_error(r, 409, "Virksomheten må ha en administrator",
                   "Du kan ikke fjerne eller endre rollen til den siste administratoren. Gi "
                   "først en annen person rollen administrator.");
        break;
    default:
        failed(r, "kunne ikke endre brukeren", d);
    }
}

/* Runs one administrator action on the :id in the route and answers. */
static void people_action(req *r, const char *action)
{
    db *d = auth_person_db(r);
    org_acting a;
    if (!d || admin_acting(r, d, &a)) return;
    int64_t id = req_param_id(r, "id");
    if (!id) {
        people_refused(r, d, ORG_ERR_NOT_FOUND);
        return;
    }
    int64_t me = r->session->person_id, now = clock_now();
    int rc;
    if (!strcmp(action, "godkjenn")) {
        rc = org_user_decide(d, a.orgnr, me, id, 1, NULL, now);
    } else if (!strcmp(action, "avvis")) {
        const char *reason = trimmed(r, "begrunnelse");
        if (!*reason || strlen(reason) > ORG_REASON_MAX) {
            people_render(r, d, &a, 400, id,
                          *reason ? "Begrunnelsen kan ikke være lengre enn 2000 tegn."
                                  : "Skriv en begrunnelse for avvisningen.");
            return;
        }
        rc = org_user_decide(d, a.orgnr, me, id, 0, reason, now);
    } else if (!strcmp(action, "rolle")) {
        const char *role = req_form(r, "rolle");
        if (!role || (strcmp(role, ORG_ROLE_ADMIN) && strcmp(role, ORG_ROLE_USER))) {
            resp_error(r, 400, "Ukjent rolle", "Velg rollen administrator eller bruker.");
            return;
        }
        rc = org_user_set_role(d, a.orgnr, me, id, role, now);
    } else {
        rc = org_user_remove(d, a.orgnr, me, id, now);
    }
    if (rc < 0) {
        people_refused(r, d, rc);
        return;
    }
    resp_redirect(r, 303, "/virksomhet/brukere?endret=1");
}

/* «Slett tilknytningen»: a page of its own asks before the association goes (no script needed).
 * The person must be listed on «Brukere» and not be its only administrator. */
void org_page_people_remove(req *r)
{
    db *d = auth_person_db(r);
    org_acting a;
    if (!d || admin_acting(r, d, &a)) return;
    int64_t id = req_param_id(r, "id");
    json_t *found = org_person_json(d, a.orgnr, r->session->person_id, id);
    if (!found) {
        failed(r, "kunne ikke lese brukerne", d);
        return;
    }
    if (json_is_null(found) || json_is_true(json_object_get(found, "last_admin"))) {
        int refusal = json_is_null(found) ? ORG_ERR_NOT_FOUND : ORG_ERR_LAST_ADMIN;
        json_decref(found);
        people_refused(r, d, refusal);
        return;
    }
    json_t *m = json_pack("{s:I, s:O, s:s}", "id", (json_int_t)id, "name",
                          json_object_get(found, "name"), "org_name", a.org_name);
    json_decref(found);
    resp_page(r, 200, "pages/virksomhet-bruker-slett", "Slette tilknytningen?", m);
}

void org_people_approve(req *r) { people_action(r, "godkjenn"); }
void org_people_reject(req *r) { people_action(r, "avvis"); }
void org_people_role(req *r) { people_action(r, "rolle"); }
void org_people_remove(req *r) { people_action(r, "slett"); }
