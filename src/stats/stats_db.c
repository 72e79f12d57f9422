#include "stats/stats_db.h"

#include <sodium.h>
#include <string.h>

int stats_db_salt_get(db *d, const char *day, unsigned char salt[STATS_SALT_BYTES])
{
    unsigned char fresh[STATS_SALT_BYTES];
    randombytes_buf(fresh, sizeof fresh);
    /* Two instances asking at once: the first insert wins and both read the same salt. */
    db_stmt *s = db_prepare(d, "INSERT INTO stats_salt (day, salt) VALUES ($1, $2) "
                               "ON CONFLICT (day) DO NOTHING");
    int rc = s ? db_bind_text(s, 1, day) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_blob(s, 2, fresh, sizeof fresh);
    if (rc == DB_OK) rc = db_step(s);
    if (s) db_reset(s);
    sodium_memzero(fresh, sizeof fresh);
    if (rc < 0) return rc;
    s = db_prepare(d, "SELECT salt FROM stats_salt WHERE day = $1");
    rc = s ? db_bind_text(s, 1, day) : DB_ERR;
    if (rc == DB_OK) rc = db_step(s);
    if (rc == DB_ROW) {
        size_t len = 0;
        const void *v = db_col_blob(s, 0, &len);
        rc = v && len == STATS_SALT_BYTES ? DB_OK : DB_ERR;
        if (rc == DB_OK) memcpy(salt, v, len);
    } else if (rc == DB_DONE) {
        rc = DB_ERR;
    }
    if (s) db_reset(s);
    return rc;
}

int stats_db_views_add(db *d, const char *day, const char *route, const char *referrer_host,
                       const char *device, int64_t views)
{
    db_stmt *s = db_prepare(
        d, "INSERT INTO stats_page_view (day, route, referrer_host, device, views) "
           "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, route, referrer_host, device) "
           "DO UPDATE SET views = stats_page_view.views + excluded.views");
    int rc = s ? db_bind_text(s, 1, day) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_text(s, 2, route);
    if (rc == DB_OK) rc = db_bind_text(s, 3, referrer_host);
    if (rc == DB_OK) rc = db_bind_text(s, 4, device);
    if (rc == DB_OK) rc = db_bind_int(s, 5, views);
    if (rc == DB_OK) rc = db_step(s);
    if (s) db_reset(s);
    return rc < 0 ? rc : DB_OK;
}

int stats_db_visitor_add(db *d, const char *day, const unsigned char hash[STATS_HASH_BYTES])
{
    db_stmt *s = db_prepare(d, "INSERT INTO stats_visitor (day, hash) VALUES ($1, $2) "
                               "ON CONFLICT (day, hash) DO NOTHING");
    int rc = s ? db_bind_text(s, 1, day) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_blob(s, 2, hash, STATS_HASH_BYTES);
    if (rc == DB_OK) rc = db_step(s);
    if (s) db_reset(s);
    return rc < 0 ? rc : DB_OK;
}

int stats_db_days_close(db *d, const char *today)
{
    /* A late flush from another instance may add hashes to a day already closed: they are
     * added to its count rather than lost. */
    int rc = db_run(d,
                    "INSERT INTO stats_visitor_day (day, visitors) SELECT day, COUNT(*) "
                    "FROM stats_visitor WHERE day < $1 GROUP BY day ON CONFLICT (day) "
                    "DO UPDATE SET visitors = stats_visitor_day.visitors + excluded.visitors",
                    "t", today);
    if (rc >= 0) rc = (int)db_run_changes(d, "DELETE FROM stats_visitor WHERE day < $1", "t", today);
    if (rc >= 0) rc = (int)db_run_changes(d, "DELETE FROM stats_salt WHERE day < $1", "t", today);
    return rc < 0 ? rc : DB_OK;
}

int stats_db_visitors_per_day(db *d, const char *from, const char *to, stats_row_fn each, void *ud)
{
    db_stmt *s = db_prepare(d, "SELECT day, visitors FROM stats_visitor_day WHERE day >= $1 AND day <= $2 "
                               "UNION ALL SELECT day, COUNT(*) FROM stats_visitor "
                               "WHERE day >= $1 AND day <= $2 GROUP BY day");
    int rc = s ? db_bind_text(s, 1, from) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_text(s, 2, to);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW) each(ud, db_col_text(s, 0), db_col_int(s, 1));
    if (s) db_reset(s);
    return rc < 0 ? rc : DB_OK;
}

int stats_db_views_each(db *d, const char *from, const char *to, stats_view_fn each, void *ud)
{
    db_stmt *s = db_prepare(d, "SELECT day, route, referrer_host, device, views FROM stats_page_view "
                               "WHERE day >= $1 AND day <= $2");
    int rc = s ? db_bind_text(s, 1, from) : DB_ERR;
    if (rc == DB_OK) rc = db_bind_text(s, 2, to);
    while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
        each(ud, db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
             db_col_int(s, 4));
    if (s) db_reset(s);
    return rc < 0 ? rc : DB_OK;
}
