/* Registering a request: the rate limits, the entries (public ones only), the confirmation link
 * for a requester who is not logged in, and the acknowledgement with its reference. */
#include "innsyn/innsyn_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/email.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "inbox/inbox.h"
#include "jobs/job.h"
#include "mail/mail.h"

#define HOUR 3600

static int invalid(char *err, size_t errlen, const char *message)
{
    snprintf(err, errlen, "%s", message);
    return INNSYN_ERR_INVALID;
}

/* One hit on a fixed hourly window of key; INNSYN_ERR_LIMIT past limit. The counter lives in the
 * database, so every instance counts together. */
static int rate_check(db *d, const char *key, int64_t now, int64_t limit)
{
    int64_t hits = 0;
    int rc = innsyn_db_rate_hit(d, key, now - now % HOUR, &hits);
    if (rc != DB_OK) return rc;
    return hits > limit ? INNSYN_ERR_LIMIT : DB_OK;
}

static int limits_check(db *d, const innsyn_new *in, int64_t now, char *err, size_t errlen)
{
    char key[MAIL_MAX_ADDRESS_BYTES + 16];
    int rc = DB_OK;
    /* Orders imported from eInnsyn have no client here and are limited there. */
    if (!in->client_key) return DB_OK;
    snprintf(key, sizeof key, "ip:%s", in->client_key);
    rc = rate_check(d, key, now, INNSYN_RATE_PER_CLIENT);
    if (rc == DB_OK && in->email) {
        char address[MAIL_MAX_ADDRESS_BYTES + 1];
        mail_address_key(in->email, address, sizeof address);
        snprintf(key, sizeof key, "e-post:%s", address);
        rc = rate_check(d, key, now, INNSYN_RATE_PER_EMAIL);
    }
    if (rc == INNSYN_ERR_LIMIT)
        snprintf(err, errlen, "Du har sendt mange innsynskrav på kort tid. Vent en time og prøv "
                              "igjen, eller skriv til oss på e-post.");
    return rc;
}

/* The entries as a list for e-mails: registry id and public title, never more. */
const char *innsyn_entries_text(db *d, arena *a, int64_t request_id)
{
    json_t *items = innsyn_db_items_json(d, request_id);
    strbuf b = {0};
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        strbuf_printf(&b, "- %s «%s»\n", json_string_value(json_object_get(it, "registry_id")),
                      json_string_value(json_object_get(it, "title")));
    json_decref(items);
    char *s = strbuf_take(&b);
    const char *out = arena_strdup(a, s ? s : "");
    free(s);
    return out;
}

int innsyn_acknowledge(db *d, arena *a, int64_t request_id)
{
    innsyn_request_row q;
    int rc = innsyn_db_request_get(d, a, request_id, &q);
    if (rc != DB_OK) return rc;
    const char *subject = arena_printf(a, "Innsynskravet ditt %s er mottatt", q.reference);
    const char *body = arena_printf(
        a,
        "Vi har mottatt innsynskravet ditt. Referansen er %s.\n\n"
        "Du har bedt om innsyn i:\n%s\n"
        "Vi behandler kravet uten ugrunnet opphold, og tar sikte på å svare innen %s. "
        "Har du ikke fått svar innen %s, kan du regne kravet som avslått og klage på det "
        "(offentleglova § 32 første ledd).\n\nMed vennlig hilsen\nForbrukertilsynet\n",
        q.reference, innsyn_entries_text(d, a, request_id), date_text_nb_ymd(a, q.target_date),
        date_text_nb_ymd(a, q.deadline_date));
    return innsyn_notify(d, &q, subject, body);
}

int innsyn_notify(db *d, const innsyn_request_row *q, const char *subject, const char *body)
{
    if (q->email) {
        int rc = mail_enqueue(d, q->email, subject, body, NULL);
        if (rc < 0) return rc;
    }
    if (q->person_id) {
        inbox_message_new m = {.person_id = q->person_id,
                               .kind = "innsyn",
                               .sender = "Forbrukertilsynet",
                               .subject = subject,
                               .body = body,
                               .link_path = "/min-side/innsyn"};
        int rc = inbox_deliver(d, &m, NULL);
        if (rc < 0) return rc;
    }
    return DB_OK;
}

/* The clock starts: the dates, the § 32 job, the log line and the acknowledgement. */
static int receive(db *d, arena *a, int64_t id, int64_t now)
{
    innsyn_dates dates = innsyn_dates_from(now);
    int rc = innsyn_db_request_receive(d, id, now, &dates);
    char payload[64];
    snprintf(payload, sizeof payload, "{\"request_id\": %lld}", (long long)id);
    if (rc == DB_OK) rc = job_enqueue(d, "innsyn_deadline", payload, innsyn_lapse_time(now), NULL);
    if (rc == DB_OK) rc = innsyn_db_log(d, id, now, "mottatt", "Kravet er mottatt og i køen.");
    if (rc == DB_OK) rc = innsyn_acknowledge(d, a, id);
    return rc;
}

static int confirmation_send(db *d, arena *a, const char *email, const char *token,
                             int64_t request_id)
{
    const char *body = arena_printf(
        a,
        "Noen, trolig du, har bedt om innsyn hos Forbrukertilsynet i disse journalpostene og "
        "oppgitt denne e-postadressen:\n%s\n"
        "Bekreft kravet innen 24 timer ved å åpne lenken:\n%s/innsyn/bekreft?t=%s\n\n"
        "Var det ikke deg, kan du se bort fra denne e-posten. Kravet blir da slettet.\n\n"
        "Med vennlig hilsen\nForbrukertilsynet\n",
        innsyn_entries_text(d, a, request_id), g_app.cfg.base_url, token);
    return mail_enqueue(d, email, "Bekreft innsynskravet ditt", body, NULL);
}

int innsyn_request_register(db *d, arena *a, const innsyn_new *in, int64_t *id_out, char *err,
                            size_t errlen)
{
    if (in->entry_count == 0)
        return invalid(err, errlen, "Velg minst én journalpost du vil ha innsyn i.");
    if (in->entry_count > INNSYN_MAX_ENTRIES)
        return invalid(err, errlen, "Du kan be om innsyn i høyst 20 journalposter i ett krav.");
    if (!in->person_id && (!in->email || !*in->email))
        return invalid(err, errlen, "Skriv e-postadressen din, så vi kan sende deg svaret.");
    if (in->email && *in->email &&
        (strlen(in->email) > MAIL_MAX_ADDRESS_BYTES || !email_valid(in->email)))
        return invalid(err, errlen, "E-postadressen er ikke gyldig. Skriv den slik: navn@eksempel.no");
    if (in->name && !utf8_text_within(in->name, 200, true))
        return invalid(err, errlen, "Navnet kan være høyst 200 tegn på én linje.");
    int64_t now = clock_now();
    int rc = limits_check(d, in, now, err, errlen);
    if (rc != DB_OK) return rc;
    innsyn_entry *entries = arena_calloc(a, in->entry_count, sizeof *entries);
    for (size_t i = 0; i < in->entry_count; i++) {
        for (size_t j = 0; j < i; j++)
            if (in->entry_ids[j] == in->entry_ids[i])
                return invalid(err, errlen, "Samme journalpost står to ganger i kravet.");
        rc = innsyn_entry_get(d, a, in->entry_ids[i], &entries[i]);
        if (rc == INNSYN_ERR_NOT_PUBLIC)
            snprintf(err, errlen, "En av journalpostene finnes ikke i den offentlige journalen.");
        if (rc != DB_OK) return rc;
    }
    char token[65], hash[65];
    innsyn_token_new(token);
    innsyn_token_hash(token, hash);
    int64_t id = 0;
    rc = innsyn_db_request_insert(d, in, now, in->confirmed ? NULL : hash, &id);
    if (rc == DB_ERR_CONSTRAINT && in->external_id)
        return invalid(err, errlen, "Bestillingen er lest inn fra før.");
    for (size_t i = 0; rc == DB_OK && i < in->entry_count; i++)
        rc = innsyn_db_item_insert(d, id, &entries[i]);
    if (rc == DB_OK)
        rc = innsyn_db_log(d, id, now, "registrert",
                           in->confirmed ? "Kravet er registrert."
                                         : "Kravet er registrert og venter på bekreftelse.");
    if (rc == DB_OK) rc = in->confirmed ? receive(d, a, id, now)
                                        : confirmation_send(d, a, in->email, token, id);
    if (rc == DB_OK && id_out) *id_out = id;
    return rc;
}

int innsyn_request_confirm(db *d, arena *a, const char *token, int64_t *id_out)
{
    if (!innsyn_token_valid(token)) return INNSYN_ERR_NOT_FOUND;
    char hash[65];
    innsyn_token_hash(token, hash);
    int64_t now = clock_now(), id = 0;
    int rc = innsyn_db_find_unconfirmed(d, hash, now - INNSYN_CONFIRM_HOURS * HOUR, &id);
    if (rc != DB_OK) return rc;
    if (!id) return INNSYN_ERR_NOT_FOUND;
    rc = innsyn_db_log(d, id, now, "bekreftet", "Kravet er bekreftet fra lenken i e-posten.");
    if (rc == DB_OK) rc = receive(d, a, id, now);
    if (rc == DB_OK) *id_out = id;
    return rc;
}
