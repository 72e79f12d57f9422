/* minside export-noark: the archival extract in a new folder. Document files are copied first
 * (each checked against its checksum as it is copied), then the XML files, then
 * arkivuttrekk.xml with the checksums of everything. */
#include "archive/archive.h"
#include "archive/archive_extract.h"
#include "archive/archive_store.h"

#include "core/workdays.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int copy_documents(db *d, const x_extract *x, const char *dir, progress *shown, char *err,
                          size_t errlen)
{
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/dokumenter", dir);
    if (mkdir(sub, 0750) != 0) {
        snprintf(err, errlen, "kan ikke lage %s: %s", sub, strerror(errno));
        return ARCHIVE_ERR_IO;
    }
    for (size_t i = 0; i < x->case_count; i++)
        for (size_t j = 0; j < x->cases[i].entry_count; j++) {
            const x_entry *e = &x->cases[i].entries[j];
            for (size_t k = 0; k < e->doc_count; k++) {
                progress_step(shown);
                char dest[4400];
                snprintf(dest, sizeof dest, "%s/%s", dir, e->docs[k].file_ref);
                if (archive_store_copy_out(d, e->docs[k].sha256, dest) != 0) {
                    snprintf(err, errlen,
                             "dokumentet %s (sjekksum %s) mangler eller stemmer ikke med "
                             "sjekksummen; kjør minside verify-documents",
                             e->docs[k].obj_uuid, e->docs[k].sha256);
                    return ARCHIVE_ERR_IO;
                }
            }
        }
    return 0;
}

static int write_xml(const x_extract *x, const char *dir, char *err, size_t errlen)
{
    char path[4200];
    int rc = 0;
    snprintf(path, sizeof path, "%s/arkivstruktur.xml", dir);
    rc = rc ? rc : x_write_arkivstruktur(x, path);
    snprintf(path, sizeof path, "%s/endringslogg.xml", dir);
    rc = rc ? rc : x_write_endringslogg(x, path);
    snprintf(path, sizeof path, "%s/loependeJournal.xml", dir);
    rc = rc ? rc : x_write_journal(x, path, 0);
    snprintf(path, sizeof path, "%s/offentligJournal.xml", dir);
    rc = rc ? rc : x_write_journal(x, path, 1);
    rc = rc ? rc : x_write_addml(x, dir);
    if (rc) snprintf(err, errlen, "kan ikke skrive uttrekket i %s", dir);
    return rc ? ARCHIVE_ERR_IO : 0;
}

int archive_export(db *d, const char *dir, const char *from, const char *to, progress *shown,
                   char *err, size_t errlen)
{
    civil_date a, b;
    if ((from && civil_date_parse(from, &a) != 0) || (to && civil_date_parse(to, &b) != 0)) {
        snprintf(err, errlen, "datoer skrives ÅÅÅÅ-MM-DD");
        return ARCHIVE_ERR_INVALID;
    }
    if (from && to && civil_date_compare(a, b) > 0) {
        snprintf(err, errlen, "--from kan ikke være etter --to");
        return ARCHIVE_ERR_INVALID;
    }
    if (mkdir(dir, 0750) != 0) {
        snprintf(err, errlen, "kan ikke lage uttrekksmappen %s: %s (mappen må være ny)", dir,
                 strerror(errno));
        return ARCHIVE_ERR_INVALID;
    }
    x_extract x;
    int rc = x_extract_load(d, from, to, &x);
    if (rc) snprintf(err, errlen, "kan ikke lese arkivet: %s", db_errmsg(d));
    if (rc == 0 && x.entry_count == 0) {
        /* The journals must hold at least one entry to be valid. */
        snprintf(err, errlen, "ingen journalposter i perioden; uttrekket er ikke laget");
        rc = ARCHIVE_ERR_INVALID;
    }
    if (rc == 0) progress_set_total(shown, (long long)x.doc_count);
    if (rc == 0) rc = copy_documents(d, &x, dir, shown, err, errlen);
    if (rc == 0) rc = write_xml(&x, dir, err, errlen);
    x_extract_free(&x);
    return rc;
}
