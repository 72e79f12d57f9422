/* loependeJournal.xml (the internal running journal, everything as registered),
 * offentligJournal.xml (the public journal: screened fields left out or replaced by *****, the
 * legal basis given) and endringslogg.xml. */
#include "archive/archive_extract.h"

#include <string.h>

#define NS_LOEPENDE "http://www.arkivverket.no/standarder/noark5/loependeJournal"
#define NS_OFFENTLIG "http://www.arkivverket.no/standarder/noark5/offentligJournal"
#define NS_ENDRINGSLOGG "http://www.arkivverket.no/standarder/noark5/endringslogg"
#define NO_VALUE "(ingen verdi)"

/* Notes (type X) are internal working papers: they stay out of the public journal. */
static int in_journal(const x_entry *e, int public)
{
    return !public || e->type[0] != 'X';
}

static size_t journal_count(const x_extract *x, int public)
{
    size_t n = 0;
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++)
            n += (size_t)in_journal(&x->cases[i].entries[j], public);
    return n;
}

/* The screened fields' names joined, for the journals' one skjermingMetadata. */
static void screen_names(const x_entry *e, char *buf, size_t len)
{
    buf[0] = '\0';
    for (const char *p = e->screened_fields ? e->screened_fields : ""; *p;) {
        size_t n = strcspn(p, " ");
        const char *name = x_screen_code_name(p, n);
        size_t used = strlen(buf);
        if (name) snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
        p += n;
        p += strspn(p, " ");
    }
}

static void write_party(xmlTextWriterPtr w, const char *role, const char *name, int hide,
                        int public, const char *screen_name)
{
    xmlTextWriterStartElement(w, BAD_CAST "korrespondansepart");
    x_el(w, "korrespondanseparttype", role);
    x_el(w, "korrespondansepartNavn", public && hide ? ARCHIVE_SCREENED_TEXT : name);
    if (!public && hide) x_el(w, "skjermingMetadata", screen_name);
    xmlTextWriterEndElement(w);
}

static void write_parties(xmlTextWriterPtr w, const x_extract *x, const x_entry *e, int public)
{
    int screened = x_screened(x, e);
    for (size_t i = 0; i < e->party_count; i++) {
        const x_party *p = &e->parties[i];
        int sender = !strcmp(p->role, "Avsender");
        int hide = screened && (sender ? x_screens(e, "NA") : x_screens(e, "NM"));
        write_party(w, p->role, p->name, hide, public,
                    sender ? "Skjerming navn avsender" : "Skjerming navn mottaker");
    }
    /* The journals need at least one party; an internal entry without any names its author. */
    if (e->party_count == 0) write_party(w, "Intern avsender", e->created_by, 0, public, NULL);
}

static void write_entry(xmlTextWriterPtr w, const x_extract *x, const x_case *c, const x_entry *e,
                        int public)
{
    int screened = x_screened(x, e);
    xmlTextWriterStartElement(w, BAD_CAST "journalregistrering");
    xmlTextWriterStartElement(w, BAD_CAST "saksmappe");
    char id[64];
    snprintf(id, sizeof id, "%lld/%lld", (long long)c->year, (long long)c->seq);
    x_el(w, "mappeID", id);
    x_el_int(w, "saksaar", c->year);
    x_el_int(w, "sakssekvensnummer", c->seq);
    if (!public) x_el(w, "tittel", c->title);
    x_el(w, "offentligTittel", c->public_title);
    x_el(w, "administrativEnhet", c->unit);
    x_el(w, "saksansvarlig", c->caseworker);
    xmlTextWriterEndElement(w);

    xmlTextWriterStartElement(w, BAD_CAST "journalpost");
    x_el(w, "systemID", e->uuid);
    snprintf(id, sizeof id, "%lld/%lld-%lld", (long long)c->year, (long long)c->seq,
             (long long)e->number);
    x_el(w, "registreringsID", id);
    x_el_int(w, "journalaar", e->year);
    x_el_int(w, "journalsekvensnummer", e->seq);
    x_el_int(w, "journalpostnummer", e->number);
    if (!public) x_el(w, "tittel", e->title);
    /* A lapsed screening shows the title as it is. */
    x_el(w, "offentligTittel", screened || !public ? e->public_title : e->title);
    char names[300];
    screen_names(e, names, sizeof names);
    if (screened && names[0]) x_el(w, "skjermingMetadata", names);
    x_el(w, "journaldato", e->registry_date);
    x_el(w, "dokumentetsDato", e->document_date);
    if (!public) x_el_int(w, "antallVedlegg", e->doc_count > 1 ? (int64_t)e->doc_count - 1 : 0);
    x_el(w, "administrativEnhet", c->unit);
    x_el(w, "saksbehandler", c->caseworker);
    if (screened) {
        x_el(w, "tilgangsrestriksjon", e->access_code);
        x_el(w, "skjermingshjemmel", e->legal_basis);
    }
    write_parties(w, x, e, public);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

int x_write_journal(const x_extract *x, const char *path, int public)
{
    xmlTextWriterPtr w = x_begin(path, public ? "offentligJournal" : "loependeJournal",
                                 public ? NS_OFFENTLIG : NS_LOEPENDE);
    if (!w) return -1;
    xmlTextWriterStartElement(w, BAD_CAST "journalhode");
    x_el(w, "journalStartDato", x->from);
    x_el(w, "journalSluttDato", x->to);
    x_el_int(w, "antallJournalposter", (int64_t)journal_count(x, public));
    xmlTextWriterStartElement(w, BAD_CAST "arkivskaper");
    x_el(w, "arkivskaperID", x->creator_id);
    x_el(w, "arkivskaperNavn", x->creator_name);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++)
            if (in_journal(&x->cases[i].entries[j], public))
                write_entry(w, x, &x->cases[i], &x->cases[i].entries[j], public);
    return x_end(w);
}

static void write_change(xmlTextWriterPtr w, const char *target, const char *field, int64_t at,
                         const char *by, const char *old_value, const char *new_value)
{
    xmlTextWriterStartElement(w, BAD_CAST "endring");
    x_el(w, "referanseArkivenhet", target);
    x_el(w, "referanseMetadata", field);
    x_el_time(w, "endretDato", at);
    x_el(w, "endretAv", by);
    /* Both values are required and may not be empty: a field that had or has no value (a
     * screening added or lifted) is written «(ingen verdi)». */
    x_el(w, "tidligereVerdi", old_value ? old_value : NO_VALUE);
    x_el(w, "nyVerdi", new_value ? new_value : NO_VALUE);
    xmlTextWriterEndElement(w);
}

int x_write_endringslogg(const x_extract *x, const char *path)
{
    xmlTextWriterPtr w = x_begin(path, "endringslogg", NS_ENDRINGSLOGG);
    if (!w) return -1;
    for (size_t i = 0; i < x->change_count; i++) {
        const x_change *ch = &x->changes[i];
        write_change(w, ch->target, ch->field, ch->at, ch->by, ch->old_value, ch->new_value);
    }
    /* The series closed for the period is itself a change, written last; it also keeps the log
     * valid when nothing else changed (the schema wants at least one endring). */
    write_change(w, x->series_uuid, "arkivdelstatus", x->now, "system", "Aktiv periode",
                 "Avsluttet periode");
    return x_end(w);
}
