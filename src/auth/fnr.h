/* Norwegian national identity numbers (fødselsnummer and d-nummer): check digits and the birth
 * date they carry. Enhetsregisteret names a unit's roles only by name and birth date, so the
 * birth date is what ties a logged-in person to a role. */
#ifndef MINSIDE_AUTH_FNR_H
#define MINSIDE_AUTH_FNR_H

#include <stdbool.h>

/* True when s is eleven digits with both mod-11 control digits right. */
bool fnr_check_digits_valid(const char *s);
/* Writes the birth date as YYYY-MM-DD (11 bytes with the NUL) into out. Handles d-numbers
 * (first digit + 4) and the century from the individual number. Returns 0, or -1 when s is not
 * a valid number or names no real date. */
int fnr_birth_date(const char *s, char out[11]);

#endif
