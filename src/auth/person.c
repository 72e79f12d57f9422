#include "auth/person.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "app.h"
#include "auth/fnr.h"
#include "core/email.h"
#include "core/utf8.h"

/* Separate keys for separate purposes, all derived from the one configured secret key. */
enum { KEY_PID_HASH = 1, KEY_SEAL = 2, KEY_ADDRESS_HASH = 3 };
static const char KDF_CONTEXT[crypto_kdf_CONTEXTBYTES] = "minsidep";

static void derive(uint64_t id, unsigned char *key, size_t len)
{
    crypto_kdf_derive_from_key(key, len, id, KDF_CONTEXT, g_app.cfg.secret_key);
}

static void keyed_hash(uint64_t purpose, const char *text, char out[PERSON_KEY_HEX])
{
    unsigned char key[crypto_generichash_KEYBYTES], hash[32];
    derive(purpose, key, sizeof key);
    crypto_generichash(hash, sizeof hash, (const unsigned char *)text, strlen(text), key, sizeof key);
    sodium_memzero(key, sizeof key);
    sodium_bin2hex(out, PERSON_KEY_HEX, hash, sizeof hash);
}

void person_pid_key(const char *pid, char out[PERSON_KEY_HEX])
{
    keyed_hash(KEY_PID_HASH, pid, out);
}

void person_address_key(const char *address, char out[PERSON_KEY_HEX])
{
    keyed_hash(KEY_ADDRESS_HASH, address, out);
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

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 1;
    return 0;
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
    if (!email || !email_valid(email)) {
        *field = "epost";
        return "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.";
    }
    if (!phone || !phone_plausible(phone)) {
        *field = "telefon";
        return "Skriv et gyldig telefonnummer med 8 til 15 sifre, for eksempel 912 34 567.";
    }
    return NULL;
}
