/* arkivstruktur.xml: the archive, its series, the case files with their registry entries,
 * documents and document objects, in the order the v5.0 schema requires. */
#include "archive/archive_extract.h"

#include <string.h>

#define NS_ARKIVSTRUKTUR "http://www.arkivverket.no/standarder/noark5/arkivstruktur"

static void write_screening(xmlTextWriterPtr w, const x_entry *e)
{
    if (!e->access_code) return;
    xmlTextWriterStartElement(w, BAD_CAST "skjerming");
    x_el(w, "tilgangsrestriksjon", e->access_code);
    x_el(w, "skjermingshjemmel", e->legal_basis);
    for (const char *p = e->screened_fields ? e->screened_fields : ""; *p;) {
        size_t len = strcspn(p, " ");
        x_el(w, "skjermingMetadata", x_screen_code_name(p, len));
        p += len;
        p += strspn(p, " ");
    }
    if (e->screening_years) x_el_int(w, "skjermingsvarighet", e->screening_years);
    x_el(w, "skjermingOpphoererDato", e->screening_ends);
    xmlTextWriterEndElement(w);
}

static void write_document(xmlTextWriterPtr w, const x_entry *e, const x_document *doc)
{
    xmlTextWriterStartElement(w, BAD_CAST "dokumentbeskrivelse");
    x_el(w, "systemID", doc->doc_uuid);
    x_el(w, "dokumenttype", e->type[0] == 'X' || e->type[0] == 'N' ? "Notat" : "Brev");
    x_el(w, "dokumentstatus", "Dokumentet er ferdigstilt");
    x_el(w, "tittel", doc->title);
    x_el_time(w, "opprettetDato", doc->created_at);
    x_el(w, "opprettetAv", doc->created_by);
    x_el(w, "tilknyttetRegistreringSom", doc->role);
    x_el_int(w, "dokumentnummer", doc->doc_no);
    x_el_time(w, "tilknyttetDato", doc->created_at);
    x_el(w, "tilknyttetAv", doc->created_by);
    xmlTextWriterStartElement(w, BAD_CAST "dokumentobjekt");
    x_el(w, "systemID", doc->obj_uuid);
    x_el_int(w, "versjonsnummer", 1);
    x_el(w, "variantformat", "Produksjonsformat");
    x_el(w, "format", doc->format);
    x_el_time(w, "opprettetDato", doc->created_at);
    x_el(w, "opprettetAv", doc->created_by);
    x_el(w, "referanseDokumentfil", doc->file_ref);
    x_el(w, "sjekksum", doc->sha256);
    x_el(w, "sjekksumAlgoritme", "SHA256");
    x_el_int(w, "filstoerrelse", doc->size);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

static void write_entry(xmlTextWriterPtr w, const x_case *c, const x_entry *e)
{
    xmlTextWriterStartElement(w, BAD_CAST "registrering");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:type", BAD_CAST "journalpost");
    x_el(w, "systemID", e->uuid);
    x_el_time(w, "opprettetDato", e->created_at);
    x_el(w, "opprettetAv", e->created_by);
    x_el_time(w, "arkivertDato", e->created_at);
    x_el(w, "arkivertAv", e->created_by);
    write_screening(w, e);
    for (size_t i = 0; i < e->doc_count; i++)
        write_document(w, e, &e->docs[i]);
    char id[64];
    snprintf(id, sizeof id, "%lld/%lld-%lld", (long long)c->year, (long long)c->seq,
             (long long)e->number);
    x_el(w, "registreringsID", id);
    x_el(w, "tittel", e->title);
    x_el(w, "offentligTittel", e->public_title);
    for (size_t i = 0; i < e->party_count; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "korrespondansepart");
        x_el(w, "korrespondanseparttype", e->parties[i].role);
        x_el(w, "korrespondansepartNavn", e->parties[i].name);
        xmlTextWriterEndElement(w);
    }
    x_el_int(w, "journalaar", e->year);
    x_el_int(w, "journalsekvensnummer", e->seq);
    x_el_int(w, "journalpostnummer", e->number);
    x_el(w, "journalposttype", x_entry_type_name(e->type));
    x_el(w, "journalstatus", e->status);
    x_el(w, "journaldato", e->registry_date);
    x_el(w, "dokumentetsDato", e->document_date);
    if (e->type[0] == 'I') x_el_time(w, "mottattDato", e->created_at);
    if (e->type[0] == 'U') x_el_time(w, "sendtDato", e->created_at);
    x_el_int(w, "antallVedlegg", e->doc_count > 1 ? (int64_t)e->doc_count - 1 : 0);
    xmlTextWriterEndElement(w);
}

static void write_case(xmlTextWriterPtr w, const x_extract *x, const x_case *c)
{
    xmlTextWriterStartElement(w, BAD_CAST "mappe");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:type", BAD_CAST "saksmappe");
    x_el(w, "systemID", c->uuid);
    char id[48];
    snprintf(id, sizeof id, "%lld/%lld", (long long)c->year, (long long)c->seq);
    x_el(w, "mappeID", id);
    x_el(w, "tittel", c->title);
    x_el(w, "offentligTittel", c->public_title);
    x_el_time(w, "opprettetDato", c->created_at);
    x_el(w, "opprettetAv", c->created_by);
    /* The v5.0 schema requires a closing time on every case file; a case still open is written
     * as closed when the extract was taken. */
    x_el_time(w, "avsluttetDato", c->closed_at ? c->closed_at : x->now);
    x_el(w, "avsluttetAv", c->closed_by ? c->closed_by : "system");
    for (size_t i = 0; i < c->entry_count; i++)
        write_entry(w, c, &c->entries[i]);
    x_el_int(w, "saksaar", c->year);
    x_el_int(w, "sakssekvensnummer", c->seq);
    x_el(w, "saksdato", c->case_date);
    x_el(w, "administrativEnhet", c->unit);
    x_el(w, "saksansvarlig", c->caseworker);
    x_el(w, "saksstatus", c->status);
    xmlTextWriterEndElement(w);
}

int x_write_arkivstruktur(const x_extract *x, const char *path)
{
    xmlTextWriterPtr w = x_begin(path, "arkiv", NS_ARKIVSTRUKTUR);
    if (!w) return -1;
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
                                BAD_CAST "http://www.w3.org/2001/XMLSchema-instance");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:schemaLocation",
                                BAD_CAST NS_ARKIVSTRUKTUR " arkivstruktur.xsd");
    x_el(w, "systemID", x->archive_uuid);
    x_el(w, "tittel", x->archive_title);
    /* An extract covers a closed period: the archive and series are written as closed at the
     * time the extract was taken, as the schema requires. */
    x_el(w, "arkivstatus", "Avsluttet");
    x_el(w, "dokumentmedium", "Elektronisk arkiv");
    x_el_time(w, "opprettetDato", x->archive_created);
    x_el(w, "opprettetAv", "system");
    x_el_time(w, "avsluttetDato", x->now);
    x_el(w, "avsluttetAv", "system");
    xmlTextWriterStartElement(w, BAD_CAST "arkivskaper");
    x_el(w, "arkivskaperID", x->creator_id);
    x_el(w, "arkivskaperNavn", x->creator_name);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "arkivdel");
    x_el(w, "systemID", x->series_uuid);
    x_el(w, "tittel", x->series_title);
    x_el(w, "arkivdelstatus", "Avsluttet periode");
    x_el_time(w, "opprettetDato", x->series_created);
    x_el(w, "opprettetAv", "system");
    x_el_time(w, "avsluttetDato", x->now);
    x_el(w, "avsluttetAv", "system");
    x_el(w, "arkivperiodeStartDato", x->from);
    x_el(w, "arkivperiodeSluttDato", x->to);
    for (size_t i = 0; i < x->case_count; i++)
        write_case(w, x, &x->cases[i]);
    xmlTextWriterEndElement(w);
    return x_end(w);
}
