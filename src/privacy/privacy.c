/* The sections' registry and the collection of a person's data. */
#include "privacy/privacy.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/date_text.h"
#include "core/log.h"

static const privacy_section *sections[PRIVACY_SECTIONS_MAX];
static size_t section_count;

void privacy_section_register(const privacy_section *s)
{
    for (size_t i = 0; i < section_count; i++)
        if (!strcmp(sections[i]->key, s->key)) return;
    if (section_count == PRIVACY_SECTIONS_MAX) {
        log_error("personopplysninger: for mange seksjoner (høyst %d)", PRIVACY_SECTIONS_MAX);
        abort();
    }
    sections[section_count++] = s;
}

#define PRIVACY_FORMAT "minside-personopplysninger/1"

int privacy_collect(db *d, arena *a, int64_t person_id, json_t **out)
{
    json_t *list = json_array();
    for (size_t i = 0; i < section_count; i++) {
        json_t *items = json_array();
        int rc = sections[i]->fill(d, a, person_id, items);
        if (rc < 0) {
            json_decref(items);
            json_decref(list);
            return rc;
        }
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o}", "nokkel", sections[i]->key, "tittel",
                                              sections[i]->title, "om", sections[i]->about, "elementer", items));
    }
    *out = json_pack("{s:s, s:s, s:o}", "format", PRIVACY_FORMAT, "laget", date_text_nb(a, clock_now()),
                     "seksjoner", list);
    return DB_OK;
}

static const privacy_section *section_find(const char *key)
{
    for (size_t i = 0; i < section_count; i++)
        if (!strcmp(sections[i]->key, key)) return sections[i];
    return NULL;
}

/* One item as rows in the section's order; keys without a label are shown by their key. */
static json_t *item_rows(const privacy_section *s, json_t *item)
{
    json_t *rows = json_array();
    for (const privacy_field *f = s ? s->fields : NULL; f && f->key; f++) {
        json_t *v = json_object_get(item, f->key);
        if (json_is_string(v) && json_string_length(v))
            json_array_append_new(rows, json_pack("{s:s, s:O}", "label", f->label, "value", v));
    }
    return rows;
}

const char *privacy_item_text(arena *a, const json_t *page, const char *section, size_t index)
{
    json_t *sec;
    size_t i;
    json_array_foreach(page, i, sec)
    {
        if (strcmp(json_string_value(json_object_get(sec, "key")), section)) continue;
        json_t *item = json_array_get(json_object_get(sec, "items"), index), *row;
        if (!item) return NULL;
        const char *text = "";
        size_t j;
        json_array_foreach(json_object_get(item, "rows"), j, row)
            text = arena_printf(a, "%s%s%s: %s", text, j ? "; " : "", json_string_value(json_object_get(row, "label")),
                                json_string_value(json_object_get(row, "value")));
        return arena_printf(a, "%s – %s", json_string_value(json_object_get(sec, "title")), text);
    }
    return NULL;
}

json_t *privacy_page_model(const json_t *doc)
{
    json_t *out = json_array(), *sec;
    size_t i;
    json_array_foreach(json_object_get(doc, "seksjoner"), i, sec)
    {
        const privacy_section *s = section_find(json_string_value(json_object_get(sec, "nokkel")));
        json_t *items = json_array(), *item;
        size_t j;
        json_array_foreach(json_object_get(sec, "elementer"), j, item)
            json_array_append_new(items, json_pack("{s:o, s:I}", "rows", item_rows(s, item), "index", (json_int_t)j));
        json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:o, s:b}", "key", json_object_get(sec, "nokkel"),
                                             "title", json_object_get(sec, "tittel"), "about",
                                             json_object_get(sec, "om"), "items", items, "any",
                                             json_array_size(items) > 0));
    }
    return out;
}
