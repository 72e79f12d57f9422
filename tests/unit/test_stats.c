/* Web statistics: the device classes, the referring host (never an address), the in-memory
 * tally, and on SQLite and PostgreSQL the shared salt and the close of a finished day (its
 * visitors counted, its hashes and its salt deleted). Counting over real requests is in
 * tests/http/test_stats_http.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/db.h"
#include "stats/stats.h"
#include "stats/stats_chart.h"
#include "stats/stats_db.h"
#include "stats/stats_tally.h"
#include "tap.h"
#include "test_db_env.h"

static char tmpdir[] = "/tmp/minside-test-stats.XXXXXX";
static const char *E = "sqlite";

#define scalar test_db_scalar

static void test_devices(void)
{
    struct {
        const char *ua, *want;
    } cases[] = {
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Safari/537.36", "datamaskin"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.1 Safari/605.1.15", "datamaskin"},
        {"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "datamaskin"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
         "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "mobil"},
        {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Mobile Safari/537.36", "mobil"},
        {"Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.1 Mobile/15E148 Safari/604.1", "nettbrett"},
        {"Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Safari/537.36", "nettbrett"},
        {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "robot"},
        {"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "robot"},
        {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "HeadlessChrome/120.0 Safari/537.36", "robot"},
        {"curl/7.88.1", "robot"},
        {"python-requests/2.31", "robot"},
        {"", "robot"},
        {NULL, "robot"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        TAP_EQ_STR(stats_device_name(stats_device_of(cases[i].ua)), cases[i].want,
                   "device class of %.40s", cases[i].ua ? cases[i].ua : "(none)");
}

static void test_referrers(void)
{
    struct {
        const char *referer, *want;
    } cases[] = {
        {"https://www.google.com/", "www.google.com"},
        {"https://WWW.Forbrukertilsynet.NO/klage?x=1#a", "www.forbrukertilsynet.no"},
        {"http://user:secret@example.org:8080/path", "example.org"},
        {"https://minside.example.no/saker/12", ""},      /* our own pages */
        {"https://192.168.1.20/", ""},                   /* an address */
        {"http://10.1.2.3.nip.io/", ""},                 /* a name that carries an address */
        {"http://[2001:db8::1]/", ""},
        {"http://3232235777/", ""},                      /* 192.168.1.1 as one number */
        {"ftp://files.example.org/", ""},
        {"android-app://com.google.android.gm/", ""},
        {"not a url", ""},
        {"http://intranet/", ""},                        /* single-label name */
        {"", ""},
        {NULL, ""},
    };
    char out[128];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        TAP_EQ_STR(stats_referrer_host(cases[i].referer, "minside.example.no", out, sizeof out),
                   cases[i].want, "referring host of %s", cases[i].referer ? cases[i].referer : "(none)");
}

static void test_tally(void)
{
    stats_tally a = STATS_TALLY_INIT, b = STATS_TALLY_INIT;
    char key[32];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 500; i++) {
            snprintf(key, sizeof key, "k%d", i);
            stats_tally_add(&a, key, i);
        }
    stats_tally_add(&b, "k7", 1);
    stats_tally_add(&b, "ny", 5);
    TAP_EQ_INT(stats_tally_merge(&a, &b), 0, "tally: merge");
    int64_t k7 = -1, ny = -1, k499 = -1;
    for (size_t i = 0; i < a.cap; i++) {
        if (!a.slots[i].key) continue;
        if (!strcmp(a.slots[i].key, "k7")) k7 = a.slots[i].count;
        if (!strcmp(a.slots[i].key, "ny")) ny = a.slots[i].count;
        if (!strcmp(a.slots[i].key, "k499")) k499 = a.slots[i].count;
    }
    TAP_EQ_INT(a.used, 501, "tally: 500 keys added three times and one new key");
    TAP_EQ_INT(k7, 22, "tally: 3 × 7 + 1");
    TAP_EQ_INT(k499, 1497, "tally: 3 × 499");
    TAP_EQ_INT(ny, 5, "tally: a key only in the merged tally");
    TAP_EQ_INT(b.used, 0, "tally: the merged tally is left empty");
    stats_tally_free(&a);
}

/* Labels come partly from outside (referring hosts): they are escaped in the SVG, quoted in the
 * CSV, and never run as a spreadsheet formula. */
static void test_chart_output(void)
{
    arena *a = arena_new();
    const char *series[] = {"Visninger", "Andel, %", NULL};
    stats_chart *c = stats_chart_new(a, "test", "Test", "Beskrivelse", "Side", 3, series);
    c->labels[0] = "<script>\"x\"</script>";
    c->labels[1] = "=HYPERLINK(\"http://x\")";
    c->labels[2] = "a,b";
    c->decimals = 1;
    c->series[0].values[0] = 12;
    c->series[1].values[0] = 87.5;
    c->series[0].values[1] = 3;
    const char *svg = stats_chart_svg(a, c);
    TAP_OK(!strstr(svg, "<script>") && strstr(svg, "&lt;script&gt;"), "chart: a label is escaped in the SVG");
    TAP_OK(strstr(svg, "data-value=\"87.5\"") && strstr(svg, ": 87,5</title>"),
           "chart: the bar carries its value, and its tooltip the Norwegian decimal comma");
    TAP_EQ_STR(stats_chart_number(a, c, NAN), "–", "chart: no value is a dash");
    size_t len = 0;
    char *csv = stats_chart_csv(c, &len);
    TAP_EQ_STR(csv,
               "\"Side\",\"Visninger\",\"Andel, %\"\r\n"
               "\"<script>\"\"x\"\"</script>\",\"12.0\",\"87.5\"\r\n"
               "\"'=HYPERLINK(\"\"http://x\"\")\",\"3.0\",\"\"\r\n"
               "\"a,b\",\"\",\"\"\r\n",
               "chart: the CSV quotes every field, doubles quotes, leaves a missing value empty and defuses a formula");
    TAP_EQ_INT(len, strlen(csv), "chart: the CSV's length");
    free(csv);
    arena_free(a);
}

static void test_setting(void)
{
    config c;
    char err[256];
    memset(&c, 0, sizeof c);
    setenv("MINSIDE_STATS_FLUSH_SECONDS", "0", 1);
    TAP_OK(config_load(&c, NULL, err, sizeof err) == 0 && c.stats_flush_seconds == 0,
           "MINSIDE_STATS_FLUSH_SECONDS=0 from the environment turns counting off");
    config_free(&c);
    memset(&c, 0, sizeof c);
    setenv("MINSIDE_STATS_FLUSH_SECONDS", "3601", 1);
    TAP_OK(config_load(&c, NULL, err, sizeof err) != 0 && strstr(err, "MINSIDE_STATS_FLUSH_SECONDS"),
           "an interval over an hour is refused with the setting's name");
    config_free(&c);
    unsetenv("MINSIDE_STATS_FLUSH_SECONDS");
    memset(&c, 0, sizeof c);
    TAP_OK(config_load(&c, NULL, err, sizeof err) == 0 && c.stats_flush_seconds == 10,
           "counting is on by default, written every 10 seconds");
    config_free(&c);
}

static void run_engine(db_engine engine, const char *pg_url)
{
    db *d = test_db_open_fresh(engine, pg_url, tmpdir, "stats", "stats", 1);
    /* A second connection to the same database, as a second instance would have. */
    char url[1024], err[256];
    db *other = NULL;
    test_db_url(engine, pg_url, tmpdir, "stats", "stats", url, sizeof url);
    if (d) db_open(url, &other, err, sizeof err);
    if (!d || !other) {
        TAP_OK(0, "%s: database", E);
        if (d) db_close(d);
        if (other) db_close(other);
        return;
    }
    unsigned char s1[STATS_SALT_BYTES], s2[STATS_SALT_BYTES], s3[STATS_SALT_BYTES];
    TAP_EQ_INT(stats_db_salt_get(d, "2026-11-23", s1), DB_OK, "%s: a salt is made for the day", E);
    TAP_EQ_INT(stats_db_salt_get(other, "2026-11-23", s2), DB_OK, "%s: a second connection asks", E);
    TAP_OK(!memcmp(s1, s2, sizeof s1), "%s: both instances hash with the same salt", E);
    TAP_EQ_INT(stats_db_salt_get(d, "2026-11-24", s3), DB_OK, "%s: the next day's salt", E);
    TAP_OK(memcmp(s1, s3, sizeof s1) != 0, "%s: the salt changes with the day", E);

    unsigned char h[STATS_HASH_BYTES] = {1};
    db_begin(d);
    stats_db_visitor_add(d, "2026-11-23", h);
    stats_db_visitor_add(d, "2026-11-23", h); /* the same visitor again */
    h[0] = 2;
    stats_db_visitor_add(d, "2026-11-23", h);
    stats_db_visitor_add(d, "2026-11-24", h);
    stats_db_views_add(d, "2026-11-23", "/", "", "mobil", 3);
    stats_db_views_add(d, "2026-11-23", "/", "", "mobil", 4);
    TAP_EQ_INT(db_commit(d), DB_OK, "%s: views and visitors written", E);
    TAP_EQ_INT(scalar(d, "SELECT views FROM stats_page_view WHERE day = '2026-11-23'"), 7,
               "%s: views of one key are added up", E);
    TAP_EQ_INT(stats_db_days_close(d, "2026-11-24"), DB_OK, "%s: the 23rd is closed on the 24th", E);
    TAP_EQ_INT(scalar(d, "SELECT visitors FROM stats_visitor_day WHERE day = '2026-11-23'"), 2,
               "%s: two unique visitors counted for the finished day", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM stats_visitor WHERE day = '2026-11-23'"), 0,
               "%s: the finished day's hashes are gone", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM stats_salt WHERE day = '2026-11-23'"), 0,
               "%s: the finished day's salt is gone", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM stats_salt WHERE day = '2026-11-24'"), 1,
               "%s: today's salt stays while the day lasts", E);
    TAP_EQ_INT(scalar(d, "SELECT COUNT(*) FROM stats_visitor WHERE day = '2026-11-24'"), 1,
               "%s: today's hashes stay", E);
    /* A late hash for a closed day is added to its count, not lost. */
    h[0] = 3;
    stats_db_visitor_add(d, "2026-11-23", h);
    stats_db_days_close(d, "2026-11-24");
    TAP_EQ_INT(scalar(d, "SELECT visitors FROM stats_visitor_day WHERE day = '2026-11-23'"), 3,
               "%s: a late visitor is added to the closed day", E);
    db_close(other);
    db_close(d);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    if (clock_init_timezone() != 0) return 1;
    test_devices();
    test_referrers();
    test_tally();
    test_setting();
    test_chart_output();
    TEST_EACH_ENGINE(run_engine, &E);
    test_remove_tree(tmpdir);
    return tap_done();
}
