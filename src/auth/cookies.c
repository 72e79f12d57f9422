/* The table of cookies (cookies.h). */
#include "auth/cookies.h"

#include <string.h>

#include "app.h"

const cookie_info cookie_table[COOKIE_COUNT] = {
    [COOKIE_SESSION] = {"minside", "Holde deg innlogget", "En tilfeldig nøkkel til økten din",
                        "Til du logger ut eller lukker nettleseren; økten utløper etter en stund uten bruk"},
    [COOKIE_LOGIN] = {"minside_innlogging", "Kjenne igjen nettleseren mens du logger inn, så gjentatte mislykkede "
                      "forsøk kan begrenses", "En tilfeldig verdi", "15 minutter, og slettes når innloggingen er ferdig"},
};

static int behind_https(void)
{
    return !strncmp(g_app.cfg.base_url, "https://", 8);
}

const char *cookie_name(cookie_id id)
{
    static const char *const secure[COOKIE_COUNT] = {
        [COOKIE_SESSION] = "__Host-minside",
        [COOKIE_LOGIN] = "__Host-minside_innlogging",
    };
    return behind_https() ? secure[id] : cookie_table[id].name;
}

int cookie_is_known(const char *name)
{
    for (int i = 0; i < COOKIE_COUNT; i++)
        if (!strcmp(name, cookie_name((cookie_id)i))) return 1;
    return 0;
}

json_t *cookie_table_json(void)
{
    json_t *list = json_array();
    for (int i = 0; i < COOKIE_COUNT; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "name", cookie_name((cookie_id)i), "purpose",
                                              cookie_table[i].purpose, "content", cookie_table[i].content,
                                              "lifetime", cookie_table[i].lifetime));
    return list;
}
