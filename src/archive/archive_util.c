/* Small helpers of the archive: systemIDs, input checks, the change log. */
#include "archive/archive_internal.h"

#include "core/clock.h"
#include "core/utf8.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void archive_uuid_v4(char out[37])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

int archive_invalid(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return ARCHIVE_ERR_INVALID;
}

int archive_text_ok(const char *s, size_t max)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (n == 0 || n > max || !utf8_valid(s, n)) return 0;
    return strspn(s, " \t\r\n") < n;
}

int archive_words_ok(const char *const *words)
{
    size_t i = 0;
    for (; words && words[i]; i++)
        if (i >= ARCHIVE_MAX_WORDS || !archive_text_ok(words[i], ARCHIVE_MAX_NAME)) return 0;
    return 1;
}

const char *archive_entry_type_label(const char *type)
{
    switch (type ? type[0] : 0) {
    case 'I':
        return "Inngående";
    case 'U':
        return "Utgående";
    case 'N':
        return "Internt notat"; /* organinternt dokument for oppfølging */
    case 'X':
        return "Notat"; /* organinternt dokument uten oppfølging, e.g. a phone call */
    }
    return "Ukjent";
}

/* Set once at start-up, before any thread, and only read afterwards. */
static archive_entry_change_fn change_listener;

void archive_entry_change_listen(archive_entry_change_fn fn)
{
    change_listener = fn;
}

int archive_entry_changed(db *d, int64_t entry_id)
{
    return change_listener ? change_listener(d, entry_id) : 0;
}
