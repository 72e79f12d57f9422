/* Reading Enhetsregisteret's JSON. A bulk file is one array of over a million objects, so it
 * is read one element at a time: a small scanner finds where each element ends (tracking
 * strings and nesting only), and jansson decodes that element alone. zlib reads gzip and
 * plain files alike. */
#include "org/org_import.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/progress.h"
#include "core/strbuf.h"
#include "org/org.h"
#include "org/org_db.h"
#include "org/org_unit_parse.h"

enum {
    ELEMENT_MAX = 4 << 20, /* bytes of one unit or one unit's roles */
    SINGLE_MAX = 64 << 20, /* bytes of a file that is one object (an API answer) */
    ROLES_MAX = 1000,      /* roles of one unit */
};

typedef struct reader {
    gzFile gz;
    unsigned char buf[1 << 16];
    size_t pos, len;
    long long offset; /* bytes read from the uncompressed stream */
    int eof;
} reader;

typedef struct importer {
    db *d;
    org_writer *writer;
    org_import_stats *stats;
    const char *roles_orgnr;
    long long element; /* 1-based number of the element being read, for messages */
    char *err;
    size_t errlen;
    /* progress: the fraction of the file read */
    progress shown;
    off_t file_size;
    reader *rd;
    org_unit_fields fields;
} importer;

static int fail(importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(importer *im, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(im->err, im->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int reader_next(reader *r)
{
    if (r->pos == r->len) {
        if (r->eof) return -1;
        int n = gzread(r->gz, r->buf, sizeof r->buf);
        if (n <= 0) {
            r->eof = 1;
            return n < 0 ? -2 : -1;
        }
        r->pos = 0;
        r->len = (size_t)n;
    }
    r->offset++;
    return r->buf[r->pos++];
}

static int reader_next_nonspace(reader *r)
{
    int c;
    do c = reader_next(r);
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    return c;
}

/* The share of the file read so far, and the units and role lists imported. */
static void progress_show(importer *im)
{
    double done = im->file_size > 0 ? (double)gzoffset(im->rd->gz) / (double)im->file_size : 0;
    progress_update(&im->shown, im->stats->units + im->stats->role_units, done);
}

static const char *text_at(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *text_in(json_t *obj, const char *outer, const char *key)
{
    return text_at(json_object_get(obj, outer), key);
}

static int unit_import(importer *im, const org_unit_fields *f)
{
    if (!f->orgnr[0]) return fail(im, "element %lld mangler organisasjonsnummer", im->element);
    if (!org_number_valid(f->orgnr))
        return fail(im, "element %lld: «%.20s» er ikke et gyldig organisasjonsnummer "
                        "(ni sifre med riktig kontrollsiffer)", im->element, f->orgnr);
    if (!f->name[0]) return fail(im, "enhet %s (element %lld) mangler navn", f->orgnr, im->element);
    org_unit u = {
        .orgnr = f->orgnr,
        .name = f->name,
        .legal_form = f->legal_form,
        .city = f->city_business[0] ? f->city_business
                : f->city_location[0] ? f->city_location : f->city_postal,
        .parent_orgnr = f->parent_orgnr,
        .bankrupt = f->bankrupt,
        .liquidating = f->liquidating,
        .deleted_on = f->deleted_on[0] ? f->deleted_on : NULL,
    };
    int rc = org_writer_add(im->writer, &u);
    if (rc < 0) return fail(im, "databasefeil ved enhet %s: %s", u.orgnr, db_errmsg(im->d));
    im->stats->units++;
    return 0;
}

static int roles_import(importer *im, const char *orgnr, json_t *obj);

/* A unit or a unit's roles as JSON text (one element of a bulk file, or one object). */
static int text_import(importer *im, const char *text, size_t len)
{
    org_unit_fields *f = &im->fields;
    char perr[300];
    if (org_unit_parse(text, len, f, perr, sizeof perr) != 0)
        return fail(im, "ugyldig JSON i element %lld (ved byte %lld i filen): %s", im->element,
                    im->rd->offset - (long long)len, perr);
    if (!f->has_roles) return unit_import(im, f);
    json_error_t jerr;
    json_t *obj = json_loadb(text, len, 0, &jerr);
    if (!obj) return fail(im, "ugyldig JSON i element %lld: %s", im->element, jerr.text);
    const char *orgnr = text_at(obj, "organisasjonsnummer");
    int rc;
    if (!orgnr) rc = fail(im, "rollene i element %lld mangler organisasjonsnummer", im->element);
    else if (!org_number_valid(orgnr))
        rc = fail(im, "element %lld: «%.20s» er ikke et gyldig organisasjonsnummer", im->element, orgnr);
    else rc = roles_import(im, orgnr, obj);
    json_decref(obj);
    return rc;
}

/* "Fornavn Mellomnavn Etternavn" from the person's navn object. */
static void person_name(json_t *navn, char *out, size_t len)
{
    const char *parts[] = {text_at(navn, "fornavn"), text_at(navn, "mellomnavn"), text_at(navn, "etternavn")};
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < 3; i++) {
        if (!parts[i] || !*parts[i] || n + 1 >= len) continue;
        n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", parts[i]);
        if (n >= len) n = len - 1;
    }
}

static int roles_import(importer *im, const char *orgnr, json_t *obj)
{
    json_t *groups = json_object_get(obj, "rollegrupper");
    if (!json_is_array(groups))
        return fail(im, "rollene for %s (element %lld) mangler listen rollegrupper", orgnr, im->element);
    static org_role roles[ROLES_MAX];
    static char names[ROLES_MAX][200];
    size_t count = 0, gi, ri;
    json_t *g, *role;
    json_array_foreach(groups, gi, g) {
        json_array_foreach(json_object_get(g, "roller"), ri, role) {
            if (count == ROLES_MAX)
                return fail(im, "enhet %s har flere enn %d roller", orgnr, ROLES_MAX);
            org_role *r = &roles[count];
            r->group_code = text_in(g, "type", "kode");
            r->role_code = text_in(role, "type", "kode");
            if (!r->group_code || !r->role_code)
                return fail(im, "en rolle for %s (element %lld) mangler type", orgnr, im->element);
            json_t *person = json_object_get(role, "person");
            person_name(json_object_get(person, "navn"), names[count], sizeof names[count]);
            r->person_name = names[count][0] ? names[count] : NULL;
            r->birth_date = text_at(person, "fodselsdato");
            r->unit_orgnr = text_in(role, "enhet", "organisasjonsnummer");
            r->resigned = json_is_true(json_object_get(role, "fratraadt"));
            count++;
        }
    }
    if (org_roles_replace(im->d, orgnr, roles, count) < 0)
        return fail(im, "databasefeil ved rollene til %s: %s", orgnr, db_errmsg(im->d));
    im->stats->role_units++;
    return 0;
}

/* Reads the array element that begins with first ('{') into b; returns 0 or -1. The
 * reader's buffer is scanned in place and copied a span at a time: this loop sees every byte
 * of a bulk file. */
static int element_read(importer *im, int first, strbuf *b)
{
    reader *r = im->rd;
    int depth = 1, in_string = 0, escaped = 0;
    strbuf_reset(b);
    strbuf_putc(b, (char)first);
    for (;;) {
        if (r->pos == r->len) {
            int c = reader_next(r); /* refills the buffer */
            if (c < 0)
                return fail(im, "filen slutter midt i element %lld (byte %lld)", im->element, r->offset);
            r->pos--;
            r->offset--;
        }
        size_t start = r->pos, i = r->pos;
        int done = 0;
        for (; i < r->len && !done; i++) {
            unsigned char c = r->buf[i];
            if (in_string) {
                if (escaped) escaped = 0;
                else if (c == '\\') escaped = 1;
                else if (c == '"') in_string = 0;
            } else if (c == '"') {
                in_string = 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                done = --depth == 0;
            }
        }
        strbuf_append(b, (const char *)r->buf + start, i - start);
        r->offset += (long long)(i - start);
        r->pos = i;
        if (done) return 0;
        if (b->len > ELEMENT_MAX)
            return fail(im, "element %lld er større enn %d MB", im->element, ELEMENT_MAX >> 20);
    }
}

static int array_import(importer *im)
{
    reader *r = im->rd;
    strbuf b = STRBUF_INIT;
    int rc = 0, c = reader_next_nonspace(r);
    if (c == ']') c = -3; /* an empty array */
    while (c != -3) {
        im->element++;
        if (c != '{') {
            rc = fail(im, "ventet et objekt som element %lld, ved byte %lld", im->element, r->offset);
            break;
        }
        if ((rc = element_read(im, c, &b)) != 0) break;
        if ((rc = text_import(im, b.data, b.len)) != 0) break;
        progress_show(im);
        c = reader_next_nonspace(r);
        if (c == ']') break;
        if (c != ',') {
            rc = fail(im, "ventet «,» eller «]» etter element %lld, ved byte %lld", im->element, r->offset);
            break;
        }
        c = reader_next_nonspace(r);
    }
    strbuf_free(&b);
    if (rc == 0 && reader_next_nonspace(r) != -1)
        rc = fail(im, "uventet innhold etter listen, ved byte %lld", r->offset);
    return rc;
}

/* A file that is one object: a unit, a search result, or one unit's roles. */
static int object_import(importer *im)
{
    reader *r = im->rd;
    strbuf b = STRBUF_INIT;
    strbuf_putc(&b, '{');
    int c;
    while ((c = reader_next(r)) >= 0 && b.len <= SINGLE_MAX) strbuf_putc(&b, (char)c);
    if (b.len > SINGLE_MAX) {
        strbuf_free(&b);
        return fail(im, "filen er ikke en liste og er større enn %d MB", SINGLE_MAX >> 20);
    }
    json_error_t jerr;
    json_t *obj = json_loadb(b.data, b.len, 0, &jerr);
    strbuf_free(&b);
    if (!obj) return fail(im, "ugyldig JSON på linje %d, kolonne %d: %s", jerr.line, jerr.column, jerr.text);
    int rc = 0;
    im->element = 1;
    json_t *embedded = json_object_get(obj, "_embedded");
    if (embedded) {
        const char *lists[] = {"enheter", "underenheter"};
        for (size_t l = 0; l < 2 && rc == 0; l++) {
            size_t i;
            json_t *unit;
            json_array_foreach(json_object_get(embedded, lists[l]), i, unit) {
                im->element = (long long)i + 1;
                char *text = json_dumps(unit, JSON_COMPACT);
                rc = text ? text_import(im, text, strlen(text)) : fail(im, "tomt minne");
                free(text);
                if (rc) break;
            }
        }
    } else if (json_object_get(obj, "rollegrupper") && !json_object_get(obj, "organisasjonsnummer")) {
        if (!im->roles_orgnr) rc = fail(im, "filen er rollene til én enhet: oppgi hvilken med --orgnr");
        else if (!org_number_valid(im->roles_orgnr))
            rc = fail(im, "--orgnr %s er ikke et gyldig organisasjonsnummer", im->roles_orgnr);
        else rc = roles_import(im, im->roles_orgnr, obj);
    } else {
        char *text = json_dumps(obj, JSON_COMPACT);
        rc = text ? text_import(im, text, strlen(text)) : fail(im, "tomt minne");
        free(text);
    }
    json_decref(obj);
    return rc;
}

int org_import_file(db *d, const char *path, const char *roles_orgnr, org_import_stats *stats,
                    char *err, size_t errlen)
{
    memset(stats, 0, sizeof *stats);
    reader *rd = calloc(1, sizeof *rd);
    if (!rd) abort();
    importer im = {.d = d, .stats = stats, .roles_orgnr = roles_orgnr, .err = err, .errlen = errlen, .rd = rd};
    struct stat st;
    rd->gz = gzopen(path, "rb");
    if (!rd->gz || stat(path, &st) != 0) {
        snprintf(err, errlen, "kan ikke åpne %s: %s", path, strerror(errno ? errno : ENOENT));
        if (rd->gz) gzclose(rd->gz);
        free(rd);
        return -1;
    }
    gzbuffer(rd->gz, 1 << 17);
    im.file_size = st.st_size;
    progress_begin(&im.shown, "enheter", 0);

    org_db_import_prepare(d);
    /* One transaction for the whole file: a file that breaks off or is malformed half-way
     * leaves nothing behind, and readers see the old register until the new one is whole. */
    int rc = db_begin(d);
    if (rc != DB_OK) snprintf(err, errlen, "kan ikke starte transaksjon: %s", db_errmsg(d));
    else {
        im.writer = org_writer_new(d);
        int c = reader_next_nonspace(rd);
        if (c == '[') rc = array_import(&im);
        else if (c == '{') rc = object_import(&im);
        else if (c == -2) rc = fail(&im, "filen kan ikke leses (ødelagt gzip?)");
        else rc = fail(&im, "filen er ikke JSON fra Enhetsregisteret (ventet «[» eller «{» først)");
        if (rc == 0 && org_writer_flush(im.writer) < 0)
            rc = fail(&im, "databasefeil: %s", db_errmsg(d));
        org_writer_free(im.writer);
        if (rc == 0 && db_commit(d) != DB_OK) rc = fail(&im, "kunne ikke lagre: %s", db_errmsg(d));
        if (rc != 0) {
            db_rollback(d);
            memset(stats, 0, sizeof *stats);
        }
        progress_end(&im.shown);
    }
    /* Outside the transaction: VACUUM cannot run inside one. */
    if (rc == 0 && stats->units > 0 && org_db_import_analyse(d) != DB_OK)
        fprintf(stderr, "minside: statistikk etter importen feilet: %s\n", db_errmsg(d));
    gzclose(rd->gz);
    free(rd);
    return rc ? -1 : 0;
}
