/* The table of cookies (cookies.h). */
#include "auth/cookies.h"

#include <string.h>

#include "app.h"

const cookie_info cookie_table[COOKIE_COUNT] = {
    [COOKIE_SESSION] = {"minside",
                        "Holde deg innlogget. Kontrollverdien som beskytter skjemaene mot forfalskede innsendinger, "
                        "hører til økten og lagres hos oss, ikke i en egen informasjonskapsel.",
                        "En tilfeldig nøkkel til økten din", "Til du logger ut, eller økten utløper"},
    [COOKIE_LOGIN] = {"minside_innlogging",
                      "Fullføre innloggingen: knytter svaret fra ID-porten til nettleseren som begynte innloggingen, "
                      "og lar oss begrense gjentatte mislykkede forsøk",
                      "En tilfeldig kontrollverdi", "Til innloggingen er ferdig, høyst 15 minutter"},
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
