/* The archive's test route, used by tests/durability/kill_test.sh to register uploads against
 * a running server that is killed at random moments. It acknowledges only after the commit, so
 * every acknowledged entry must survive any kill. */
#include "archive/archive_http.h"

#include "app.h"
#include "archive/archive.h"
#include "core/log.h"
#include "http/response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_routes_on;

int archive_http_test_routes_init(const char *base_url)
{
    const char *v = getenv("MINSIDE_TEST_ROUTES");
    test_routes_on = v && !strcmp(v, "1");
    if (test_routes_on && base_url && !strncmp(base_url, "https:", 6)) return -1;
    if (test_routes_on) log_warn("MINSIDE_TEST_ROUTES=1: testadressene er slått på");
    return 0;
}

/* resp_text() keeps a pointer to static text; these answers are built per request. */
static void send_text(req *r, int status, const char *text)
{
    char *copy = strdup(text);
    if (!copy) abort();
    resp_body(r, status, "text/plain; charset=utf-8", copy, strlen(copy));
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return -1;
    return strtoll(s, NULL, 10);
}

static int stored_checksum(db *d, int64_t entry_id, char out[65])
{
    db_stmt *s = db_prepare(d, "SELECT o.sha256 FROM archive_document_object o JOIN "
                               "archive_document x ON x.id = o.document_id WHERE x.entry_id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, entry_id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) snprintf(out, 65, "%s", db_col_text(s, 0));
    db_reset(s);
    return rc == DB_ROW ? 0 : DB_ERR;
}

/* The whole user action in one transaction: case file (when new), entry, document. */
static int register_upload(db *d, int64_t *case_id_io, const upload *u, const char *title,
                           archive_entry *e, char sha[65], char *err, size_t errlen)
{
    int64_t case_id = *case_id_io;
    int rc = db_begin(d);
    if (rc == DB_OK && case_id < 0) {
        archive_case_file c;
        archive_case_file_new cn = {
            .title = "Testsak", .admin_unit = "Test", .caseworker = "test", .created_by = "test"};
        rc = archive_case_file_open(d, &cn, &c, err, errlen);
        case_id = *case_id_io = c.id;
    }
    archive_party_new party = {ARCHIVE_PARTY_SENDER, ARCHIVE_PARTY_PERSON, "Testperson", NULL};
    archive_document_new doc = {.title = title,
                                .file_name = u->filename,
                                .mime_type = "application/octet-stream",
                                .path = u->path};
    archive_entry_new in = {.case_file_id = case_id,
                            .type = ARCHIVE_ENTRY_INCOMING,
                            .title = title,
                            .created_by = "test",
                            .parties = &party,
                            .party_count = 1,
                            .documents = &doc,
                            .document_count = 1};
    if (rc == DB_OK) rc = archive_entry_register(d, &in, e, err, errlen);
    if (rc == DB_OK) rc = stored_checksum(d, e->id, sha);
    if (rc == DB_OK) rc = db_commit(d);
    if (rc != DB_OK) db_rollback(d);
    return rc;
}

void archive_http_test_register(req *r)
{
    if (!test_routes_on) {
        resp_error(r, 404, "Siden finnes ikke",
                   "Vi fant ikke siden du lette etter. Den kan være flyttet eller slettet.");
        return;
    }
    const upload *u = req_upload(r, "dokument");
    const char *sak = req_form(r, "sak");
    int64_t case_id = sak && *sak ? parse_id(sak) : -1;
    if (!u || (sak && *sak && case_id < 0)) {
        resp_text(r, 400, "Send en fil i feltet «dokument» og eventuelt et saksnummer i «sak».\n");
        return;
    }
    db *d = app_db();
    if (!d) {
        resp_text(r, 503, "Databasen er ikke tilgjengelig.\n");
        return;
    }
    archive_entry e;
    char sha[65] = "", err[512] = "";
    const char *title = req_form(r, "tittel");
    int rc = register_upload(d, &case_id, u, title && *title ? title : "Testopplasting", &e, sha,
                             err, sizeof err);
    if (rc == ARCHIVE_ERR_INVALID || rc == ARCHIVE_ERR_NOT_FOUND) {
        send_text(r, rc == ARCHIVE_ERR_INVALID ? 400 : 404, err);
        return;
    }
    if (rc != DB_OK) {
        log_error("request=%s registrering feilet: %s", r->id, err[0] ? err : db_errmsg(d));
        resp_text(r, 503, "Registreringen feilet; prøv igjen.\n");
        return;
    }
    char body[256];
    snprintf(body, sizeof body, "journalpost=%lld sjekksum=%s nummer=%s sak=%lld\n",
             (long long)e.id, sha, e.registry_id, (long long)case_id);
    send_text(r, 200, body);
}
