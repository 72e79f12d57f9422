/* «Mine personopplysninger»: everything the service holds about the logged-in person, grouped
 * into sections, as a page, a printable page and a JSON download (docs/privacy.md).
 *
 * Each section belongs to the module that holds the data: the module registers it at start-up
 * with privacy_section_register() (as job kinds and retention rules are registered), and its
 * fill function appends the person's items, each a JSON object of the section's keys. The
 * built-in sections are in privacy_sections.c; modules built later add theirs. */
#ifndef MINSIDE_PRIVACY_PRIVACY_H
#define MINSIDE_PRIVACY_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* A key an item may have and what the page calls it. */
typedef struct privacy_field {
    const char *key, *label;
} privacy_field;

typedef struct privacy_section {
    const char *key;   /* stable, in the JSON: "profil", "saker" */
    const char *title; /* the heading: «Saker» */
    const char *about; /* one sentence: where the data comes from and why it is kept */
    const privacy_field *fields; /* ends with {NULL, NULL}; the order shown */
    /* Appends the person's items to items (a JSON array). Returns 0 or a negative code. */
    int (*fill)(db *d, arena *a, int64_t person_id, json_t *items);
} privacy_section;

/* At start-up, before any request (not thread-safe). A key registered again is ignored. */
void privacy_section_register(const privacy_section *s);
#define PRIVACY_SECTIONS_MAX 24

/* Everything about person_id as the JSON document of docs/privacy.md: format, made (the time),
 * and the sections with their items. Returns 0 (*out to be json_decref'd) or a negative code. */
int privacy_collect(db *d, arena *a, int64_t person_id, json_t **out);
/* The page's view of a collected document: each item as label/value rows in the section's order. */
json_t *privacy_page_model(const json_t *doc);

/* One item of a page model as text («Saker – Saksnummer: 2026/41; Tittel: …»), from the item at
 * index in the section with key; NULL when the person has no such item. */
const char *privacy_item_text(arena *a, const json_t *page, const char *section, size_t index);

/* Registers the built-in sections (at start-up). */
void privacy_register(void);

#endif
