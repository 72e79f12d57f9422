/* Persons from the public login, identified by their pid (fødselsnummer or d-nummer), which is
 * stored only encrypted, with a keyed hash to find it again. */
#ifndef MINSIDE_AUTH_PERSON_H
#define MINSIDE_AUTH_PERSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

enum { PERSON_KEY_HEX = 65 }; /* 32-byte keyed hash as hex, with the NUL */

/* The keyed hash of a pid as hex, the same on every instance with the same secret key. */
void person_pid_key(const char *pid, char out[PERSON_KEY_HEX]);
/* The same for a client's whole network address: counted for limits without being stored. */
void person_address_key(const char *address, char out[PERSON_KEY_HEX]);
/* Encrypts text (libsodium secretbox, nonce first) into out, which must hold
 * auth_sealed_len(text) bytes. For the pid and for anything else that names a person. */
size_t auth_sealed_len(const char *text);
void auth_seal(const char *text, unsigned char *out);
/* Decrypts a sealed text into a (NUL-terminated), or NULL when it does not open. */
char *auth_unseal(arena *a, const unsigned char *sealed, size_t len);

/* Finds the person with this pid or creates one (birth date from the pid). Call inside a
 * transaction. Returns 0 with *id set, or a negative db code. */
int person_find_or_create(db *d, const char *pid, int64_t now, int64_t *id);

typedef struct person_profile {
    const char *name, *email, *phone; /* NULL when not given yet */
    const char *birth_date;
    int notify_email; /* e-mail notices wanted; filled by the profile page */
} person_profile;

int person_profile_get(db *d, arena *a, int64_t id, person_profile *out);
/* The person's name as they gave it, copied into name: 1, 0 when there is no such person or
 * no name yet, or a db code. */
int person_name_copy(db *d, int64_t id, char *name, size_t len);
/* The same for a caseworker's name (staff.id). */
int staff_name_copy(db *d, int64_t id, char *name, size_t len);
/* The address for e-mail notices, when the person has one and wants notices: 1 (copied into
 * address), 0 when not, or a db code. */
int person_notice_address(db *d, int64_t id, char *address, size_t len);
/* Whether the person wants e-mail notices (1/0), or a negative db code; and setting it. */
int person_notify_get(db *d, int64_t person_id);
int person_notify_set(db *d, int64_t person_id, int on);
int person_profile_set(db *d, int64_t id, const char *name, const char *email, const char *phone,
                       int64_t now);

/* Checks the profile form; returns NULL or the Norwegian message for the first field in error,
 * naming it in *field. */
const char *person_profile_check(const char *name, const char *email, const char *phone,
                                 const char **field);

#endif
