/* The case pages' shared steps. */
#include "cases/case_http_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "core/log.h"
#include "http/response.h"
#include "http/upload_check.h"

enum { FILE_NAME_MAX = 255 };

int case_http_person(req *r, db **d)
{
    if (auth_require_person(r)) return -1;
    if (!r->session->name) {
        resp_redirect(r, 303, "/min-side/profil?neste=%2Fmin-side");
        return -1;
    }
    *d = app_db();
    if (!*d) {
        auth_page_unavailable(r);
        return -1;
    }
    return 0;
}

int case_http_actor(req *r, db *d, case_actor_info *by, org_acting *acting)
{
    memset(by, 0, sizeof *by);
    by->person_id = r->session->person_id;
    by->name = r->session->name;
    if (!acting) return 0;
    int rc = org_acting_get(d, r->session->id, r->session->person_id, acting);
    if (rc < 0) {
        log_error("request=%s kunne ikke lese organisasjonen: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return -1;
    }
    return rc == 1 && acting->confirmed;
}

void case_http_not_found(req *r)
{
    resp_error(r, 404, "Fant ikke saken",
               "Saken finnes ikke, eller du har ikke tilgang til den. Er du logget inn som rett "
               "person, og har du valgt rett organisasjon?");
}

int64_t case_http_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    int64_t v = strtoll(s, NULL, 10);
    return v > 0 ? v : -1;
}

int case_http_case(req *r, db *d, case_access_info *a)
{
    int64_t id = case_http_id(req_param(r, "id"));
    int rc = id > 0 ? case_access_get(d, id, r->session->person_id, a) : 0;
    if (rc < 0) {
        log_error("request=%s kunne ikke lese saken: %s", r->id, db_errmsg(d));
        auth_page_unavailable(r);
        return -1;
    }
    if (rc == 0) {
        case_http_not_found(r);
        return -1;
    }
    return 0;
}

int case_http_files(req *r, const char *field, size_t min, archive_document_new **docs, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < r->upload_count; i++)
        if (!strcmp(r->uploads[i].field, field) && r->uploads[i].path) count++;
    /* A file input left empty arrives as a part with no name and no bytes: not a file. */
    size_t real = 0;
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        if (!strcmp(u->field, field) && u->path && (u->size > 0 || (u->filename && *u->filename)))
            real++;
    }
    if (real > CASE_MAX_ATTACHMENTS) {
        resp_error(r, 413, "For mange filer",
                   arena_printf(r->arena, "Du kan legge ved høyst %d filer om gangen.",
                                CASE_MAX_ATTACHMENTS));
        return -1;
    }
    *docs = arena_calloc(r->arena, count ? count : 1, sizeof **docs);
    *n = 0;
    const file_kind **kinds = arena_calloc(r->arena, count + 1, sizeof *kinds);
    upload_verdict v;
    if (real == 0 && min == 0) return 0;
    if (upload_check_field(r, field, min, r->max_file_bytes, kinds, &v) != 0) {
        int status = !v.file ? 400 : v.file->size > r->max_file_bytes ? 413 : v.file->size ? 415 : 400;
        resp_error(r, status, "Filen kunne ikke tas imot", v.message);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->upload_count; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, field) || !u->path) continue;
        const char *name = u->filename && *u->filename ? u->filename : "vedlegg";
        if (strlen(name) > FILE_NAME_MAX) {
            resp_error(r, 400, "Filen kunne ikke tas imot",
                       "Filnavnet er for langt. Gi filen et kortere navn (høyst 255 tegn) og prøv igjen.");
            return -1;
        }
        (*docs)[k] = (archive_document_new){.title = name,
                                             .file_name = name,
                                             .mime_type = kinds[k]->mime,
                                             .path = u->path,
                                             .size = u->size};
        k++;
    }
    *n = k;
    return 0;
}

void case_http_failed(req *r, db *d, int rc, const char *err)
{
    if (rc == CASE_ERR_INVALID || rc == ARCHIVE_ERR_INVALID) {
        resp_error(r, 400, "Skjemaet kunne ikke sendes",
                   err && *err ? err : "Noe i skjemaet var ikke gyldig. Gå tilbake og prøv igjen.");
    } else if (rc == CASE_ERR_REFUSED) {
        resp_error(r, 409, "Det går ikke i denne saken",
                   "Saken er ikke lenger i en status der dette er mulig. Last saken på nytt for å "
                   "se hva som gjelder nå.");
    } else if (rc == CASE_ERR_NOT_FOUND || rc == ARCHIVE_ERR_NOT_FOUND) {
        case_http_not_found(r);
    } else {
        log_error("request=%s sak: lagring feilet (%d): %s", r->id, rc,
                  err && *err ? err : db_errmsg(d));
        resp_error(r, 503, "Vi kunne ikke lagre det du sendte",
                   "Ingenting er lagret. Prøv igjen om litt.");
    }
}

const char *case_http_field(req *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!v) return "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n')) n--;
    char *out = arena_alloc(r->arena, n + 1);
    memcpy(out, v, n);
    out[n] = '\0';
    return out;
}

void case_http_form_error(json_t *model, const char *field, const char *message)
{
    json_t *list = json_object_get(model, "errors");
    if (!list) {
        list = json_array();
        json_object_set_new(model, "errors", list);
        json_object_set_new(model, "has_errors", json_true());
    }
    json_array_append_new(list, json_pack("{s:s, s:s}", "field", field, "message", message));
    char key[64];
    snprintf(key, sizeof key, "error_%s", field);
    json_object_set_new(model, key, json_string(message));
}

int case_http_check_text(json_t *model, const char *field, const char *value, size_t max,
                         int required, const char *label)
{
    char msg[200];
    if (required && !*value) {
        snprintf(msg, sizeof msg, "Fyll ut «%s».", label);
    } else if (strlen(value) > max) {
        snprintf(msg, sizeof msg, "«%s» kan være høyst %zu tegn.", label, max);
    } else {
        return 0;
    }
    case_http_form_error(model, field, msg);
    return -1;
}

json_t *case_http_upload_model(const req *r)
{
    return json_pack("{s:s, s:I, s:i}", "kinds", upload_allowed_kinds_text(), "max_mb",
                     (json_int_t)(r->max_file_bytes >> 20), "max_files", CASE_MAX_ATTACHMENTS);
}
