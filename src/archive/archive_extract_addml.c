/* arkivuttrekk.xml: the ADDML 8.3 description of the extract, shaped like Arkivverket's
 * example, naming every file of the extract with its SHA-256 checksum (the XML files and each
 * document file). Runs after the other files are written. */
#include "archive/archive_extract.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define NS_ADDML "http://www.arkivverket.no/standarder/addml"

/* <property name="name" [dataType=...]><value>value</value> ... left open for children. */
static void prop_open(xmlTextWriterPtr w, const char *name, const char *type, const char *value)
{
    xmlTextWriterStartElement(w, BAD_CAST "property");
    if (type) xmlTextWriterWriteAttribute(w, BAD_CAST "dataType", BAD_CAST type);
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
    x_el(w, "value", value);
}

static void prop(xmlTextWriterPtr w, const char *name, const char *type, const char *value)
{
    prop_open(w, name, type, value);
    xmlTextWriterEndElement(w);
}

static void open_props(xmlTextWriterPtr w)
{
    xmlTextWriterStartElement(w, BAD_CAST "properties");
}

static void end(xmlTextWriterPtr w)
{
    xmlTextWriterEndElement(w);
}

static int file_sha256(const char *path, char out[65])
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) return -1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
    return 0;
}

/* <property name="file"> with the file's name, format and checksum. */
static void file_props(xmlTextWriterPtr w, const char *name, const char *format, const char *sha)
{
    prop_open(w, "file", NULL, NULL);
    open_props(w);
    prop(w, "name", NULL, name);
    if (format) prop(w, "format", NULL, format);
    prop_open(w, "checksum", NULL, NULL);
    open_props(w);
    prop(w, "algorithm", NULL, "SHA-256");
    prop(w, "value", NULL, sha);
    end(w);
    end(w);
    end(w);
    end(w);
}

static int xml_object(xmlTextWriterPtr w, const char *dir, const char *base, const char *count_of,
                      int64_t count)
{
    char path[4200], file[64], xsd[64], sha[65], elpath[64];
    snprintf(file, sizeof file, "%s.xml", base);
    snprintf(xsd, sizeof xsd, "%s.xsd", base);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (file_sha256(path, sha)) return -1;
    xmlTextWriterStartElement(w, BAD_CAST "dataObject");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST base);
    open_props(w);
    file_props(w, file, "XML", sha);
    prop_open(w, "schema", NULL, "main");
    open_props(w);
    prop_open(w, "file", NULL, NULL);
    open_props(w);
    prop(w, "name", NULL, xsd);
    end(w);
    end(w);
    prop(w, "type", NULL, "XML Schema");
    end(w);
    end(w);
    prop_open(w, "info", NULL, NULL);
    open_props(w);
    prop_open(w, "numberOfOccurrences", NULL, count_of);
    open_props(w);
    snprintf(elpath, sizeof elpath, "//%s", count_of);
    prop(w, "elementPath", NULL, elpath);
    char n[32];
    snprintf(n, sizeof n, "%lld", (long long)count);
    prop(w, "value", "integer", n);
    end(w);
    end(w);
    end(w);
    end(w);
    end(w);
    end(w);
    return 0;
}

static int screened_any(const x_extract *x)
{
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++)
            if (x_screened(x, &x->cases[i].entries[j])) return 1;
    return 0;
}

static void write_reference(xmlTextWriterPtr w, const x_extract *x)
{
    xmlTextWriterStartElement(w, BAD_CAST "reference");
    xmlTextWriterStartElement(w, BAD_CAST "context");
    xmlTextWriterStartElement(w, BAD_CAST "additionalElements");
    static const char *const keys[] = {"recordCreators", "systemType", "systemName", "archive"};
    const char *values[] = {x->creator_name, "Sakarkiv (Noark-5)", "Min side", x->archive_title};
    for (int i = 0; i < 4; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "additionalElement");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST keys[i]);
        if (i == 0) {
            xmlTextWriterStartElement(w, BAD_CAST "additionalElements");
            xmlTextWriterStartElement(w, BAD_CAST "additionalElement");
            xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "recordCreator");
            x_el(w, "value", values[i]);
            end(w);
            end(w);
        } else {
            x_el(w, "value", values[i]);
        }
        end(w);
    }
    end(w);
    end(w);
    xmlTextWriterStartElement(w, BAD_CAST "content");
    xmlTextWriterStartElement(w, BAD_CAST "additionalElements");
    xmlTextWriterStartElement(w, BAD_CAST "additionalElement");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "archivalPeriod");
    open_props(w);
    prop(w, "startDate", NULL, x->from);
    prop(w, "endDate", NULL, x->to);
    end(w);
    end(w);
    end(w);
    end(w);
    end(w);
}

static void write_info(xmlTextWriterPtr w, const x_extract *x)
{
    prop_open(w, "info", NULL, NULL);
    open_props(w);
    prop_open(w, "type", NULL, "Noark 5");
    open_props(w);
    prop(w, "version", NULL, "5.0");
    end(w);
    end(w);
    prop_open(w, "additionalInfo", NULL, NULL);
    open_props(w);
    prop(w, "inneholderSkjermetInformasjon", "boolean", screened_any(x) ? "true" : "false");
    prop(w, "omfatterDokumenterSomErKassert", "boolean", "false");
    prop(w, "inneholderDokumenterSomSkalKasseres", "boolean", "false");
    prop(w, "inneholderVirksomhetsspesifikkeMetadata", "boolean", "false");
    char n[32];
    snprintf(n, sizeof n, "%zu", x->doc_count);
    prop(w, "antallDokumentfiler", "integer", n);
    end(w);
    end(w);
    end(w);
    end(w);
}

static int write_documents(xmlTextWriterPtr w, const x_extract *x)
{
    xmlTextWriterStartElement(w, BAD_CAST "dataObject");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "dokumenter");
    open_props(w);
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++) {
            const x_entry *e = &x->cases[i].entries[j];
            for (size_t k = 0; k < e->doc_count; k++)
                file_props(w, e->docs[k].file_ref, e->docs[k].format, e->docs[k].sha256);
        }
    end(w);
    end(w);
    return 0;
}

int x_write_addml(const x_extract *x, const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/arkivuttrekk.xml", dir);
    xmlTextWriterPtr w = x_begin(path, "addml", NS_ADDML);
    if (!w) return -1;
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "Noark 5-arkivuttrekk");
    xmlTextWriterStartElement(w, BAD_CAST "dataset");
    x_el(w, "description", "Noark 5-arkivuttrekk");
    write_reference(w, x);
    xmlTextWriterStartElement(w, BAD_CAST "dataObjects");
    xmlTextWriterStartElement(w, BAD_CAST "dataObject");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "Noark 5-arkivuttrekk");
    open_props(w);
    write_info(w, x);
    end(w);
    xmlTextWriterStartElement(w, BAD_CAST "dataObjects");
    int64_t changes = (int64_t)x->change_count + 1;
    int64_t entries = (int64_t)x->entry_count, public_entries = 0;
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++)
            public_entries += x->cases[i].entries[j].type[0] != 'X';
    int rc = xml_object(w, dir, "arkivstruktur", "mappe", (int64_t)x->case_count);
    if (rc == 0) rc = xml_object(w, dir, "endringslogg", "endring", changes);
    if (rc == 0) rc = xml_object(w, dir, "loependeJournal", "journalregistrering", entries);
    if (rc == 0) rc = xml_object(w, dir, "offentligJournal", "journalregistrering", public_entries);
    if (rc == 0) rc = write_documents(w, x);
    int end_rc = x_end(w);
    return rc ? rc : end_rc;
}
