/* E-mail addresses as the service accepts them, the same everywhere a person types one: the
 * profile, an organisation's registration, a letter to an outside recipient, the outbox. */
#ifndef MINSIDE_CORE_EMAIL_H
#define MINSIDE_CORE_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

#define EMAIL_MAX_BYTES 254

/* True for one address of the form local@domain:
 * - the local part is RFC 5322's dot-atom in ASCII (letters, digits and !#$%&'*+/=?^_`{|}~-,
 *   dots neither first, last nor doubled), at most 64 bytes; quoted local parts are refused,
 *   since too many mail systems mishandle them;
 * - the domain is a host name of at least two labels, in ASCII (letters, digits, hyphens) or
 *   internationalised (e.g. with æ, ø, å), which must be valid IDNA 2008 (libidn2); its ASCII
 *   form is at most 253 bytes;
 * - the whole is at most EMAIL_MAX_BYTES bytes. */
bool email_valid(const char *address);

/* The address with its domain in ASCII (the xn-- form of an internationalised domain, lower
 * case; an ASCII domain as given), as an SMTP envelope must carry it. Returns 0, or -1 when the address is not valid or
 * does not fit in out. */
int email_to_ascii(const char *address, char *out, size_t outlen);

#endif
