/* The authorization matrix: every route in site_routes, asked by every kind of visitor for an
 * object that belongs to someone else, against the status tests/http/authz_matrix.txt expects
 * (the file's top says how it is written). A route without a row fails, naming the route, and
 * so does a row whose route is gone; a row that lets a person succeed on someone else's object
 * fails before anything is sent, and so does any answer that shows a person the title of a
 * case, a message or a request that is not theirs, or the name of its owner or of an applicant.
 *
 * Every row gets a world of its own, and on a POST every identity does: new organisations,
 * persons, associations, a case with its document, an inbox message, a «finner ikke» request,
 * journal entries, a request for access, caseworkers and sessions. What one identity does
 * (logging out, switching organisation, approving, withdrawing) cannot change another cell.
 * POSTs carry the identity's CSRF token and Origin, so the matrix is about authorization.
 *
 * AUTHZ_MATRIX_RECORD=1 prints, for each route without a row, a row with the answers the server
 * gives now ("# row: ..." lines): review every cell before adding it to the file.
 * Run with "sqlite" or "postgres" as the argument. */
#include <curl/curl.h>
#include <stddef.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "archive/archive.h"
#include "auth/auth.h"
#include "cases/case_db.h"
#include "cases/case_rules.h"
#include "client.h"
#include "core/clock.h"
#include "fixture.h"
#include "http/server.h"
#include "inbox/inbox.h"
#include "innsyn/innsyn_internal.h"
#include "journal/journal.h"
#include "newsletter/newsletter_issue.h"
#include "org/org.h"
#include "org/org_http.h"
#include "org/org_member.h"
#include "org/org_rep.h"
#include "privacy/correction.h"
#include "seed.h"
#include "tap.h"
#include "web/routes.h"
#include "web/site.h"

#define MATRIX_FILE "tests/http/authz_matrix.txt"

/* The columns, in the file's order. */
enum {
    WHO_ANONYMOUS,
    WHO_CONSUMER,      /* a person with no organisation */
    WHO_UNCONFIRMED,   /* an administrator of organisation A whose association awaits a
                        * decision: the role alone must open nothing */
    WHO_USER_ACCESS,   /* a confirmed `bruker` of A whom A's administrator gave the case */
    WHO_USER_NOACCESS, /* a confirmed `bruker` of A without the case */
    WHO_OTHER_ADMIN,   /* the confirmed administrator of organisation B */
    WHO_CASEWORKER,    /* staff with the role saksbehandler only */
    WHO_ARCHIVIST,     /* arkivleder only */
    WHO_MANAGER,       /* leder only */
    WHO_COUNT
};

static const char *const who_names[WHO_COUNT] = {
    "anonym",      "forbruker",     "ubekreftet", "bruker-med", "bruker-uten",
    "admin-annen", "saksbehandler", "arkivleder", "leder"};

/* The objects of one row's world: the case a consumer (the owner) filed against organisation
 * A, its archive case file, its registry entry and document, the owner's inbox message and
 * «finner ikke» request, a person applying to become a `bruker` of A, a person applying to
 * become the first administrator of organisation C, the `bruker` of A without the case (as the
 * person a form names), A's organisation number; in another case file an entry in the public
 * journal with its document (a document of another case than {sak}), a stop of another
 * entry's publication, the owner's request for access to the public one, a link's token that
 * is no one's, a leder's draft newsletter issue, and the owner's request to correct their
 * profile. */
typedef struct {
    int64_t sak, saksmappe, journalpost, dokument, melding, foresporsel, medlem, soknad, person,
        virksomhet, offentlig, stopp, innsynskrav, fremmed_dokument, utgave, retting;
    char token[65];
    seed_login who[WHO_COUNT]; /* WHO_ANONYMOUS stays empty */
    /* Words in the case's title, its owner's name, the message's subject, the request's name
     * and the applicants' names, which no page may show a person who may not see them. */
    char case_mark[32], owner_mark[32], message_mark[32], request_mark[32], applicant_mark[32];
} world;

/* A placeholder, and the person columns that may succeed on what it names (the review rule:
 * on someone else's object no person succeeds; staff follow their roles and are not checked). */
typedef struct {
    const char *name;
    size_t offset; /* of an int64_t in world, or of a string when text */
    unsigned may_succeed; /* bits 1 << WHO_* */
    int text;
} placeholder;

#define ALL_PERSONS 0x3fu
#define PLACE(n, who) {#n, offsetof(world, n), who, 0}
static const placeholder placeholders[] = {
    PLACE(sak, 1u << WHO_USER_ACCESS),
    PLACE(dokument, 1u << WHO_USER_ACCESS),
    PLACE(saksmappe, 0),
    PLACE(journalpost, 0),
    PLACE(melding, 0),
    PLACE(foresporsel, 0),
    PLACE(medlem, 0),
    PLACE(soknad, 0),
    PLACE(person, 0),
    /* Anyone may name an organisation (file a complaint against it, apply to represent it);
     * what they may do there is the row's business. */
    PLACE(virksomhet, ALL_PERSONS),
    /* The public journal is everyone's. */
    PLACE(offentlig, ALL_PERSONS),
    PLACE(stopp, 0),
    PLACE(innsynskrav, 0),
    {"fremmed-dokument", offsetof(world, fremmed_dokument), 0, 0},
    PLACE(utgave, 0),
    PLACE(retting, 0),
    {"token", offsetof(world, token), 0, 1},
};
#define NPLACES (sizeof placeholders / sizeof *placeholders)

static const placeholder *placeholder_find(const char *name, size_t len)
{
    for (size_t i = 0; i < NPLACES; i++)
        if (strlen(placeholders[i].name) == len && !strncmp(placeholders[i].name, name, len))
            return &placeholders[i];
    return NULL;
}

/* ---- The table ------------------------------------------------------------------------------ */

typedef struct {
    int line;
    char method[8];
    char pattern[160];
    char path[400]; /* with {placeholders}, then optionally "|" and the url-encoded form body */
    char cells[WHO_COUNT][16];
    int seen; /* a route in site_routes has this row */
} row;

static row *rows;
static size_t nrows;

static int table_load(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        printf("Bail out! cannot read %s\n", file);
        return -1;
    }
    char line[2048];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || !*p) continue;
        rows = realloc(rows, (nrows + 1) * sizeof *rows);
        row *r = &rows[nrows];
        memset(r, 0, sizeof *r);
        r->line = n;
        char tail[64];
        int got = sscanf(p, "%7s %159s %399s %15s %15s %15s %15s %15s %15s %15s %15s %15s %63s",
                         r->method, r->pattern, r->path, r->cells[0], r->cells[1], r->cells[2],
                         r->cells[3], r->cells[4], r->cells[5], r->cells[6], r->cells[7],
                         r->cells[8], tail);
        if (got != 3 + WHO_COUNT) {
            printf("# %s:%d: a row is METHOD PATTERN PATH and %d cells\n", file, n, WHO_COUNT);
            bad = 1;
            continue;
        }
        nrows++;
    }
    fclose(f);
    TAP_OK(!bad && nrows > 0, "%s has %zu well-formed rows", MATRIX_FILE, nrows);
    return 0;
}

static void row_run(const row *r);

/* Runs every row of the route; returns how many there were. */
static size_t table_run_route(const route *rt)
{
    size_t n = 0;
    for (size_t i = 0; i < nrows; i++)
        if (!strcmp(rows[i].method, rt->method) && !strcmp(rows[i].pattern, rt->pattern)) {
            rows[i].seen = 1;
            row_run(&rows[i]);
            n++;
        }
    return n;
}

/* A cell is the status, except for the redirects to a login, which would otherwise look like
 * success: "login" (303 to /logg-inn) and "ansatt-login" (303 to /ansatt/logg-inn). */
static void cell_of(const http_response *res, char out[16])
{
    char loc[512];
    const char *l = http_header(res, "Location", loc, sizeof loc);
    size_t base = strlen(g_app.cfg.base_url);
    if (l && !strncmp(l, g_app.cfg.base_url, base)) l += base;
    if (res->status / 100 == 3 && l && !strncmp(l, "/logg-inn", 9) && (l[9] == '\0' || l[9] == '?'))
        snprintf(out, 16, "login");
    else if (res->status / 100 == 3 && l && !strncmp(l, "/ansatt/logg-inn", 16) &&
             (l[16] == '\0' || l[16] == '?'))
        snprintf(out, 16, "ansatt-login");
    else
        snprintf(out, 16, "%ld", res->status);
}

/* Success for someone: a page (2xx) or a redirect that is not to a login. */
static int cell_is_success(const char *cell)
{
    return cell[0] == '2' || cell[0] == '3';
}

/* The review rule for a row: the first person column that succeeds although one of the
 * placeholders the row names does not allow it, or -1. -2 for an unknown placeholder. */
static int row_lets_person_succeed(const row *r)
{
    unsigned allowed = ALL_PERSONS;
    for (const char *p = strchr(r->path, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        const placeholder *ph = end ? placeholder_find(p + 1, (size_t)(end - p - 1)) : NULL;
        if (!ph) return -2;
        allowed &= ph->may_succeed;
    }
    for (int w = WHO_ANONYMOUS; w <= WHO_OTHER_ADMIN; w++)
        if (cell_is_success(r->cells[w]) && !(allowed & (1u << w))) return w;
    return -1;
}

/* ---- A world for each row ------------------------------------------------------------------- */

static char tmpdir[256];
static db *D;
static int row_number;

/* A valid organisation number not used before (MOD11 as org_number_valid checks it). */
static void next_orgnr(char out[10])
{
    static long next = 920000000;
    do snprintf(out, 10, "%ld", next++);
    while (!org_number_valid(out));
}

static int64_t person(const char *role, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "authz-%d-%s", row_number, role);
    return seed_person(D, key, name);
}

static int64_t staff(const char *role, const char *name)
{
    char subject[64];
    snprintf(subject, sizeof subject, "authz-%d-%s", row_number, role);
    return seed_staff(D, subject, name, role);
}

/* The first document of a case file: its object and entry. */
typedef struct {
    int64_t object_id, entry_id;
} first_document;

static int first_document_visit(const archive_document_row *d, void *ud)
{
    first_document *f = ud;
    if (!d->object_id) return 0;
    f->object_id = d->object_id;
    f->entry_id = d->entry_id;
    return 1;
}

static int64_t scalar_i(const char *sql, int64_t arg)
{
    db_stmt *s = db_prepare(D, sql);
    int64_t v = s && db_bind_int(s, 1, arg) == DB_OK && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    if (s) db_reset(s);
    return v;
}

/* An outgoing letter in case_file, with its document. */
static int64_t letter_add(int64_t case_file, const char *title, char registry_id[48])
{
    archive_party_new party = {ARCHIVE_PARTY_RECIPIENT, ARCHIVE_PARTY_ORGANISATION,
                               "AUTORISASJON REISER AS", NULL};
    archive_document_new doc = {.title = title, .file_name = "brev.txt", .mime_type = "text/plain",
                                .bytes = "Varsel.", .size = 7};
    archive_entry_new en = {.case_file_id = case_file, .type = ARCHIVE_ENTRY_OUTGOING,
                            .title = title, .created_by = "Sara Saksbehandler", .parties = &party,
                            .party_count = 1, .documents = &doc, .document_count = 1};
    archive_entry e = {0};
    char err[256];
    if (archive_entry_register(D, &en, &e, err, sizeof err) != DB_OK) printf("# entry: %s\n", err);
    if (registry_id) snprintf(registry_id, 48, "%s", e.registry_id);
    return e.id ? e.id : -1;
}

/* A case file of the authority's own with two assessed letters: the first public, the second
 * stopped; the owner's request for access to the first; a token that answers nothing. */
static int world_journal(world *w, int64_t owner)
{
    char err[256], stopped[48];
    archive_case_file f;
    archive_case_file_new fn = {.title = "Tilsyn med nettbutikk", .admin_unit = CASE_AUTHORITY,
                                .caseworker = "Sara Saksbehandler",
                                .created_by = "Sara Saksbehandler"};
    int rc = db_begin(D);
    if (rc == DB_OK) rc = archive_case_file_open(D, &fn, &f, err, sizeof err);
    if (rc == DB_OK && ((w->offentlig = letter_add(f.id, "Varsel om tilsyn", NULL)) < 0 ||
                        (w->stopp = letter_add(f.id, "Vedtak om tilsyn", stopped)) < 0))
        rc = DB_ERR;
    if (rc == DB_OK) rc = journal_entry_assess(D, w->offentlig, NULL, "Sara", err, sizeof err);
    if (rc == DB_OK) rc = journal_entry_assess(D, w->stopp, NULL, "Sara", err, sizeof err);
    if (rc == DB_OK)
        rc = journal_stop_add(D, JOURNAL_STOP_ENTRY, stopped, "Lise Leder", err, sizeof err);
    arena *a = arena_new();
    innsyn_new in = {.source = "nett", .person_id = owner, .confirmed = 1,
                     .entry_ids = &w->offentlig, .entry_count = 1};
    if (rc == DB_OK) rc = innsyn_request_register(D, a, &in, &w->innsynskrav, err, sizeof err);
    arena_free(a);
    if (db_finish(D, rc) != DB_OK) {
        printf("# the journal's objects: %s\n", err);
        return -1;
    }
    w->stopp = scalar_i("SELECT MAX(id) FROM journal_stop WHERE target_id = $1", w->stopp);
    first_document first;
    if (archive_case_file_documents(D, f.id, first_document_visit, &first) != 1) return -1;
    w->fremmed_dokument = first.object_id;
    unsigned char random[32];
    randombytes_buf(random, sizeof random);
    sodium_bin2hex(w->token, sizeof w->token, random, sizeof random);
    return w->stopp > 0 ? 0 : -1;
}

/* Who is who in a row's world. */
typedef struct {
    char org_a[10], org_b[10], org_c[10];
    int64_t owner, admin_a, applicant_a, applicant_c;
    int64_t person[WHO_COUNT], staff[WHO_COUNT]; /* by column; 0 where the column is not one */
} cast;

/* The organisations, persons, caseworkers and associations; in the caller's transaction. */
static int world_cast(world *w, cast *c)
{
    memset(c, 0, sizeof *c);
    next_orgnr(c->org_a);
    next_orgnr(c->org_b);
    next_orgnr(c->org_c);
    w->virksomhet = strtoll(c->org_a, NULL, 10);
    if (seed_organisation(D, c->org_a, "AUTORISASJON HVITEVARER AS") ||
        seed_organisation(D, c->org_b, "AUTORISASJON REISER AS") ||
        seed_organisation(D, c->org_c, "AUTORISASJON NY AS"))
        return -1;
    int64_t *p = c->person, *s = c->staff;
    char name[64];
    snprintf(name, sizeof name, "Eva %s", w->owner_mark);
    c->owner = person("eier", name);
    c->admin_a = person("admin-a", "Anders Administrator");
    snprintf(name, sizeof name, "Siri %s", w->applicant_mark);
    c->applicant_a = person("soker-a", name);
    snprintf(name, sizeof name, "Sander %s", w->applicant_mark);
    c->applicant_c = person("soker-c", name);
    p[WHO_CONSUMER] = person("forbruker", "Frida Forbruker");
    p[WHO_UNCONFIRMED] = person("ubekreftet", "Ulf Ubekreftet");
    p[WHO_USER_ACCESS] = person("bruker-med", "Berit Bruker");
    p[WHO_USER_NOACCESS] = person("bruker-uten", "Bjørn Bruker");
    p[WHO_OTHER_ADMIN] = person("admin-b", "Anne Annen");
    s[WHO_CASEWORKER] = staff(AUTH_ROLE_CASEWORKER, "Sara Saksbehandler");
    s[WHO_ARCHIVIST] = staff(AUTH_ROLE_ARCHIVIST, "Arne Arkivleder");
    s[WHO_MANAGER] = staff(AUTH_ROLE_MANAGER, "Lise Leder");
    for (int i = WHO_CONSUMER; i < WHO_COUNT; i++)
        if (p[i] < 0 || s[i] < 0) return -1;
    if (c->owner < 0 || c->admin_a < 0 || c->applicant_a < 0 || c->applicant_c < 0) return -1;
    w->person = p[WHO_USER_NOACCESS];
    const char *a = c->org_a;
    return seed_member(D, a, c->admin_a, ORG_ROLE_ADMIN, ORG_STATUS_CONFIRMED) < 0 ||
                   seed_member(D, a, p[WHO_UNCONFIRMED], ORG_ROLE_ADMIN, ORG_STATUS_PENDING) < 0 ||
                   seed_member(D, a, p[WHO_USER_ACCESS], ORG_ROLE_USER, ORG_STATUS_CONFIRMED) < 0 ||
                   seed_member(D, a, p[WHO_USER_NOACCESS], ORG_ROLE_USER, ORG_STATUS_CONFIRMED) < 0 ||
                   seed_member(D, c->org_b, p[WHO_OTHER_ADMIN], ORG_ROLE_ADMIN,
                               ORG_STATUS_CONFIRMED) < 0 ||
                   (w->medlem = seed_member(D, a, c->applicant_a, ORG_ROLE_USER,
                                            ORG_STATUS_PENDING)) < 0 ||
                   (w->soknad = seed_member(D, c->org_c, c->applicant_c, ORG_ROLE_ADMIN,
                                            ORG_STATUS_PENDING)) < 0
               ? -1
               : 0;
}

/* Fresh sessions for every identity but the anonymous one; in the caller's transaction. */
static int world_sessions(world *w, const cast *c)
{
    for (int i = WHO_CONSUMER; i < WHO_COUNT; i++)
        if (seed_session(D, c->person[i], c->staff[i], &w->who[i]) != 0) return -1;
    return 0;
}

static int world_make(world *w)
{
    memset(w, 0, sizeof *w);
    snprintf(w->case_mark, sizeof w->case_mark, "SAK-%d-MERKE", row_number);
    snprintf(w->owner_mark, sizeof w->owner_mark, "Eiermerke%d", row_number);
    snprintf(w->message_mark, sizeof w->message_mark, "MELDING-%d-MERKE", row_number);
    snprintf(w->request_mark, sizeof w->request_mark, "FORESPORSEL-%d-MERKE", row_number);
    snprintf(w->applicant_mark, sizeof w->applicant_mark, "Sokermerke%d", row_number);
    /* The rows a domain's functions do not write go in one transaction each: seeding a world
     * for every POST column is most of the test's time. */
    cast c;
    if (db_begin(D) != DB_OK || db_finish(D, world_cast(w, &c) ? DB_ERR : DB_OK) != DB_OK)
        return -1;
    int64_t owner = c.owner, admin_a = c.admin_a;

    /* The owner's mediation case against A, filed as the form files it; A's administrator
     * gives it to one `bruker`. */
    char err[256], title[128], request_name[64], owner_name[64];
    snprintf(title, sizeof title, "Klage på kjøleskap %s", w->case_mark);
    snprintf(owner_name, sizeof owner_name, "Eva %s", w->owner_mark);
    snprintf(request_name, sizeof request_name, "Eiers foretak %s", w->request_mark);
    case_receipt rec;
    case_submission in = {.case_type = CASE_TYPE_MEDIATION,
                          .by = {.person_id = owner, .name = owner_name},
                          .counterpart_orgnr = c.org_a,
                          .counterpart_name = "AUTORISASJON HVITEVARER AS",
                          .title = title,
                          .details_json = "{}",
                          .document_text = "Kjøleskapet slutter å kjøle etter en uke."};
    if (case_submit(D, &in, &rec, err, sizeof err) != DB_OK) {
        printf("# case_submit: %s\n", err);
        return -1;
    }
    w->sak = rec.case_id;
    if (case_access_set(D, w->sak, c.org_a, admin_a, c.person[WHO_USER_ACCESS], 1) != DB_OK)
        return -1;
    w->saksmappe = scalar_i("SELECT case_file_id FROM case_record WHERE id = $1", w->sak);
    first_document first;
    if (archive_case_file_documents(D, w->saksmappe, first_document_visit, &first) != 1) {
        printf("# the case has no document\n");
        return -1;
    }
    w->dokument = first.object_id;
    w->journalpost = first.entry_id;

    /* The owner's inbox message and «finner ikke» request. */
    inbox_message_new m = {.person_id = owner, .kind = "case_letter", .sender = CASE_AUTHORITY,
                           .subject = w->message_mark, .body = "Vi har mottatt klagen.",
                           .case_id = w->sak};
    if (db_begin(D) != DB_OK || db_finish(D, inbox_deliver(D, &m, &w->melding)) != DB_OK ||
        org_request_create(D, owner, request_name, NULL, "Finner den ikke.",
                           clock_now()) != 0)
        return -1;
    w->foresporsel = scalar_i("SELECT MAX(id) FROM org_request WHERE person_id = $1", owner);

    if (world_journal(w, owner) != 0 ||
        nl_issue_create(D, c.staff[WHO_MANAGER], "Nytt fra Forbrukertilsynet", "Hei.",
                        clock_now(), &w->utgave) != 0)
        return -1;
    if (db_begin(D) != DB_OK ||
        db_finish(D, correction_request_add(D, owner, "profil", "Navn: Eva Eier", "Feil navn.",
                                            clock_now(), &w->retting)) != DB_OK)
        return -1;
    if (db_begin(D) != DB_OK || db_finish(D, world_sessions(w, &c) ? DB_ERR : DB_OK) != DB_OK)
        return -1;
    return w->melding > 0 && w->foresporsel > 0 && w->saksmappe > 0 ? 0 : -1;
}

/* The row's PATH with the world's ids in place of its placeholders: the address in out, the
 * form body after "|" in body. */
static void path_fill(const world *w, const char *path, char *out, size_t len, char *body,
                      size_t blen)
{
    char filled[1536];
    size_t o = 0;
    for (const char *p = path; *p && o + 1 < sizeof filled;) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        const placeholder *ph = end ? placeholder_find(p + 1, (size_t)(end - p - 1)) : NULL;
        if (!ph) {
            filled[o++] = *p++;
            continue;
        }
        const char *at = (const char *)w + ph->offset;
        if (ph->text)
            o += (size_t)snprintf(filled + o, sizeof filled - o, "%s", at);
        else
            o += (size_t)snprintf(filled + o, sizeof filled - o, "%lld",
                                  (long long)*(const int64_t *)(const void *)at);
        p = end + 1;
    }
    filled[o < sizeof filled ? o : sizeof filled - 1] = '\0';
    char *bar = strchr(filled, '|');
    /* A row's path and body are short; one that does not fit is a mistake in the table. */
    if (snprintf(body, blen, "%s", bar ? bar + 1 : "") >= (int)blen) {
        printf("Bail out! the form body of %s is too long\n", path);
        exit(1);
    }
    if (bar) *bar = '\0';
    if (snprintf(out, len, "%s", filled) >= (int)len) {
        printf("Bail out! the path %s is too long\n", path);
        exit(1);
    }
}

/* The mark of someone else's object that the page shows identity who, or NULL. Staff may see
 * them all. */
static const char *shown_mark(const world *w, int who, const http_response *res)
{
    if (who >= WHO_CASEWORKER || !res->body.data) return NULL;
    /* A `bruker` with the case sees its title and who complained. */
    if (who != WHO_USER_ACCESS && strstr(res->body.data, w->case_mark)) return w->case_mark;
    if (who != WHO_USER_ACCESS && strstr(res->body.data, w->owner_mark)) return w->owner_mark;
    if (strstr(res->body.data, w->message_mark)) return w->message_mark;
    if (strstr(res->body.data, w->request_mark)) return w->request_mark;
    if (strstr(res->body.data, w->applicant_mark)) return w->applicant_mark;
    return NULL;
}

/* One request as identity who; the cell it gives in out. Returns the mark of someone else's
 * object the answer shows, or NULL. */
static const char *ask(const world *w, int who, const char *method, const char *path,
                       const char *body, char out[16])
{
    char origin[300], form[2048];
    snprintf(origin, sizeof origin, "Origin: %s", g_app.cfg.base_url);
    /* Everyone comes from outside through the proxy, as in production (docs/deploy.md). */
    const char *headers[4] = {"X-Forwarded-For: 192.0.2.10", NULL};
    int h = 1;
    if (who != WHO_ANONYMOUS) headers[h++] = w->who[who].cookie;
    int post = !strcmp(method, "POST");
    if (post) headers[h++] = origin;
    if (who != WHO_ANONYMOUS)
        snprintf(form, sizeof form, "csrf=%s%s%s", w->who[who].csrf, *body ? "&" : "", body);
    else
        snprintf(form, sizeof form, "%s", body);
    http_request rq = {.method = method, .path = path, .headers = headers};
    if (post) {
        rq.body = form;
        rq.body_len = strlen(form);
    }
    http_response res;
    http_send(&rq, &res);
    cell_of(&res, out);
    const char *mark = shown_mark(w, who, &res);
    http_response_free(&res);
    return mark;
}

static void row_run(const row *r)
{
    int who = row_lets_person_succeed(r);
    if (who != -1) {
        TAP_OK(0, "%s:%d %s %s: %s", MATRIX_FILE, r->line, r->method, r->path,
               who == -2 ? "an unknown placeholder (see the file's top)"
                         : "the table lets a person succeed on someone else's object");
        if (who >= 0) printf("#   %s: %s\n", who_names[who], r->cells[who]);
        return;
    }
    /* A POST may change what the next identity would find (an approval, an assessment), so
     * each identity posts in a world of its own; pages are asked in one. */
    int world_each = !strcmp(r->method, "POST");
    world w;
    char path[512], body[1024], got[WHO_COUNT][16], shown[WHO_COUNT][32];
    int same = 1;
    for (int i = 0; i < WHO_COUNT; i++) {
        if (i == 0 || world_each) {
            row_number++;
            if (world_make(&w) != 0) {
                TAP_OK(0, "%s %s: its world could be seeded: %s", r->method, r->pattern,
                       db_errmsg(D));
                return;
            }
            path_fill(&w, r->path, path, sizeof path, body, sizeof body);
        }
        const char *mark = ask(&w, i, r->method, path, body, got[i]);
        snprintf(shown[i], sizeof shown[i], "%s", mark ? mark : "");
        same &= !strcmp(got[i], r->cells[i]);
    }
    TAP_OK(same, "%s %s: every identity gets the status in the table", r->method, r->path);
    for (int i = 0; i < WHO_COUNT; i++)
        if (*shown[i])
            TAP_OK(0, "%s %s: %s is shown someone else's %s", r->method, r->path, who_names[i],
                   shown[i]);
    for (int i = 0; i < WHO_COUNT && !same; i++)
        if (strcmp(got[i], r->cells[i]))
            printf("#   %s: got %s, the table says %s (%s:%d)\n", who_names[i], got[i],
                   r->cells[i], MATRIX_FILE, r->line);
}

/* ---- Record mode ---------------------------------------------------------------------------- */

/* The placeholder a new route's parameter most likely stands for, by where the route lives. */
static const struct {
    const char *prefix, *param, *place;
} guesses[] = {
    {"/ansatt/arkiv/saksmapper/", ":id", "{saksmappe}"},
    {"/ansatt/arkiv/journalposter/", ":id", "{journalpost}"},
    {"/ansatt/arkiv/dokumenter/", ":id", "{dokument}"},
    {"/ansatt/virksomheter/foresporsler/", ":id", "{foresporsel}"},
    {"/ansatt/virksomheter/", ":id", "{soknad}"},
    {"/virksomhet/brukere/", ":id", "{medlem}"},
    {"/innboks/", ":id", "{melding}"},
    {"/postjournal/", ":id", "{journalpost}"},
    {"/ansatt/offentlig-journal/journalposter/", ":id", "{journalpost}"},
    {"/ansatt/offentlig-journal/stopp/", ":id", "{stopp}"},
    {"/ansatt/innsyn/", ":id", "{innsynskrav}"},
    {"/ansatt/nyhetsbrev/", ":id", "{utgave}"},
    {"/ansatt/retting/", ":id", "{retting}"},
    {"/", ":token", "{token}"},
    {"/statistikk/", ":chart", "saker-per-uke.csv"},
    {"/", ":object_id", "{dokument}"},
    {"/", ":id", "{sak}"},
};

static void guess_path(const char *pattern, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 1 < len;) {
        if (*p != ':' && *p != '*') {
            out[o++] = *p++;
            continue;
        }
        size_t n = strcspn(p, "/");
        const char *place = "{?}";
        if (*p == '*') place = "css/minside.css";
        for (size_t i = 0; *p == ':' && i < sizeof guesses / sizeof *guesses; i++)
            if (!strncmp(pattern, guesses[i].prefix, strlen(guesses[i].prefix)) &&
                strlen(guesses[i].param) == n && !strncmp(p, guesses[i].param, n)) {
                place = guesses[i].place;
                break;
            }
        o += (size_t)snprintf(out + o, len - o, "%s", place);
        p += n;
    }
    out[o < len ? o : len - 1] = '\0';
}

static void record(const route *rt)
{
    row r;
    memset(&r, 0, sizeof r);
    snprintf(r.method, sizeof r.method, "%s", rt->method);
    snprintf(r.pattern, sizeof r.pattern, "%s", rt->pattern);
    guess_path(rt->pattern, r.path, sizeof r.path);
    world w;
    row_number++;
    char path[512], body[1024];
    if (strstr(r.path, "{?}") || world_make(&w) != 0) {
        printf("# row: %s %s %s (fill in the path and the cells)\n", r.method, r.pattern, r.path);
        return;
    }
    path_fill(&w, r.path, path, sizeof path, body, sizeof body);
    int review = row_lets_person_succeed(&r) >= 0;
    printf("# row: %-4s %-44s %-44s", r.method, r.pattern, r.path);
    for (int i = 0; i < WHO_COUNT; i++) {
        if (ask(&w, i, r.method, path, body, r.cells[i])) review = 1;
        printf(" %-6s", r.cells[i]);
    }
    printf("%s\n", review || row_lets_person_succeed(&r) >= 0
                        ? "   <- REVIEW: a person succeeds on, or is shown, someone else's object"
                        : "");
}

/* ---- The run -------------------------------------------------------------------------------- */

static int seed(db *d)
{
    (void)d;
    return 0;
}

static void run(void)
{
    char file[4096], err[512];
    snprintf(file, sizeof file, "%s/%s", g_app.cfg.data_dir, MATRIX_FILE);
    if (table_load(file) != 0) return;
    if (db_open(g_app.cfg.database_url, &D, err, sizeof err) != DB_OK) {
        printf("Bail out! database: %s\n", err);
        exit(1);
    }
    http_server *server = site_server_start(site_routes);
    if (!server) {
        printf("Bail out! server did not start\n");
        exit(1);
    }
    http_client_init(http_server_port(server));
    int recording = getenv("AUTHZ_MATRIX_RECORD") && *getenv("AUTHZ_MATRIX_RECORD");
    size_t routes = 0, missing = 0;
    for (const route *rt = site_routes; rt->method; rt++, routes++) {
        if (table_run_route(rt)) continue;
        missing++;
        TAP_OK(0, "the route %s %s has a row in %s", rt->method, rt->pattern, MATRIX_FILE);
        if (recording) record(rt);
    }
    if (missing && !recording)
        printf("# AUTHZ_MATRIX_RECORD=1 prints rows for the %zu route(s) without one\n", missing);
    for (size_t i = 0; i < nrows; i++)
        if (!rows[i].seen)
            TAP_OK(0, "%s:%d %s %s is a route in site_routes", MATRIX_FILE, rows[i].line,
                   rows[i].method, rows[i].pattern);
    printf("# %zu routes, %zu without a row\n", routes, missing);
    http_server_stop(server, 5);
    db_close(D);
    free(rows);
}

int main(int argc, char **argv)
{
    db_engine engine;
    const char *pg_url;
    if (fixture_engine_from_args(argc, argv, &engine, &pg_url)) return 0;
    if (fixture_prepare_on(tmpdir, sizeof tmpdir, "2", seed, engine, pg_url, "authz") != 0) return 1;
    run();
    fixture_cleanup(tmpdir);
    return tap_done();
}
