/* Delivering to the inbox, and the unread count the header shows. */
#include "inbox/inbox.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "auth/person.h"
#include "mail/mail.h"

/* The notice goes to the person's address when they want notices; a person without an address
 * or with notices turned off simply reads the inbox on the next visit. */
static int notice_queue(db *d, int64_t person_id, const char *link)
{
    char address[MAIL_MAX_ADDRESS_BYTES + 1];
    int rc = person_notice_address(d, person_id, address, sizeof address);
    if (rc <= 0) return rc;
    rc = mail_notice_enqueue(d, address, link);
    if (rc == MAIL_SKIPPED || rc == MAIL_ERR_ADDRESS) return DB_OK;
    return rc;
}

int inbox_deliver(db *d, const inbox_message_new *m, int64_t *id_out)
{
    if (!m || m->person_id <= 0 || !utf8_text_within(m->kind, 64, true) ||
        !utf8_text_within(m->sender, INBOX_MAX_SENDER, true) ||
        !utf8_text_within(m->subject, INBOX_MAX_SUBJECT, true) ||
        !utf8_text_within(m->body, INBOX_MAX_BODY, false) ||
        (m->link_path && (m->link_path[0] != '/' || !utf8_text_within(m->link_path, 1024, true))) ||
        (m->orgnr && !utf8_text_within(m->orgnr, 9, true)))
        return INBOX_ERR_INVALID;
    db_stmt *s = db_prepare(d, "INSERT INTO inbox_message (person_id, orgnr, case_id, kind, "
                               "sender, subject, body, link_path, created_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, m->person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, m->orgnr);
    if (rc == DB_OK) rc = m->case_id ? db_bind_int(s, 3, m->case_id) : db_bind_null(s, 3);
    if (rc == DB_OK) rc = db_bind_text(s, 4, m->kind);
    if (rc == DB_OK) rc = db_bind_text(s, 5, m->sender);
    if (rc == DB_OK) rc = db_bind_text(s, 6, m->subject);
    if (rc == DB_OK) rc = db_bind_text(s, 7, m->body);
    if (rc == DB_OK) rc = db_bind_text(s, 8, m->link_path);
    if (rc == DB_OK) rc = db_bind_int(s, 9, clock_now());
    if (rc == DB_OK) rc = db_step(s);
    int64_t id = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    if (id_out) *id_out = id;
    /* The notice always leads to the message in the inbox, never to its content. */
    char link[64];
    snprintf(link, sizeof link, "/innboks/%lld", (long long)id);
    return notice_queue(d, m->person_id, link);
}

int64_t inbox_unread_count(db *d, int64_t person_id)
{
    db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM inbox_message "
                               "WHERE person_id = $1 AND read_at IS NULL");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_step(s);
    int64_t n = rc == DB_ROW ? db_col_int(s, 0) : (rc < 0 ? rc : DB_ERR);
    db_reset(s);
    return n;
}

int inbox_has_kind(db *d, int64_t person_id, const char *kind)
{
    db_stmt *s = db_prepare(d, "SELECT 1 FROM inbox_message WHERE person_id = $1 AND kind = $2 "
                               "LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, person_id);
    if (rc == DB_OK) rc = db_bind_text(s, 2, kind);
    if (rc == DB_OK) rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
