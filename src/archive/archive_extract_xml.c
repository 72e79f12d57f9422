/* Small helpers for writing the extract's XML with libxml2's text writer, and the Noark names
 * of the codes the database stores. */
#include "archive/archive_extract.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void x_datetime(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm); /* Europe/Oslo: set by clock_init_timezone() at start-up */
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, "%c%02d:%02d", sign, (int)(off / 60 % 100), (int)(off % 60));
}

void x_el(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text) return;
    xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

void x_el_int(xmlTextWriterPtr w, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    x_el(w, name, buf);
}

void x_el_time(xmlTextWriterPtr w, const char *name, int64_t t)
{
    char buf[32];
    x_datetime(t, buf);
    x_el(w, name, buf);
}

xmlTextWriterPtr x_begin(const char *path, const char *root, const char *ns)
{
    xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
    if (!w) return NULL;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, NULL, "utf-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST root);
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST ns);
    return w;
}

int x_end(xmlTextWriterPtr w)
{
    int rc = xmlTextWriterEndDocument(w);
    /* Freeing flushes and closes the file; a short write shows up in the end call above. */
    xmlFreeTextWriter(w);
    return rc < 0 ? -1 : 0;
}

const char *x_entry_type_name(const char *code)
{
    switch (code[0]) {
    case 'I':
        return "Inngående dokument";
    case 'U':
        return "Utgående dokument";
    case 'N':
        return "Organinternt dokument for oppfølging";
    case 'X':
        return "Organinternt dokument uten oppfølging";
    }
    return code;
}

const char *x_screen_code_name(const char *code, size_t len)
{
    static const char *const names[][2] = {
        {"TRO", "Skjerming tittel registrering - utvalgte ord"},
        {"NA", "Skjerming navn avsender"},
        {"NM", "Skjerming navn mottaker"},
        {"TD", "Skjerming tittel dokumentbeskrivelse"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i][0]) == len && !strncmp(code, names[i][0], len)) return names[i][1];
    return NULL;
}

int x_screened(const x_extract *x, const x_entry *e)
{
    if (!e->access_code) return 0;
    /* A screening with an end date no longer applies from that day. */
    return !e->screening_ends || strcmp(x->today, e->screening_ends) < 0;
}

int x_screens(const x_entry *e, const char *code)
{
    if (!e->screened_fields) return 0;
    size_t n = strlen(code);
    for (const char *p = e->screened_fields; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && !strncmp(p, code, n)) return 1;
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}
