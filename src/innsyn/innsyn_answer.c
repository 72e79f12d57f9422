/* The answer to a request: the decisions per document, written for the requester with the
 * right to complain and its deadline, and the link to the released documents. */
#include "innsyn/innsyn_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/clock.h"
#include "core/date_text.h"
#include "core/strbuf.h"

static const char *outcome_text(const innsyn_decision *x)
{
    if (!strcmp(x->outcome, "innsyn")) return "Innsyn gitt.";
    if (!strcmp(x->outcome, "delvis")) return "Delvis innsyn: du får en kopi der det som er unntatt, er sladdet.";
    return "Innsyn avslått.";
}

static const char *answer_body(arena *a, const innsyn_request_row *q, const innsyn_decision *xs,
                               size_t count, const char *token)
{
    strbuf b = {0};
    int released = 0, refused = 0;
    strbuf_printf(&b, "Her er svaret på innsynskravet ditt %s.\n\nVi har vurdert hvert dokument:\n",
                  q->reference);
    for (size_t i = 0; i < count; i++) {
        const innsyn_decision *x = &xs[i];
        strbuf_printf(&b, "- %s «%s»: %s", x->registry_id, x->document_title, outcome_text(x));
        if (x->legal_basis) strbuf_printf(&b, " Hjemmel: %s.", x->legal_basis);
        strbuf_puts(&b, "\n");
        if (strcmp(x->outcome, "avslag")) released = 1;
        if (strcmp(x->outcome, "innsyn")) refused = 1;
    }
    strbuf_puts(&b, "\n");
    if (released)
        strbuf_printf(&b, "Dokumentene du har fått innsyn i, kan du laste ned til og med %s. "
                          "Deretter blir de slettet her:\n%s/innsyn/svar/%s\n\n",
                      date_text_nb(a, q->release_until - 1), g_app.cfg.base_url, token);
    if (refused)
        strbuf_printf(&b, "Du kan klage på avslaget innen tre uker, til og med %s (offentleglova "
                          "§ 32 og forvaltningsloven § 29). Klagen behandles av oss først; "
                          "holder vi fast ved avslaget, sender vi den videre til klageinstansen. "
                          "Du klager ved å åpne lenken og trykke «Klag på svaret»:\n%s/innsyn/svar/%s\n\n",
                      date_text_nb_ymd(a, q->complaint_until), g_app.cfg.base_url, token);
    strbuf_puts(&b, "Med vennlig hilsen\nForbrukertilsynet\n");
    char *s = strbuf_take(&b);
    const char *out = arena_strdup(a, s);
    free(s);
    return out;
}

int innsyn_decide(db *d, arena *a, int64_t request_id, const innsyn_decision *decisions,
                  size_t count, const char *by)
{
    int64_t now = clock_now();
    char token[65];
    innsyn_token_new(token);
    int rc = innsyn_db_answer_set(d, request_id, "besvart", now, token);
    if (rc == DB_OK) rc = innsyn_db_decisions_clear(d, request_id);
    size_t given = 0, partial = 0, refused = 0;
    for (size_t i = 0; rc == DB_OK && i < count; i++) {
        rc = innsyn_db_decision_insert(d, request_id, &decisions[i], now, by);
        given += !strcmp(decisions[i].outcome, "innsyn");
        partial += !strcmp(decisions[i].outcome, "delvis");
        refused += !strcmp(decisions[i].outcome, "avslag");
    }
    if (rc == DB_OK)
        rc = innsyn_db_log(d, request_id, now, "avgjort",
                           arena_printf(a, "Avgjort av %s: innsyn i %zu, delvis innsyn i %zu, "
                                           "avslag på %zu dokument(er).",
                                        by, given, partial, refused));
    innsyn_request_row q;
    if (rc == DB_OK) rc = innsyn_db_request_get(d, a, request_id, &q);
    if (rc != DB_OK) return rc;
    const char *subject = arena_printf(a, "Svar på innsynskravet ditt %s", q.reference);
    return innsyn_notify(d, &q, subject, answer_body(a, &q, decisions, count, token));
}
