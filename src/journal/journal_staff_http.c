/* «Til offentlighetsvurdering» under /ansatt/offentlig-journal: the entries waiting to be
 * assessed, each with the archive's screening form and a field for the persons' names in its
 * title, and «Stopp publisering» for managers. Any staff role may look; assessing needs
 * saksbehandler or arkivleder, stopping and lifting leder. Every write is one transaction. */
#include "journal/journal.h"
#include "journal/journal_http.h"
#include "journal/journal_staff.h"

#include "app.h"
#include "archive/archive.h"
#include "archive/archive_http.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/log.h"
#include "http/response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_PATH "/ansatt/offentlig-journal"

static void unavailable(req *r, db *d, const char *what)
{
    log_error("request=%s %s: %s", r->id, what, d ? db_errmsg(d) : "ingen database");
    auth_page_unavailable(r);
}

static int has_role(const req *r, const char *role)
{
    return auth_roles_include(r->session->roles, role);
}

static int may_assess(const req *r)
{
    return has_role(r, AUTH_ROLE_CASEWORKER) || has_role(r, AUTH_ROLE_ARCHIVIST);
}

/* The staff session, and the role when one is asked for (403 otherwise); NULL after answering. */
static db *staff_db(req *r, int (*allowed)(const req *), const char *refusal)
{
    if (auth_require_staff(r, NULL)) return NULL;
    if (allowed && !allowed(r)) {
        resp_error(r, 403, "Du har ikke tilgang", refusal);
        return NULL;
    }
    db *d = app_db();
    if (!d) auth_page_unavailable(r);
    return d;
}

static int is_manager(const req *r)
{
    return has_role(r, AUTH_ROLE_MANAGER);
}

static const char *staff_name(const req *r)
{
    return r->session->name && *r->session->name ? r->session->name : "ukjent ansatt";
}

/* The page, with an error for one entry (entry_id) or for the stop form (entry_id 0). */
static void render_queue(req *r, db *d, int status, const char *error, int64_t entry_id)
{
    json_t *items, *active, *history;
    int64_t total;
    int rc = journal_staff_queue_read(d, r->arena, &items, &total);
    if (rc != DB_OK) {
        json_decref(items);
        unavailable(r, d, "kunne ikke lese køen til offentlighetsvurdering");
        return;
    }
    rc = journal_staff_stops_read(d, &active, &history);
    if (rc != DB_OK) {
        json_decref(items);
        json_decref(active);
        json_decref(history);
        unavailable(r, d, "kunne ikke lese stoppene av publisering");
        return;
    }
    size_t i;
    json_t *item;
    int shown = 0;
    json_array_foreach(items, i, item) {
        if (error && entry_id && json_integer_value(json_object_get(item, "id")) == entry_id) {
            json_object_set_new(item, "error", json_string(error));
            shown = 1;
        }
    }
    json_t *m = json_pack("{s:o,s:I,s:b,s:o,s:b,s:o,s:b,s:b}", "items", items, "total",
                          (json_int_t)total, "any", json_array_size(items) > 0, "stops", active,
                          "any_stops", json_array_size(active) > 0, "history", history,
                          "may_assess", may_assess(r), "may_stop", is_manager(r));
    if (error && !entry_id) json_object_set_new(m, "stop_error", json_string(error));
    /* An entry that is not in the queue (a note, one already assessed): the error on top. */
    if (error && entry_id && !shown) json_object_set_new(m, "page_error", json_string(error));
    const char *done = req_query(r, "vurdert");
    if (done && strlen(done) < 40) json_object_set_new(m, "assessed", json_string(done));
    resp_page(r, status, "pages/ansatt-offentlig-journal", "Til offentlighetsvurdering", m);
}

void journal_staff_queue(req *r)
{
    db *d = staff_db(r, NULL, NULL);
    if (d) render_queue(r, d, 200, NULL, 0);
}

static int64_t id_param(req *r)
{
    const char *s = req_param(r, "id");
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    return strtoll(s, NULL, 10);
}

void journal_staff_assess(req *r)
{
    db *d = staff_db(r, may_assess, "Bare saksbehandlere og arkivledere kan vurdere journalposter.");
    if (!d) return;
    int64_t id = id_param(r);
    if (id < 0) {
        resp_error(r, 404, "Fant ikke siden", "Journalposten finnes ikke.");
        return;
    }
    const char *screening = req_form(r, "skjerming");
    int screen = screening && !strcmp(screening, "sett");
    archive_screening sc;
    char err[256] = "";
    int rc = screen ? archive_http_screening_form(r, &sc, err, sizeof err) : DB_OK;
    if (rc == DB_OK) rc = db_begin(d);
    if (rc == DB_OK) {
        if (screen) rc = archive_entry_set_screening(d, id, &sc, staff_name(r), err, sizeof err);
        if (rc == DB_OK)
            rc = journal_entry_assess(d, id, archive_http_comma_list(r, req_form(r, "navn")),
                                      staff_name(r), err, sizeof err);
        rc = db_finish(d, rc);
    }
    if (rc == ARCHIVE_ERR_NOT_FOUND || rc == JOURNAL_ERR_NOT_PUBLIC) {
        resp_error(r, 404, "Fant ikke siden", "Journalposten finnes ikke.");
        return;
    }
    if (rc == ARCHIVE_ERR_INVALID || rc == JOURNAL_ERR_INVALID) {
        render_queue(r, d, 400, err, id);
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke lagre offentlighetsvurderingen");
        return;
    }
    resp_redirect(r, 303, arena_printf(r->arena, QUEUE_PATH "?vurdert=%lld", (long long)id));
}

void journal_staff_stop(req *r)
{
    db *d = staff_db(r, is_manager, "Bare ledere kan stoppe publisering.");
    if (!d) return;
    const char *scope_text = req_form(r, "omfang");
    journal_stop_scope scope;
    if (scope_text && !strcmp(scope_text, "journal")) scope = JOURNAL_STOP_ALL;
    else if (scope_text && !strcmp(scope_text, "saksmappe")) scope = JOURNAL_STOP_CASE_FILE;
    else if (scope_text && !strcmp(scope_text, "journalpost")) scope = JOURNAL_STOP_ENTRY;
    else {
        render_queue(r, d, 400, "Velg hva som skal stoppes.", 0);
        return;
    }
    char err[256] = "";
    int rc = db_begin(d);
    if (rc == DB_OK)
        rc = db_finish(d, journal_stop_add(d, scope, req_form(r, "nummer"), staff_name(r), err,
                                           sizeof err));
    if (rc == JOURNAL_ERR_INVALID) {
        render_queue(r, d, 400, err, 0);
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke stoppe publiseringen");
        return;
    }
    resp_redirect(r, 303, QUEUE_PATH "#stopp");
}

void journal_staff_lift(req *r)
{
    db *d = staff_db(r, is_manager, "Bare ledere kan oppheve stopp av publisering.");
    if (!d) return;
    int64_t id = id_param(r);
    int rc = id < 0 ? JOURNAL_ERR_NOT_PUBLIC : db_begin(d);
    if (id >= 0 && rc == DB_OK) rc = db_finish(d, journal_stop_lift(d, id, staff_name(r)));
    if (rc == JOURNAL_ERR_NOT_PUBLIC) {
        resp_error(r, 404, "Fant ikke siden", "Stoppet finnes ikke eller er allerede opphevet.");
        return;
    }
    if (rc != DB_OK) {
        unavailable(r, d, "kunne ikke oppheve stoppet");
        return;
    }
    resp_redirect(r, 303, QUEUE_PATH "#stopp");
}
