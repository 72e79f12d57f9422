/* Signing up, confirming, unsubscribing, and what retention and the privacy pages need. */
#include "newsletter/newsletter.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/email.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "mail/mail.h"
#include "newsletter/newsletter_db.h"

#define CONFIRM_SUBJECT "Bekreft abonnementet på nyhetsbrevet"

/* A key of its own for the newsletter's MACs and hashes, derived from the service's secret key,
 * so these values cannot be matched against anything else the key protects. */
static void newsletter_key(unsigned char key[crypto_generichash_KEYBYTES], uint64_t subkey_id)
{
    static const char context[crypto_kdf_CONTEXTBYTES] = "nyhetsbr";
    crypto_kdf_derive_from_key(key, crypto_generichash_KEYBYTES, subkey_id, context,
                               g_app.cfg.secret_key);
}

static void keyed_hex(uint64_t subkey_id, const char *text, char *out, size_t outlen)
{
    unsigned char key[crypto_generichash_KEYBYTES], mac[16];
    newsletter_key(key, subkey_id);
    crypto_generichash(mac, sizeof mac, (const unsigned char *)text, strlen(text), key, sizeof key);
    sodium_bin2hex(out, outlen, mac, sizeof mac);
    sodium_memzero(key, sizeof key);
}

void newsletter_unsubscribe_token(const char *ref, char *out, size_t outlen)
{
    char mac[33];
    keyed_hex(1, ref, mac, sizeof mac);
    snprintf(out, outlen, "%s.%s", ref, mac);
}

static void sha256_hex(const char *s, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char *out, size_t bytes)
{
    unsigned char raw[32];
    randombytes_buf(raw, bytes);
    sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

/* The address as stored: the envelope's ASCII form in lower case. */
static int address_key(const char *address, char out[EMAIL_MAX_BYTES + 1])
{
    char ascii[EMAIL_MAX_BYTES + 1];
    if (!address || email_to_ascii(address, ascii, sizeof ascii) != 0) return -1;
    mail_address_key(ascii, out, EMAIL_MAX_BYTES + 1);
    return 0;
}

static int confirmation_enqueue(db *d, const char *address, const char *token)
{
    strbuf body = STRBUF_INIT;
    strbuf_printf(&body,
                  "Hei!\n\nNoen, forhåpentlig du, har bedt om å få nyhetsbrevet fra "
                  "Forbrukertilsynet til denne adressen. Bekreft abonnementet her:\n\n"
                  "%s/nyhetsbrev/bekreft/%s\n\nLenken virker i %d dager. Har du ikke bedt om "
                  "dette, kan du se bort fra e-posten: uten bekreftelse sender vi ingenting, og "
                  "adressen slettes.\n\nVennlig hilsen\nForbrukertilsynet\n",
                  g_app.cfg.base_url, token, NEWSLETTER_CONFIRM_DAYS);
    int rc = mail_enqueue(d, address, CONFIRM_SUBJECT, body.data, NULL);
    strbuf_free(&body);
    /* An address marked as refusing mail gets no link; the page says the same either way. */
    if (rc == MAIL_SKIPPED) return DB_OK;
    return rc;
}

/* Inside the transaction: the row for the address and, when due, its confirmation e-mail. */
static int signup_row(db *d, const char *address, const char *version, int64_t now)
{
    nl_subscriber s;
    int found = nl_db_subscriber_by_address(d, address, &s);
    if (found < 0) return found;
    /* Confirmed already, or a link sent within the day: nothing new goes out, so a form posted
     * a hundred times sends one e-mail. */
    if (found && (s.confirmed_at || (s.confirm_mailed_at &&
                                     now - s.confirm_mailed_at < NEWSLETTER_CONFIRM_RESEND_SECONDS)))
        return DB_OK;
    char token[65], hash[65];
    random_hex(token, 32);
    sha256_hex(token, hash);
    int64_t expires = now + (int64_t)NEWSLETTER_CONFIRM_DAYS * 86400;
    int rc;
    if (found) {
        rc = nl_db_subscriber_renew(d, s.id, version, now, hash, expires);
    } else {
        char ref[33];
        random_hex(ref, 16);
        rc = nl_db_subscriber_insert(d, address, ref, version, now, hash, expires);
    }
    if (rc != DB_OK) return rc;
    return confirmation_enqueue(d, address, token);
}

int newsletter_subscribe(db *d, const char *address, const char *consent_version,
                         const char *client, int64_t now)
{
    char key[EMAIL_MAX_BYTES + 1];
    if (address_key(address, key) != 0) return NEWSLETTER_BAD_ADDRESS;
    if (!consent_version || !*consent_version || strlen(consent_version) > 64)
        return NEWSLETTER_NO_CONSENT;
    int rc = nl_db_consent_exists(d, consent_version);
    if (rc < 0) return rc;
    if (rc == 0) return NEWSLETTER_NO_CONSENT;
    char client_hash[33];
    keyed_hex(2, client ? client : "", client_hash, sizeof client_hash);

    if ((rc = db_begin(d)) != DB_OK) return rc;
    int64_t tries = nl_db_attempts_since(d, client_hash, now - 3600);
    if (tries < 0) return db_finish(d, (int)tries);
    if (tries >= NEWSLETTER_SIGNUPS_PER_CLIENT_HOUR) {
        db_rollback(d);
        return NEWSLETTER_CLIENT_LIMIT;
    }
    rc = nl_db_attempt_add(d, client_hash, now);
    if (rc == DB_OK) rc = signup_row(d, key, consent_version, now);
    if (rc == DB_ERR_CONSTRAINT) {
        /* The same address signed up at the same moment from elsewhere: that one stands. */
        db_rollback(d);
        return NEWSLETTER_OK;
    }
    return db_finish(d, rc);
}

/* A token as our links carry it: exactly n lower-case hex digits. */
static int hex_token(const char *t, size_t n)
{
    if (!t || strlen(t) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f'))) return 0;
    return 1;
}

int newsletter_confirm_check(db *d, const char *token, int64_t now)
{
    if (!hex_token(token, 64)) return NEWSLETTER_BAD_LINK;
    char hash[65];
    sha256_hex(token, hash);
    int rc = nl_db_confirm_valid(d, hash, now);
    return rc < 0 ? rc : rc ? NEWSLETTER_OK : NEWSLETTER_BAD_LINK;
}

int newsletter_confirm(db *d, const char *token, int64_t now)
{
    if (!hex_token(token, 64)) return NEWSLETTER_BAD_LINK;
    char hash[65];
    sha256_hex(token, hash);
    int64_t n = nl_db_confirm(d, hash, now);
    return n < 0 ? (int)n : n ? NEWSLETTER_OK : NEWSLETTER_BAD_LINK;
}

/* The ref of a well-formed unsubscribe token with a correct MAC into ref, else -1. */
static int unsubscribe_ref(const char *token, char ref[33])
{
    if (!token || strlen(token) != 65 || token[32] != '.') return -1;
    memcpy(ref, token, 32);
    ref[32] = '\0';
    if (!hex_token(ref, 32) || !hex_token(token + 33, 32)) return -1;
    char want[NEWSLETTER_TOKEN_BYTES];
    newsletter_unsubscribe_token(ref, want, sizeof want);
    return sodium_memcmp(want, token, 65) == 0 ? 0 : -1;
}

int newsletter_unsubscribe(db *d, const char *token)
{
    char ref[33];
    if (unsubscribe_ref(token, ref) != 0) return NEWSLETTER_BAD_LINK;
    int rc = db_begin(d);
    if (rc != DB_OK) return rc;
    int64_t n = nl_db_forget(d, ref);
    rc = db_finish(d, n < 0 ? (int)n : DB_OK);
    if (rc < 0) return rc;
    if (n > 0) log_info("nyhetsbrev: en adresse er meldt av og slettet");
    return n ? NEWSLETTER_OK : NEWSLETTER_BAD_LINK;
}

json_t *newsletter_consent_current(db *d)
{
    return nl_db_consent_current(d);
}

int64_t newsletter_purge_unconfirmed(db *d, int64_t now)
{
    return nl_db_purge(d, now - (int64_t)NEWSLETTER_CONFIRM_DAYS * 86400, now - 3600);
}

int newsletter_subscription_lookup(db *d, const char *address, json_t **out)
{
    *out = NULL;
    char key[EMAIL_MAX_BYTES + 1];
    if (address_key(address, key) != 0) return DB_OK;
    return nl_db_lookup(d, key, out);
}
