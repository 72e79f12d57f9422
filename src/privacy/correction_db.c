/* The SQL of correction.h, and the rules it enforces on what is stored. */
#include "privacy/correction.h"

#include <sodium.h>
#include <string.h>

#include "core/date_text.h"
#include "core/utf8.h"
#include "inbox/inbox.h"

static int text_ok(const char *s)
{
    return s && *s && utf8_valid(s, strlen(s)) && utf8_chars(s) <= CORRECTION_TEXT_MAX;
}

static void item_hash(const char *section, const char *item, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)section, strlen(section) + 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)item, strlen(item));
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

int correction_request_add(db *d, int64_t person_id, const char *section, const char *item,
                           const char *what_is_wrong, int64_t now, int64_t *id_out)
{
    if (!text_ok(what_is_wrong) || !section || !*section || !item) return CORRECTION_ERR_INVALID;
    char hash[65];
    item_hash(section, item, hash);
    db_stmt *s = db_prepare_bind(d, "INSERT INTO correction_request (person_id, section, item, item_hash, "
                                    "what_is_wrong, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                 "itttti", person_id, section, item, hash, what_is_wrong, now);
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW && id_out) *id_out = db_col_int(s, 0);
    db_reset(s);
    if (rc == DB_ERR_CONSTRAINT) return CORRECTION_ERR_DUPLICATE;
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int correction_person_of(db *d, int64_t id, int64_t *person_id)
{
    db_stmt *s = db_prepare_bind(d, "SELECT person_id FROM correction_request WHERE id = $1 AND state = 'ny'", "i", id);
    if (!s) return DB_ERR;
    int rc = db_step(s);
    if (rc == DB_ROW) *person_id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int correction_answer(db *d, int64_t id, int64_t staff_id, int corrected, const char *answer, int64_t now)
{
    if (!text_ok(answer)) return CORRECTION_ERR_INVALID;
    int64_t person = 0;
    int rc = correction_person_of(d, id, &person);
    if (rc <= 0) return rc == 0 ? CORRECTION_ERR_NOT_FOUND : rc;
    /* Only an open request is answered: a second answer (a double click, two caseworkers at
     * once) finds none. */
    int64_t n = db_run_changes(d, "UPDATE correction_request SET state = $1, answer = $2, answered_by_staff = $3, "
                                  "answered_at = $4 WHERE id = $5 AND state = 'ny'",
                               "ttiii", corrected ? "rettet" : "ikke_rettet", answer, staff_id, now, id);
    if (n < 0) return (int)n;
    if (n == 0) return CORRECTION_ERR_NOT_FOUND;
    inbox_message_new m = {
        .person_id = person,
        .kind = "correction_answer",
        .sender = "Forbrukertilsynet",
        .subject = corrected ? "Vi har rettet opplysningene dine" : "Svar på ønsket ditt om retting",
        .body = answer,
        .link_path = "/min-side/personopplysninger",
    };
    return inbox_deliver(d, &m, NULL);
}

int correction_open_list(db *d, arena *a, json_t *list)
{
    db_stmt *s = db_prepare(d, "SELECT r.id, COALESCE(p.name, ''), r.section, r.item, r.what_is_wrong, r.created_at, "
                               "r.person_id FROM correction_request r JOIN person p ON p.id = r.person_id "
                               "WHERE r.state = 'ny' ORDER BY r.id LIMIT 200");
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_col_int(s, 0),
                                              "person_id", (json_int_t)db_col_int(s, 6),
                                              "person", db_col_text(s, 1), "section", db_col_text(s, 2), "item",
                                              db_col_text(s, 3), "text", db_col_text(s, 4), "at",
                                              date_text_nb(a, db_col_int(s, 5))));
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}

int correction_privacy_items(db *d, arena *a, int64_t person_id, json_t *items)
{
    db_stmt *s = db_prepare_bind(d, "SELECT created_at, item, what_is_wrong, state, answer, answered_at "
                                    "FROM correction_request WHERE person_id = $1 ORDER BY id DESC",
                                 "i", person_id);
    if (!s) return DB_ERR;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *state = db_col_text(s, 3);
        json_t *item = json_pack("{s:s, s:s, s:s, s:s}", "sendt", date_text_nb(a, db_col_int(s, 0)), "gjelder",
                                 db_col_text(s, 1), "hva_er_feil", db_col_text(s, 2), "status",
                                 !strcmp(state, "ny") ? "venter på svar"
                                 : !strcmp(state, "rettet") ? "rettet"
                                                            : "ikke rettet");
        if (!db_col_is_null(s, 4)) {
            json_object_set_new(item, "svar", json_string(db_col_text(s, 4)));
            json_object_set_new(item, "besvart", json_string(date_text_nb(a, db_col_int(s, 5))));
        }
        json_array_append_new(items, item);
    }
    db_reset(s);
    return rc == DB_DONE ? DB_OK : rc;
}
