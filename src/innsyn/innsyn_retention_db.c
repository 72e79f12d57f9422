/* Retention rules for requests for access: requests never confirmed, the e-mail address and
 * name of anonymous requesters once the complaint period is over, and released copies once
 * they can no longer be fetched. Each item goes in the run's transaction with its record. */
#include "innsyn/innsyn_retention.h"
#include "innsyn/innsyn.h"

#include "core/workdays.h"
#include "retention/retention.h"

#define CONFIRM_SECONDS ((int64_t)INNSYN_CONFIRM_HOURS * 3600)

static int unconfirmed_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(db_prepare_bind(d, "SELECT id, created_at FROM innsyn_request WHERE state = 'ubekreftet' "
                                                   "AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3",
                                                "iii", now - CONFIRM_SECONDS, after, (int64_t)max),
                                items, max);
}

/* The request with its entries and log, while it is still unconfirmed and run out. */
static int unconfirmed_delete(db *d, int64_t id, int64_t now)
{
    int64_t before = now - CONFIRM_SECONDS;
    static const char *const belongs[] = {
        "DELETE FROM innsyn_log WHERE request_id = (SELECT id FROM innsyn_request WHERE id = $1 "
        "AND state = 'ubekreftet' AND created_at < $2)",
        "DELETE FROM innsyn_item WHERE request_id = (SELECT id FROM innsyn_request WHERE id = $1 "
        "AND state = 'ubekreftet' AND created_at < $2)",
    };
    for (size_t i = 0; i < sizeof belongs / sizeof *belongs; i++)
        if (db_run_changes(d, belongs[i], "ii", id, before) < 0) return DB_ERR;
    return (int)db_run_changes(d, "DELETE FROM innsyn_request WHERE id = $1 AND state = 'ubekreftet' AND created_at < $2",
                               "ii", id, before);
}

static void today_oslo(int64_t now, char out[11])
{
    civil_date_format(civil_date_oslo(now), out);
}

static int address_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    char today[11];
    today_oslo(now, today);
    return retention_items_read(
        db_prepare_bind(d, "SELECT id, created_at FROM innsyn_request WHERE person_id IS NULL AND "
                           "(email IS NOT NULL OR requester_name IS NOT NULL) AND complaint = 0 AND "
                           "complaint_until IS NOT NULL AND complaint_until < $1 AND id > $2 ORDER BY id LIMIT $3",
                        "tii", today, after, (int64_t)max),
        items, max);
}

static int address_delete(db *d, int64_t id, int64_t now)
{
    char today[11];
    today_oslo(now, today);
    return (int)db_run_changes(d, "UPDATE innsyn_request SET email = NULL, requester_name = NULL WHERE id = $1 AND "
                                  "person_id IS NULL AND (email IS NOT NULL OR requester_name IS NOT NULL) AND "
                                  "complaint = 0 AND complaint_until IS NOT NULL AND complaint_until < $2",
                               "it", id, today);
}

static int copies_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return retention_items_read(
        db_prepare_bind(d, "SELECT dc.id, r.release_until FROM innsyn_decision dc JOIN innsyn_request r ON "
                           "r.id = dc.request_id WHERE dc.copy_content IS NOT NULL AND r.release_until IS NOT NULL "
                           "AND r.release_until < $1 AND dc.id > $2 ORDER BY dc.id LIMIT $3",
                        "iii", now, after, (int64_t)max),
        items, max);
}

static int copies_delete(db *d, int64_t id, int64_t now)
{
    return (int)db_run_changes(d, "UPDATE innsyn_decision SET copy_content = NULL WHERE id = $1 AND copy_content IS NOT "
                                  "NULL AND request_id IN (SELECT id FROM innsyn_request WHERE release_until IS NOT "
                                  "NULL AND release_until < $2)",
                               "ii", id, now);
}

static const retention_rule rules[] = {
    {"innsyn_unconfirmed", "innsyn_request", "Innsynskrav som aldri ble bekreftet (med e-postadressen)",
     "24 timer etter at kravet ble sendt",
     "Et krav som ikke er bekreftet, blir aldri behandlet, og adressen trengs ikke (art. 5 nr. 1 c og e).",
     unconfirmed_list, unconfirmed_delete},
    {"innsyn_requester_address", "innsyn_request", "Navn og e-postadresse til den som ba om innsyn uten å logge inn",
     "til klagefristen etter svaret er ute (kravet og loggen beholdes)",
     "Adressen trengs for å sende svaret og ta imot en klage; kravet selv er journalført etter offentleglova og "
     "arkivlova (art. 5 nr. 1 c og e).",
     address_list, address_delete},
    {"innsyn_released_copies", "innsyn_decision", "Sladdede kopier som er gitt ut etter innsynskrav",
     "til de ikke lenger kan hentes fra lenken i svaret",
     "Kopien trengs bare så lenge den som ba om innsyn kan hente den; vedtaket beholdes (art. 5 nr. 1 e).",
     copies_list, copies_delete},
};

void innsyn_retention_register(void)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) retention_rule_register(&rules[i]);
}
