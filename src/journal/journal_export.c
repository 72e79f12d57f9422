/* The eInnsyn export: one JSON-LD payload per published entry, in the shape of eInnsyn's
 * publishing examples (a @graph of Saksmappe, Journalpost, Korrespondansepart, Skjerming and
 * Dokumentbeskrivelse nodes, compact form with the arkiv: prefix). Everything in it comes from
 * the public form of the entry (archive_entry_public_get): never the title itself, no screened
 * word or party. eInnsyn's pairs: offentligTittel is the public title with the names of persons
 * replaced by *****, the one eInnsyn lets anyone search; offentligTittel_SENSITIV shows them, as
 * the public journal does; likewise a person's korrespondansepartNavn is ***** and the name is in
 * korrespondansepartNavn_SENSITIV. */
#include "journal/journal_internal.h"

#include "app.h"
#include "core/workdays.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARKIV_NS "http://www.arkivverket.no/standarder/noark5/arkivstruktur/"

static json_t *typed(const char *type, const char *value)
{
    return json_pack("{s:s,s:s}", "@type", type, "@value", value);
}

static json_t *typed_int(int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return typed("xsd:integer", buf);
}

static json_t *ref(const char *id)
{
    return json_pack("{s:s}", "@id", id);
}

static const char *entry_type_code(const char *type)
{
    if (!strcmp(type, "I")) return "arkiv:inngåendeDokument";
    if (!strcmp(type, "U")) return "arkiv:utgåendeDokument";
    return "arkiv:organinterntDokumentForOppfølging";
}

/* "Unntatt offentlighet" → arkiv:unntattOffentlighet, the code in eInnsyn's examples. */
static json_t *access_code(const char *code)
{
    if (!strcmp(code, "Unntatt offentlighet")) return ref("arkiv:unntattOffentlighet");
    if (!strcmp(code, "Taushetsbelagt")) return ref("arkiv:taushetsbelagt");
    return json_string(code);
}

/* The names of persons in this entry: tagged in its title, and parties who are persons. */
static const char **person_names(arena *a, const archive_entry_public *pe, const char *const *tagged)
{
    size_t n = 0, cap = pe->party_count + JOURNAL_MAX_NAMES + 1;
    const char **names = arena_calloc(a, cap, sizeof *names);
    for (size_t i = 0; tagged && tagged[i]; i++) names[n++] = tagged[i];
    for (size_t i = 0; i < pe->party_count; i++)
        if (pe->parties[i].person && pe->parties[i].name) names[n++] = pe->parties[i].name;
    names[n] = NULL;
    return names;
}

static json_t *without_names(const char *text, const char *const *names)
{
    char *t = archive_screen_text(text, names);
    json_t *j = json_string(t);
    free(t);
    return j;
}

static json_t *payload(arena *a, const archive_entry_public *pe, const char *const *tagged)
{
    const char *const *names = person_names(a, pe, tagged);
    json_t *graph = json_array();
    json_array_append_new(
        graph, json_pack("{s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:s,s:o}", "@id", pe->case_system_id,
                         "@type", "arkiv:Saksmappe", "arkiv:administrativEnhet", pe->admin_unit,
                         "arkiv:offentligTittel", without_names(pe->case_public_title, names),
                         "arkiv:offentligTittel_SENSITIV", pe->case_public_title, "arkiv:saksaar",
                         typed_int(strtoll(pe->case_number, NULL, 10)), "arkiv:sakssekvensnummer",
                         typed_int(strtoll(strchr(pe->case_number, '/') + 1, NULL, 10)),
                         "arkiv:systemID", pe->case_system_id, "arkiv:parent",
                         ref(pe->series_system_id)));
    json_t *entry = json_pack(
        "{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:s}", "@id", pe->system_id, "@type",
        "arkiv:Journalpost", "arkiv:journalaar", typed_int(pe->year), "arkiv:journaldato",
        typed("xsd:date", pe->registry_date), "arkiv:journalpostnummer", typed_int(pe->number),
        "arkiv:journalposttype", ref(entry_type_code(pe->type)), "arkiv:journalsekvensnummer",
        typed_int(pe->seq), "arkiv:journalstatus", ref("arkiv:journalført"),
        "arkiv:offentligTittel", without_names(pe->public_title, names),
        "arkiv:offentligTittel_SENSITIV", pe->public_title, "arkiv:parent",
        ref(pe->case_system_id), "arkiv:systemID", pe->system_id);
    if (pe->document_date)
        json_object_set_new(entry, "arkiv:dokumentetsDato", typed("xsd:date", pe->document_date));
    json_array_append_new(graph, entry);

    json_t *parties = json_array();
    for (size_t i = 0; i < pe->party_count; i++) {
        const archive_public_party *p = &pe->parties[i];
        if (!p->name) continue; /* screened: left out */
        char id[48];
        snprintf(id, sizeof id, "%s-part-%zu", pe->system_id, i + 1);
        const char *role = !strcmp(p->role, "Avsender")    ? "arkiv:avsender"
                           : !strcmp(p->role, "Mottaker") ? "arkiv:mottaker"
                                                          : "arkiv:kopimottaker";
        json_array_append_new(parties, ref(id));
        json_array_append_new(graph, json_pack("{s:s,s:s,s:s,s:s,s:o}", "@id", id, "@type",
                                               "arkiv:Korrespondansepart",
                                               "arkiv:korrespondansepartNavn",
                                               p->person ? ARCHIVE_SCREENED_TEXT : p->name,
                                               "arkiv:korrespondansepartNavn_SENSITIV", p->name,
                                               "arkiv:korrespondanseparttype", ref(role)));
    }
    if (json_array_size(parties)) json_object_set(entry, "arkiv:korrespondansepart", parties);
    json_decref(parties);

    if (pe->access_code) {
        char id[48];
        snprintf(id, sizeof id, "%s-skjerming", pe->system_id);
        json_object_set_new(entry, "arkiv:skjerming", ref(id));
        json_array_append_new(graph, json_pack("{s:s,s:s,s:o,s:s}", "@id", id, "@type",
                                               "arkiv:Skjerming", "arkiv:tilgangsrestriksjon",
                                               access_code(pe->access_code),
                                               "arkiv:skjermingshjemmel", pe->legal_basis));
    }

    json_t *docs = json_array();
    for (size_t i = 0; i < pe->document_count; i++) {
        const archive_public_document *doc = &pe->documents[i];
        json_array_append_new(docs, ref(doc->system_id));
        json_array_append_new(
            graph, json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:s}", "@id", doc->system_id, "@type",
                             "arkiv:Dokumentbeskrivelse", "arkiv:dokumentnummer",
                             typed_int(doc->number), "arkiv:systemID", doc->system_id,
                             "arkiv:tilknyttetRegistreringSom",
                             ref(!strcmp(doc->role, "Hoveddokument") ? "arkiv:hoveddokument"
                                                                    : "arkiv:vedlegg"),
                             "arkiv:tittel", without_names(doc->title, names),
                             "arkiv:tittel_SENSITIV", doc->title));
    }
    if (json_array_size(docs)) json_object_set(entry, "arkiv:dokumentbeskrivelse", docs);
    json_decref(docs);

    char base[512];
    snprintf(base, sizeof base, "%s/noark5/", g_app.cfg.base_url ? g_app.cfg.base_url : "");
    return json_pack("{s:{s:s,s:s,s:s},s:o}", "@context", "@base", base, "arkiv", ARKIV_NS, "xsd",
                     "http://www.w3.org/2001/XMLSchema#", "@graph", graph);
}

static int invalid(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return JOURNAL_ERR_INVALID;
}

int journal_export_einnsyn(db *d, const char *dir, const char *from, const char *to,
                           size_t *count, char *err, size_t errlen)
{
    *count = 0;
    civil_date c;
    if ((from && civil_date_parse(from, &c)) || (to && civil_date_parse(to, &c)))
        return invalid(err, errlen, "Skriv datoene slik: 2026-03-17.");
    if (from && to && strcmp(from, to) > 0)
        return invalid(err, errlen, "Fra-datoen kan ikke være etter til-datoen.");
    if (mkdir(dir, 0750) != 0) {
        snprintf(err, errlen, "kan ikke lage mappen %s: %s", dir, strerror(errno));
        return errno == EEXIST ? JOURNAL_ERR_INVALID : DB_ERR;
    }
    int64_t *ids;
    size_t n;
    int rc = journal_db_published_ids(d, from ? from : "0000-01-01", to ? to : "9999-12-31", &ids, &n);
    if (rc) snprintf(err, errlen, "kan ikke lese postjournalen: %s", db_errmsg(d));
    for (size_t i = 0; rc == 0 && i < n; i++) {
        arena *a = arena_new();
        archive_entry_public pe;
        const char **tagged;
        rc = archive_entry_public_get(d, a, ids[i], &pe);
        if (rc == 0) rc = journal_db_names(d, a, ids[i], &tagged);
        if (rc) snprintf(err, errlen, "kan ikke lese journalpost %lld: %s", (long long)ids[i], db_errmsg(d));
        if (rc == 0 && strcmp(pe.type, "X")) {
            json_t *p = payload(a, &pe, tagged);
            char *path = arena_printf(a, "%s/%s.jsonld", dir, pe.system_id);
            if (json_dump_file(p, path, JSON_INDENT(2)) != 0) {
                snprintf(err, errlen, "kan ikke skrive %s", path);
                rc = DB_ERR;
            } else {
                (*count)++;
            }
            json_decref(p);
        }
        arena_free(a);
    }
    free(ids);
    return rc;
}
