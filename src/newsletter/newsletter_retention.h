/* The newsletter's retention rules (retention.h), registered at start-up. */
#ifndef MINSIDE_NEWSLETTER_NEWSLETTER_RETENTION_H
#define MINSIDE_NEWSLETTER_NEWSLETTER_RETENTION_H

void newsletter_retention_register(void);

#endif
