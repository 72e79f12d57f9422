/* What innsyn deletes by time, as retention rules (retention/retention.h): each rule lists the
 * due items and deletes one, checking again in its own statement that it is still due. The
 * purge functions of innsyn.h run the same pairs. */
#include "innsyn/innsyn_internal.h"

#include "retention/retention.h"

#define HOUR 3600

static int64_t unconfirmed_before(int64_t now)
{
    return now - (int64_t)INNSYN_CONFIRM_HOURS * HOUR;
}

static void today_oslo(int64_t now, char out[11])
{
    civil_date_format(civil_date_oslo(now), out);
}

static int unconfirmed_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT id, created_at FROM innsyn_request WHERE state = 'ubekreftet' "
                           "AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
                        "iii", unconfirmed_before(now), after, (int64_t)max),
        items, max);
}

/* The request was never confirmed: nothing of it is kept, not even its log lines. */
static int unconfirmed_delete(db *d, int64_t id, int64_t now)
{
    int64_t before = unconfirmed_before(now);
    if (db_run(d, "DELETE FROM innsyn_log WHERE request_id IN (SELECT id FROM innsyn_request "
                  "WHERE id = $1 AND state = 'ubekreftet' AND created_at < $2)", "ii", id, before) < 0 ||
        db_run(d, "DELETE FROM innsyn_item WHERE request_id IN (SELECT id FROM innsyn_request "
                  "WHERE id = $1 AND state = 'ubekreftet' AND created_at < $2)", "ii", id, before) < 0)
        return DB_ERR;
    return (int)db_run_changes(d, "DELETE FROM innsyn_request WHERE id = $1 AND state = 'ubekreftet' "
                                  "AND created_at < $2",
                               "ii", id, before);
}

static int addresses_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    char today[11];
    today_oslo(now, today);
    return retention_items_read(
        db_prepare_bind(d, "SELECT id, answered_at FROM innsyn_request WHERE person_id IS NULL "
                           "AND (email IS NOT NULL OR requester_name IS NOT NULL) AND complaint = 0 "
                           "AND complaint_until IS NOT NULL AND complaint_until < $1 AND id > $2 "
                           "ORDER BY id LIMIT $3",
                        "tii", today, after, (int64_t)max),
        items, max);
}

static int addresses_delete(db *d, int64_t id, int64_t now)
{
    char today[11];
    today_oslo(now, today);
    return (int)db_run_changes(d, "UPDATE innsyn_request SET email = NULL, requester_name = NULL "
                                  "WHERE id = $1 AND person_id IS NULL AND complaint = 0 "
                                  "AND (email IS NOT NULL OR requester_name IS NOT NULL) "
                                  "AND complaint_until IS NOT NULL AND complaint_until < $2",
                               "it", id, today);
}

static int copies_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT x.id, x.decided_at FROM innsyn_decision x JOIN innsyn_request r "
                           "ON r.id = x.request_id WHERE x.copy_content IS NOT NULL "
                           "AND r.release_until < $1 AND x.id > $2 ORDER BY x.id LIMIT $3",
                        "iii", now, after, (int64_t)max),
        items, max);
}

static int copies_delete(db *d, int64_t id, int64_t now)
{
    return (int)db_run_changes(d, "UPDATE innsyn_decision SET copy_content = NULL WHERE id = $1 "
                                  "AND copy_content IS NOT NULL AND request_id IN (SELECT id FROM "
                                  "innsyn_request WHERE release_until < $2)",
                               "ii", id, now);
}

static const retention_rule rules[] = {
    {"innsyn_unconfirmed", "innsyn_request", "Innsynskrav som aldri ble bekreftet (med e-postadressen)",
     "24 timer etter at kravet ble sendt",
     "Et krav blir behandlet først når det er bekreftet fra lenken i e-posten; et ubekreftet krav "
     "trengs ikke (art. 5 nr. 1 c og e).",
     unconfirmed_list, unconfirmed_delete},
    {"innsyn_requester_address", "innsyn_request",
     "E-postadresse og navn på den som ba om innsyn uten å logge inn",
     "til klagefristen (tre uker etter svaret) er ute, og ingen klage venter",
     "Adressen trengs for å svare og for en eventuell klage (offentleglova § 32); kravet og utfallet "
     "står i innsynsloggen uten adressen (art. 5 nr. 1 c og e).",
     addresses_list, addresses_delete},
    {"innsyn_copies", "innsyn_decision", "Sladdede kopier utlevert ved delvis innsyn",
     "30 dager etter svaret",
     "Kopien lages for den som ba om innsyn og kan lastes ned i 30 dager; originalen står i arkivet "
     "(art. 5 nr. 1 e).",
     copies_list, copies_delete},
};

void innsyn_retention_register(void)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) retention_rule_register(&rules[i]);
}

/* Runs one rule's pair over everything due at now, in the caller's transaction. */
static int64_t purge(db *d, int64_t now, const retention_rule *rule)
{
    retention_item items[100];
    int64_t after = 0, deleted = 0;
    int n;
    while ((n = rule->list_due(d, now, after, items, 100)) > 0) {
        for (int i = 0; i < n; i++) {
            int rc = rule->delete_item(d, items[i].id, now);
            if (rc < 0) return rc;
            deleted += rc;
        }
        after = items[n - 1].id;
    }
    return n < 0 ? n : deleted;
}

int64_t innsyn_purge_unconfirmed(db *d, int64_t now)
{
    return purge(d, now, &rules[0]);
}

int64_t innsyn_purge_requester_addresses(db *d, int64_t now)
{
    return purge(d, now, &rules[1]);
}

int64_t innsyn_purge_released_copies(db *d, int64_t now)
{
    return purge(d, now, &rules[2]);
}
