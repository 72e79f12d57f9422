#include "org/org_unit_parse.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include "core/utf8.h"

enum { DEPTH_MAX = 64, KEY_MAX = 48 };

typedef struct parse_state {
    org_unit_fields *f;
    int depth; /* 1 inside the unit object */
    int bad_text; /* a key or string that is not UTF-8: the parse was stopped there */
    char keys[DEPTH_MAX][KEY_MAX]; /* keys[d]: the key last seen at depth d */
} parse_state;

static void field_set(char *dst, size_t size, const unsigned char *s, size_t len)
{
    len = utf8_prefix_len((const char *)s, len, size - 1);
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* yajl lets overlong forms such as C1 A5 through; they would be stored as names (and refused by
 * PostgreSQL), so every key and string is checked as the rest of Min side checks text. */
static int text_ok(parse_state *p, const unsigned char *s, size_t len)
{
    if (utf8_valid((const char *)s, len)) return 1;
    p->bad_text = 1;
    return 0;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    parse_state *p = ctx;
    if (!text_ok(p, s, len)) return 0;
    org_unit_fields *f = p->f;
#define SET(field) field_set(f->field, sizeof f->field, s, len)
    if (p->depth == 1) {
        const char *k = p->keys[1];
        if (!strcmp(k, "organisasjonsnummer")) SET(orgnr);
        else if (!strcmp(k, "navn")) SET(name);
        else if (!strcmp(k, "overordnetEnhet")) SET(parent_orgnr);
        else if (!strcmp(k, "slettedato")) SET(deleted_on);
    } else if (p->depth == 2) {
        const char *outer = p->keys[1], *k = p->keys[2];
        if (!strcmp(outer, "organisasjonsform") && !strcmp(k, "kode")) SET(legal_form);
        else if (!strcmp(k, "poststed")) {
            if (!strcmp(outer, "forretningsadresse")) SET(city_business);
            else if (!strcmp(outer, "beliggenhetsadresse")) SET(city_location);
            else if (!strcmp(outer, "postadresse")) SET(city_postal);
        }
    }
#undef SET
    return 1;
}

static int on_boolean(void *ctx, int value)
{
    parse_state *p = ctx;
    if (p->depth != 1 || !value) return 1;
    const char *k = p->keys[1];
    if (!strcmp(k, "konkurs")) p->f->bankrupt = 1;
    else if (!strcmp(k, "underAvvikling") || !strcmp(k, "underTvangsavviklingEllerTvangsopplosning"))
        p->f->liquidating = 1;
    return 1;
}

static int on_key(void *ctx, const unsigned char *key, size_t len)
{
    parse_state *p = ctx;
    if (!text_ok(p, key, len)) return 0;
    if (p->depth < DEPTH_MAX) field_set(p->keys[p->depth], KEY_MAX, key, len);
    if (p->depth == 1 && len == 12 && !memcmp(key, "rollegrupper", 12)) p->f->has_roles = 1;
    return 1;
}

static int on_open(void *ctx)
{
    parse_state *p = ctx;
    if (++p->depth < DEPTH_MAX) p->keys[p->depth][0] = '\0';
    return 1;
}

static int on_close(void *ctx)
{
    ((parse_state *)ctx)->depth--;
    return 1;
}

int org_unit_parse(const char *json, size_t len, org_unit_fields *f, char *err, size_t errlen)
{
    static const yajl_callbacks callbacks = {
        .yajl_boolean = on_boolean,
        .yajl_string = on_string,
        .yajl_start_map = on_open,
        .yajl_map_key = on_key,
        .yajl_end_map = on_close,
        .yajl_start_array = on_open,
        .yajl_end_array = on_close,
    };
    memset(f, 0, sizeof *f);
    parse_state p = {.f = f};
    yajl_handle h = yajl_alloc(&callbacks, NULL, &p);
    if (!h) return -1;
    yajl_status st = yajl_parse(h, (const unsigned char *)json, len);
    if (st == yajl_status_ok) st = yajl_complete_parse(h);
    int rc = 0;
    if (p.bad_text) {
        snprintf(err, errlen, "en tekst er ikke gyldig UTF-8 (tegn %zu i elementet)",
                 yajl_get_bytes_consumed(h));
        rc = -1;
    } else if (st != yajl_status_ok) {
        unsigned char *msg = yajl_get_error(h, 0, (const unsigned char *)json, len);
        size_t at = yajl_get_bytes_consumed(h);
        snprintf(err, errlen, "%s (tegn %zu i elementet)", msg ? (const char *)msg : "ugyldig JSON", at);
        /* yajl's messages end with a newline */
        char *nl = strchr(err, '\n');
        if (nl) memmove(nl, nl + 1, strlen(nl));
        yajl_free_error(h, msg);
        rc = -1;
    }
    yajl_free(h);
    return rc;
}
