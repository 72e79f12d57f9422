/* Requests for access (innsynskrav) under offentleglova: anyone asks for public registry
 * entries, logged in through ID-porten or with an e-mail address confirmed by a link;
 * caseworkers decide per document; the answer reaches the requester by e-mail (and in the inbox
 * of a logged-in requester) with a time-limited link to the released documents. A request not
 * answered within five working days counts as refused (offl. § 32). Every request and outcome
 * is kept in the innsyn log, which is registered in the archive at year end. */
#ifndef MINSIDE_INNSYN_INNSYN_H
#define MINSIDE_INNSYN_INNSYN_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

enum {
    INNSYN_ERR_INVALID = -50,    /* the input was wrong: a Norwegian message in err */
    INNSYN_ERR_NOT_PUBLIC = -51, /* no such entry, or not one the public may ask for */
    INNSYN_ERR_LIMIT = -52,      /* too many requests from one address or to one e-mail */
    INNSYN_ERR_NOT_FOUND = -53,  /* no such request, or a link that is wrong or has run out */
    INNSYN_ERR_STATE = -54,      /* the request is not in a state that allows this */
};

/* Limits. */
enum {
    INNSYN_MAX_ENTRIES = 20,          /* entries in one request (the basket) */
    INNSYN_RATE_PER_CLIENT = 20,      /* requests an hour from one client address */
    INNSYN_RATE_PER_EMAIL = 5,        /* requests an hour to one e-mail address */
    INNSYN_CONFIRM_HOURS = 24,        /* an unconfirmed request expires after this */
    INNSYN_TARGET_WORKDAYS = 3,       /* «utan ugrunna opphald»: the target */
    INNSYN_DEADLINE_WORKDAYS = 5,     /* after this, refused (offl. § 32 første ledd) */
    INNSYN_COMPLAINT_DAYS = 21,       /* three weeks to complain (fvl. § 29) */
    INNSYN_RELEASE_DAYS = 30,         /* released documents can be fetched this long */
    INNSYN_MAX_COPY_BYTES = 20 * 1024 * 1024, /* a redacted copy */
};

/* "INN-2026-17": the reference a requester sees, from the request's year and id. */
const char *innsyn_reference(arena *a, int64_t id, int64_t created_at);

/* The purges below are also registered as retention rules (innsyn_unconfirmed,
 * innsyn_requester_address, innsyn_copies) that the nightly retention run goes through item by
 * item; these run the same rules at once, in the caller's transaction.
 *
 * Deletes requests never confirmed within INNSYN_CONFIRM_HOURS of now. Returns the number
 * deleted, or a negative code. Runs in the caller's transaction. */
int64_t innsyn_purge_unconfirmed(db *d, int64_t now);
/* Forgets the e-mail address and name of anonymous requesters (not logged in) whose complaint
 * period has ended before now and who have no complaint waiting; the request and its log stay.
 * Returns the number of requests changed, or a negative code. */
int64_t innsyn_purge_requester_addresses(db *d, int64_t now);
/* Deletes the redacted copies whose release ended before now. */
int64_t innsyn_purge_released_copies(db *d, int64_t now);

/* One of a person's requests, for «Mine personopplysninger» and «Mine innsynskrav». */
typedef struct {
    int64_t id;
    const char *reference;  /* "INN-2026-17" */
    const char *state;      /* as stored: 'mottatt', 'besvart', 'avslatt_frist' */
    const char *state_text; /* in Norwegian */
    const char *received;   /* date in Norwegian */
    const char *entries;    /* registry ids, ", "-separated */
    int complaint;
} innsyn_person_request;
/* Calls visit for each of the person's requests, newest first (strings in a). visit returns 0 to
 * go on. Returns 0 or a negative code. */
int innsyn_person_requests(db *d, arena *a, int64_t person_id,
                           int (*visit)(const innsyn_person_request *req, void *ud), void *ud);

/* For the statistics: of the requests answered with their first answer from..to (Oslo dates,
 * "YYYY-MM-DD", inclusive), how many were decided within INNSYN_TARGET_WORKDAYS working days of
 * being received (*within) and in all (*total). Requests that lapsed into refusal count in the
 * total only. Returns 0 or a negative code. */
int innsyn_count_decided_in_time(db *d, const char *from, const char *to, int64_t *within,
                                 int64_t *total);
/* The same requests one by one, first answered in [from, to) (unix seconds): when, and whether
 * within the target; for the statistics page's weeks in one read. Returns 0 or a negative code. */
typedef void (*innsyn_first_answer_fn)(void *ud, int64_t answered_at, int in_time);
int innsyn_each_first_answer(db *d, int64_t from, int64_t to, innsyn_first_answer_fn each, void *ud);

/* Registers the innsyn log of year as a document in the archive: a case file «Innsynslogg YEAR»
 * with one internal entry (N) whose document lists every request of the year and every event of
 * its handling, without names or addresses. In the caller's transaction; INNSYN_ERR_STATE when
 * the year is registered already. The `innsyn_year_log` job calls it just after New Year. */
int innsyn_year_log_register(db *d, int year, const char *by, int64_t *entry_id);

/* `minside import-innsynskrav`: eInnsyn's order.xml files (v1 and v2) into the queue, all in one
 * transaction. On INNSYN_ERR_INVALID nothing is imported and err says «FILE:LINE: reason» in
 * Norwegian. *imported gets the number of orders registered. */
int innsyn_import_files(db *d, const char *const *files, size_t count, size_t *imported,
                        char *err, size_t errlen);

/* Registers the job kinds (deadline, year-end log) and the retention rules at start-up. */
void innsyn_register(void);
/* Queues the year-end log job when it is not queued (at server start). */
int innsyn_schedule(db *d);

#endif
