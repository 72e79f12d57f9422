/* Organisations in the database: writing units and roles from Enhetsregisteret, and the
 * organisation search. */
#ifndef MINSIDE_ORG_ORG_DB_H
#define MINSIDE_ORG_ORG_DB_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* One unit as the importer hands it over; strings are copied. */
typedef struct org_unit {
    const char *orgnr;        /* nine digits, checked by the caller */
    const char *name;
    const char *legal_form;   /* "AS", "ENK", … or NULL */
    const char *city;         /* poststed of the business address, else of the postal address */
    const char *parent_orgnr; /* for underenheter */
    int bankrupt, liquidating;
    const char *deleted_on;   /* YYYY-MM-DD or NULL */
} org_unit;

/* Writes units in batches of multi-row statements (one round trip per few hundred units on
 * PostgreSQL). Idempotent: a unit already there is updated, and its search words are
 * rewritten only when its name or status changed. The caller owns the transaction. */
typedef struct org_writer org_writer;

org_writer *org_writer_new(db *d);
int org_writer_add(org_writer *w, const org_unit *u);
/* Writes what is waiting; call before committing. */
int org_writer_flush(org_writer *w);
void org_writer_free(org_writer *w);

/* One role of a unit, as Enhetsregisteret lists it. */
typedef struct org_role {
    const char *group_code;  /* DAGL, STYR, PROK, SIGN, REVI, … */
    const char *role_code;   /* DAGL, LEDE, NEST, MEDL, POHV, … */
    const char *person_name; /* "Fornavn Mellomnavn Etternavn" or NULL for a unit */
    const char *birth_date;  /* YYYY-MM-DD or NULL */
    const char *unit_orgnr;  /* when the role is held by a unit (e.g. the auditor) */
    int resigned;            /* fratraadt */
} org_role;

/* Replaces the unit's roles with these. The caller owns the transaction. */
int org_roles_replace(db *d, const char *orgnr, const org_role *roles, size_t count);

/* Sets up the connection for a bulk import (org_import.c), once before the first file. */
void org_db_import_prepare(db *d);
/* Fresh planner statistics after an import; outside any transaction. Returns 0 or a db code. */
int org_db_import_analyse(db *d);

/* The unit's name as the register gives it, copied into name (cut between characters to fit):
 * 1, 0 when the register has no such unit, or a db code. */
int org_name_copy(db *d, const char *orgnr, char *name, size_t len);

/* A search result, in the arena. */
typedef struct org_hit {
    const char *orgnr, *name, *legal_form, *city, *deleted_on;
    int bankrupt, liquidating;
} org_hit;

enum { ORG_SEARCH_LIMIT_MAX = 50 };

/* Searches names (word prefixes in any order, accents and legal form not needed) and
 * organisation numbers (with or without spaces). Best first: whole name from its start, then
 * names with all the words, active units before bankrupt, liquidating and deleted ones; if
 * nothing matches, spellings one typing mistake away. Returns the count (≤ limit) or a
 * negative db error. */
int org_search(db *d, arena *a, const char *query, int limit, org_hit *out);

/* The label that marks a unit that is not active ("Slettet", "Konkurs", "Under avvikling"),
 * or NULL. */
const char *org_hit_status_label(const org_hit *h);

#endif
