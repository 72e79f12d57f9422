#include "auth/person.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/fnr.h"
#include "core/utf8.h"

/* Separate keys for separate purposes, all derived from the one configured secret key. */
enum { KEY_PID_HASH = 1, KEY_SEAL = 2 };
static const char KDF_CONTEXT[crypto_kdf_CONTEXTBYTES] = "minsidep";

static void derive(uint64_t id, unsigned char *key, size_t len)
{
    crypto_kdf_derive_from_key(key, len, id, KDF_CONTEXT, g_app.cfg.secret_key);
}

void person_pid_key(const char *pid, char out[PERSON_KEY_HEX])
{
    unsigned char key[crypto_generichash_KEYBYTES], hash[32];
    derive(KEY_PID_HASH, key, sizeof key);
    crypto_generichash(hash, sizeof hash, (const unsigned char *)pid, strlen(pid), key, sizeof key);
    sodium_memzero(key, sizeof key);
    sodium_bin2hex(out, PERSON_KEY_HEX, hash, sizeof hash);
}

size_t auth_sealed_len(const char *text)
{
    return crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + strlen(text);
}

void auth_seal(const char *text, unsigned char *out)
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    derive(KEY_SEAL, key, sizeof key);
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, (const unsigned char *)text,
                          strlen(text), out, key);
    sodium_memzero(key, sizeof key);
}

char *auth_unseal(arena *a, const unsigned char *sealed, size_t len)
{
    if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return NULL;
    size_t plain_len = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    unsigned char key[crypto_secretbox_KEYBYTES];
    derive(KEY_SEAL, key, sizeof key);
    char *out = arena_alloc(a, plain_len + 1);
    int rc = crypto_secretbox_open_easy((unsigned char *)out, sealed + crypto_secretbox_NONCEBYTES,
                                        len - crypto_secretbox_NONCEBYTES, sealed, key);
    sodium_memzero(key, sizeof key);
    if (rc != 0) return NULL;
    out[plain_len] = '\0';
    return out;
}

int person_find_or_create(db *d, const char *pid, int64_t now, int64_t *id)
{
    char key[PERSON_KEY_HEX], birth[11];
    if (fnr_birth_date(pid, birth) != 0) return DB_ERR;
    person_pid_key(pid, key);
    db_stmt *st = db_prepare(d, "SELECT id FROM person WHERE pid_hash = $1");
    if (!st || db_bind_text(st, 1, key)) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int(st, 0);
        db_reset(st);
        return DB_OK;
    }
    if (rc != DB_DONE) return rc < 0 ? rc : DB_ERR;
    size_t sealed_len = auth_sealed_len(pid);
    unsigned char sealed[64];
    if (sealed_len > sizeof sealed) return DB_ERR;
    auth_seal(pid, sealed);
    st = db_prepare(d, "INSERT INTO person (pid_hash, pid_enc, birth_date, created_at, "
                       "updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id");
    if (!st || db_bind_text(st, 1, key) || db_bind_blob(st, 2, sealed, sealed_len) ||
        db_bind_text(st, 3, birth) || db_bind_int(st, 4, now))
        return DB_ERR;
    rc = db_step(st);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    *id = db_col_int(st, 0);
    db_reset(st);
    return DB_OK;
}

int person_profile_get(db *d, arena *a, int64_t id, person_profile *out)
{
    db_stmt *st = db_prepare(d, "SELECT name, email, phone, birth_date FROM person WHERE id = $1");
    if (!st || db_bind_int(st, 1, id)) return DB_ERR;
    int rc = db_step(st);
    if (rc != DB_ROW) return rc < 0 ? rc : DB_ERR;
    const char *v;
    out->name = (v = db_col_text(st, 0)) ? arena_strdup(a, v) : NULL;
    out->email = (v = db_col_text(st, 1)) ? arena_strdup(a, v) : NULL;
    out->phone = (v = db_col_text(st, 2)) ? arena_strdup(a, v) : NULL;
    out->birth_date = arena_strdup(a, db_col_text(st, 3));
    db_reset(st);
    return DB_OK;
}

int person_profile_set(db *d, int64_t id, const char *name, const char *email, const char *phone,
                       int64_t now)
{
    return db_run(d,
                  "UPDATE person SET name = $1, email = $2, phone = $3, updated_at = $4 "
                  "WHERE id = $5",
                  "tttii", name, email, phone, now, id) == DB_OK
               ? DB_OK
               : DB_ERR;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 1;
    return 0;
}

static int email_plausible(const char *e)
{
    const char *at = strchr(e, '@');
    if (!at || at == e || strchr(at + 1, '@') || strlen(e) > 254) return 0;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1]) return 0;
    for (const char *p = e; *p; p++)
        if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == ',') return 0;
    return 1;
}

static int phone_plausible(const char *p)
{
    size_t digits = 0;
    for (const char *c = p; *c; c++) {
        if (isdigit((unsigned char)*c))
            digits++;
        else if (!(*c == ' ' || (*c == '+' && c == p)))
            return 0;
    }
    return digits >= 8 && digits <= 15;
}

const char *person_profile_check(const char *name, const char *email, const char *phone,
                                 const char **field)
{
    if (!name || !*name || utf8_chars(name) < 2 || utf8_chars(name) > 200 || has_control(name)) {
        *field = "navn";
        return "Skriv hele navnet ditt (2 til 200 tegn).";
    }
    if (!email || !email_plausible(email)) {
        *field = "epost";
        return "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.";
    }
    if (!phone || !phone_plausible(phone)) {
        *field = "telefon";
        return "Skriv et gyldig telefonnummer med 8 til 15 sifre, for eksempel 912 34 567.";
    }
    return NULL;
}
