/* Issues and their batches. */
#include "newsletter/newsletter_issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nl_issue_create(db *d, int64_t staff_id, const char *title, const char *body, int64_t now,
                    int64_t *id)
{
    db_stmt *s = db_prepare(d, "INSERT INTO newsletter_issue (title, body, created_by, created_at, "
                               "updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id");
    if (!s) return DB_ERR;
    int rc = db_bind_text(s, 1, title);
    if (rc == DB_OK) rc = db_bind_text(s, 2, body);
    if (rc == DB_OK) rc = db_bind_int(s, 3, staff_id);
    if (rc == DB_OK) rc = db_bind_int(s, 4, now);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *id = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

int nl_issue_update(db *d, int64_t id, const char *title, const char *body, int64_t now)
{
    int64_t n = db_run_changes(d,
                               "UPDATE newsletter_issue SET title = $2, body = $3, updated_at = $4 "
                               "WHERE id = $1 AND state = 'draft'",
                               "itti", id, title, body, now);
    return n < 0 ? (int)n : n ? DB_OK : NL_NOT_DRAFT;
}

int nl_issue_load(db *d, int64_t id, nl_issue *i)
{
    db_stmt *s = db_prepare(
        d, "SELECT i.title, i.body, i.state, i.created_at, i.send_started_at, i.send_finished_at, "
           "i.recipients, i.bounced, COALESCE(SUM(b.sent), 0), COALESCE(SUM(b.failed), 0), "
           "COUNT(b.id) - COUNT(b.finished_at) FROM newsletter_issue i "
           "LEFT JOIN newsletter_batch b ON b.issue_id = i.id WHERE i.id = $1 "
           "GROUP BY i.id, i.title, i.body, i.state, i.created_at, i.send_started_at, "
           "i.send_finished_at, i.recipients, i.bounced");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        memset(i, 0, sizeof *i);
        i->id = id;
        i->title = strdup(db_col_text(s, 0));
        i->body = strdup(db_col_text(s, 1));
        i->state = strdup(db_col_text(s, 2));
        i->created_at = db_col_int(s, 3);
        i->send_started_at = db_col_is_null(s, 4) ? 0 : db_col_int(s, 4);
        i->send_finished_at = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
        i->recipients = db_col_int(s, 6);
        i->bounced = db_col_int(s, 7);
        i->sent = db_col_int(s, 8);
        i->failed = db_col_int(s, 9);
        i->batches_left = db_col_int(s, 10);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

void nl_issue_free(nl_issue *i)
{
    free(i->title);
    free(i->body);
    free(i->state);
    memset(i, 0, sizeof *i);
}

json_t *nl_issue_list_json(db *d)
{
    db_stmt *s = db_prepare(
        d, "SELECT i.id, i.title, i.state, i.updated_at, i.recipients, i.bounced, "
           "COALESCE(SUM(b.sent), 0), COALESCE(SUM(b.failed), 0) FROM newsletter_issue i "
           "LEFT JOIN newsletter_batch b ON b.issue_id = i.id "
           "GROUP BY i.id, i.title, i.state, i.updated_at, i.recipients, i.bounced "
           "ORDER BY i.id DESC LIMIT 200");
    if (!s) return NULL;
    json_t *list = json_array();
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
                            (json_int_t)db_col_int(s, 0), "title", db_col_text(s, 1), "state",
                            db_col_text(s, 2), "updated_at", (json_int_t)db_col_int(s, 3),
                            "recipients", (json_int_t)db_col_int(s, 4), "bounced",
                            (json_int_t)db_col_int(s, 5), "sent", (json_int_t)db_col_int(s, 6),
                            "failed", (json_int_t)db_col_int(s, 7)));
    db_reset(s);
    if (rc != DB_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The first subscriber id of each batch: every NL_BATCH_SIZE-th confirmed subscriber. */
static int batch_starts(db *d, int64_t confirmed_by, int64_t **out, size_t *n, int64_t *last)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, rn FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) "
                               "AS rn FROM newsletter_subscriber WHERE confirmed_at IS NOT NULL "
                               "AND confirmed_at <= $1) t WHERE (rn - 1) % $2 = 0 ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, confirmed_by);
    if (rc == DB_OK) rc = db_bind_int(s, 2, NL_BATCH_SIZE);
    size_t cap = 0;
    while (rc == DB_OK || rc == DB_ROW) {
        rc = db_step(s);
        if (rc != DB_ROW) break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *grown = realloc(*out, cap * sizeof **out);
            if (!grown) {
                rc = DB_ERR;
                break;
            }
            *out = grown;
        }
        (*out)[(*n)++] = db_col_int(s, 0);
    }
    db_reset(s);
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    s = db_prepare(d, "SELECT COALESCE(MAX(id), 0) FROM newsletter_subscriber "
                      "WHERE confirmed_at IS NOT NULL AND confirmed_at <= $1");
    if (!s) return DB_ERR;
    rc = db_bind_int(s, 1, confirmed_by);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) *last = db_col_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
}

static int batches_enqueue(db *d, int64_t issue_id, const int64_t *starts, size_t n, int64_t last,
                           int64_t now)
{
    for (size_t k = 0; k < n; k++) {
        int64_t to = k + 1 < n ? starts[k + 1] - 1 : last;
        db_stmt *s = db_prepare(d, "INSERT INTO newsletter_batch (issue_id, first_id, last_id, "
                                   "done_through) VALUES ($1, $2, $3, $4) RETURNING id");
        if (!s) return DB_ERR;
        int rc = db_bind_int(s, 1, issue_id);
        if (rc == DB_OK) rc = db_bind_int(s, 2, starts[k]);
        if (rc == DB_OK) rc = db_bind_int(s, 3, to);
        if (rc == DB_OK) rc = db_bind_int(s, 4, starts[k] - 1);
        if (rc == DB_OK) rc = db_step(s);
        int64_t batch_id = rc == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
        char payload[64];
        snprintf(payload, sizeof payload, "{\"batch_id\": %lld}", (long long)batch_id);
        rc = job_enqueue(d, "newsletter_send", payload, now, NULL);
        if (rc != DB_OK) return rc;
    }
    return DB_OK;
}

int nl_issue_start_sending(db *d, int64_t id, int64_t now, int64_t *n)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    int64_t changed = db_run_changes(d,
                                     "UPDATE newsletter_issue SET state = 'sending', "
                                     "send_started_at = $2 WHERE id = $1 AND state = 'draft'",
                                     "ii", id, now);
    if (changed <= 0) {
        db_rollback(d);
        return changed < 0 ? (int)changed : NL_NOT_DRAFT;
    }
    int64_t *starts = NULL, last = 0;
    size_t count = 0;
    rc = batch_starts(d, now, &starts, &count, &last);
    if (rc == DB_OK) rc = batches_enqueue(d, id, starts, count, last, now);
    free(starts);
    if (rc == DB_OK) {
        db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM newsletter_subscriber "
                                   "WHERE confirmed_at IS NOT NULL AND confirmed_at <= $1");
        rc = s ? db_bind_int(s, 1, now) : DB_ERR;
        if (rc == DB_OK) rc = db_step(s);
        *n = rc == DB_ROW ? db_col_int(s, 0) : 0;
        if (s) db_reset(s);
        rc = rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERR;
    }
    if (rc == DB_OK)
        rc = db_run(d,
                    "UPDATE newsletter_issue SET recipients = $2, state = CASE WHEN $2 = 0 "
                    "THEN 'sent' ELSE state END, send_finished_at = CASE WHEN $2 = 0 THEN CAST($3 AS BIGINT) "
                    "ELSE NULL END WHERE id = $1",
                    "iii", id, *n, now);
    return db_finish(d, rc);
}

int64_t nl_issue_previous(db *d, int64_t issue_id)
{
    db_stmt *s = db_prepare(d, "SELECT p.id FROM newsletter_issue p JOIN newsletter_issue i "
                               "ON i.id = $1 WHERE p.send_started_at < i.send_started_at "
                               "ORDER BY p.send_started_at DESC, p.id DESC LIMIT 1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, issue_id);
    if (rc == DB_OK) rc = db_step(s);
    int64_t v = rc == DB_ROW ? db_col_int(s, 0) : rc == DB_DONE ? 0 : rc;
    db_reset(s);
    return v;
}

int nl_issue_bounced_add(db *d, int64_t issue_id)
{
    int64_t n = db_run_changes(d, "UPDATE newsletter_issue SET bounced = bounced + 1 WHERE id = $1",
                               "i", issue_id);
    return n < 0 ? (int)n : DB_OK;
}

int nl_batch_load(db *d, int64_t id, nl_batch *b)
{
    db_stmt *s = db_prepare(d, "SELECT issue_id, first_id, last_id, done_through, finished_at "
                               "FROM newsletter_batch WHERE id = $1");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, id);
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        b->id = id;
        b->issue_id = db_col_int(s, 0);
        b->first_id = db_col_int(s, 1);
        b->last_id = db_col_int(s, 2);
        b->done_through = db_col_int(s, 3);
        b->finished_at = db_col_is_null(s, 4) ? 0 : db_col_int(s, 4);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int64_t nl_batch_recipients(db *d, const nl_batch *b, int64_t confirmed_by, nl_recipient **out)
{
    *out = NULL;
    db_stmt *s = db_prepare(d, "SELECT id, address, ref FROM newsletter_subscriber "
                               "WHERE id > $1 AND id <= $2 AND confirmed_at IS NOT NULL "
                               "AND confirmed_at <= $3 ORDER BY id");
    if (!s) return DB_ERR;
    int rc = db_bind_int(s, 1, b->done_through);
    if (rc == DB_OK) rc = db_bind_int(s, 2, b->last_id);
    if (rc == DB_OK) rc = db_bind_int(s, 3, confirmed_by);
    int64_t n = 0, cap = 0;
    while (rc == DB_OK || rc == DB_ROW) {
        rc = db_step(s);
        if (rc != DB_ROW) break;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            nl_recipient *grown = realloc(*out, (size_t)cap * sizeof **out);
            if (!grown) {
                rc = DB_ERR;
                break;
            }
            *out = grown;
        }
        nl_recipient *r = &(*out)[n++];
        r->id = db_col_int(s, 0);
        snprintf(r->address, sizeof r->address, "%s", db_col_text(s, 1));
        snprintf(r->ref, sizeof r->ref, "%s", db_col_text(s, 2));
    }
    db_reset(s);
    if (rc != DB_DONE) {
        free(*out);
        *out = NULL;
        return rc < 0 ? rc : DB_ERR;
    }
    return n;
}

int nl_batch_progress(db *d, int64_t id, int64_t done_through, int64_t sent, int64_t failed)
{
    int64_t n = db_run_changes(d,
                               "UPDATE newsletter_batch SET done_through = $2, sent = sent + $3, "
                               "failed = failed + $4 WHERE id = $1 AND done_through < $2",
                               "iiii", id, done_through, sent, failed);
    return n < 0 ? (int)n : DB_OK;
}

int nl_batch_finish(db *d, const nl_batch *b, int64_t now)
{
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    rc = db_run(d, "UPDATE newsletter_batch SET finished_at = $2 WHERE id = $1 AND "
                   "finished_at IS NULL",
                "ii", b->id, now);
    if (rc == DB_OK)
        rc = db_run(d,
                    "UPDATE newsletter_issue SET state = 'sent', send_finished_at = $2 "
                    "WHERE id = $1 AND state = 'sending' AND NOT EXISTS (SELECT 1 FROM "
                    "newsletter_batch WHERE issue_id = $1 AND finished_at IS NULL)",
                    "ii", b->issue_id, now);
    return db_finish(d, rc);
}
