/* `minside verify-audit`: the whole chain read in order and every hash recomputed.
 *
 * Each row is checked against itself (does its hash match its content and the previous hash it
 * names?) and against its neighbours (does it name the previous row's hash? is its number the
 * next one?). A broken place is told apart by the pattern its neighbours make:
 *   changed   the row's own hash does not match its content;
 *   deleted   a number is missing (or the head names rows after the last one);
 *   inserted  the row after it names the row before it;
 *   swapped   a row names the next row's hash and the next names the one before both.
 * Rows are read in batches, so the check runs in constant memory over any number of rows. */
#include "audit/audit.h"
#include "audit/audit_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { VERIFY_BATCH = 4096 };

static const char ZERO_HASH[65] = "0000000000000000000000000000000000000000000000000000000000000000";

typedef struct verify_state {
    FILE *out;
    audit_verify_result *res;
    audit_chain_row prev; /* the row before the current one (prev_valid when there is one) */
    int prev_valid;
    int skip_links;       /* link checks to skip after a broken place was already explained */
} verify_state;

__attribute__((format(printf, 2, 3))) static void problem(verify_state *v, const char *fmt, ...)
{
    v->res->problems++;
    if (!v->out) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(v->out, fmt, ap);
    va_end(ap);
    fputc('\n', v->out);
}

/* Checks row c, with n the row after it (NULL at the end). */
static void check_row(verify_state *v, const audit_chain_row *c, const audit_chain_row *n)
{
    const char *prev_hash = v->prev_valid ? v->prev.hash : ZERO_HASH;
    int64_t expected = v->prev_valid ? v->prev.row.seq + 1 : 1;
    char own[65];
    audit_row_hash(c->prev_hash, &c->row, own);
    if (strcmp(own, c->hash) != 0)
        problem(v, "Rad %lld er endret: innholdet stemmer ikke med hashen.", (long long)c->row.seq);

    int link_ok = strcmp(c->prev_hash, prev_hash) == 0;
    if (c->row.seq != expected) {
        /* Rows are read in order of their number, so a wrong number is a gap. */
        if (c->row.seq == expected + 1)
            problem(v, "Rad %lld mangler (slettet).", (long long)expected);
        else
            problem(v, "Rad %lld til %lld mangler (slettet).", (long long)expected, (long long)(c->row.seq - 1));
        v->skip_links = 0;
    } else if (v->skip_links > 0) {
        v->skip_links--;
    } else if (!link_ok && n && strcmp(c->prev_hash, n->hash) == 0 && strcmp(n->prev_hash, prev_hash) == 0) {
        problem(v, "Rad %lld og %lld står i feil rekkefølge (byttet om).", (long long)c->row.seq,
                (long long)n->row.seq);
        v->skip_links = 2;
    } else if (n && strcmp(n->prev_hash, prev_hash) == 0 && strcmp(n->prev_hash, c->hash) != 0) {
        /* The next row names the row before this one: this one was put in between. */
        problem(v, "Rad %lld er satt inn i kjeden etter at den ble skrevet.", (long long)c->row.seq);
        v->skip_links = 1;
    } else if (!link_ok) {
        problem(v, "Kjeden er brutt mellom rad %lld og %lld: en rad er slettet, satt inn eller flyttet.",
                (long long)(expected - 1), (long long)c->row.seq);
    }
    v->prev = *c;
    v->prev_valid = 1;
    v->res->rows++;
}

int audit_verify(db *d, FILE *out, audit_verify_result *res)
{
    memset(res, 0, sizeof *res);
    /* Two batches side by side, so the row after the last of a batch is at hand. */
    audit_chain_row *buf = malloc(sizeof *buf * (VERIFY_BATCH + 1));
    if (!buf) return DB_ERR;
    verify_state v = {.out = out, .res = res};
    int64_t after = 0;
    int have = audit_db_read_after(d, after, buf, VERIFY_BATCH);
    while (have > 0) {
        after = buf[have - 1].row.seq;
        /* The first row of the next batch is read into the slot after this one. */
        int more = audit_db_read_after(d, after, buf + have, 1);
        if (more < 0) {
            have = more;
            break;
        }
        for (int i = 0; i < have; i++) check_row(&v, &buf[i], i + 1 < have + more ? &buf[i + 1] : NULL);
        if (!more) {
            have = 0;
            break;
        }
        have = audit_db_read_after(d, after, buf, VERIFY_BATCH);
    }
    int rc = have < 0 ? have : DB_OK;
    if (rc == DB_OK) {
        int64_t head_seq;
        char head_hash[65];
        rc = audit_db_head_get(d, &head_seq, head_hash);
        int64_t last = v.prev_valid ? v.prev.row.seq : 0;
        const char *last_hash = v.prev_valid ? v.prev.hash : ZERO_HASH;
        if (rc == DB_OK && head_seq > last)
            problem(&v, "De siste radene, %lld til %lld, mangler (slettet).", (long long)(last + 1), (long long)head_seq);
        else if (rc == DB_OK && head_seq < last)
            problem(&v, "Rad %lld til %lld står etter kjedens siste rad (satt inn).", (long long)(head_seq + 1), (long long)last);
        else if (rc == DB_OK && strcmp(head_hash, last_hash) != 0)
            problem(&v, "Rad %lld stemmer ikke med kjedens hode (endret eller byttet ut).", (long long)last);
        res->last_seq = last;
        memcpy(res->last_hash, last_hash, 65);
    }
    free(buf);
    return rc;
}
