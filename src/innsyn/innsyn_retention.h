/* The innsyn module's retention rules (retention.h), registered at start-up. */
#ifndef MINSIDE_INNSYN_INNSYN_RETENTION_H
#define MINSIDE_INNSYN_INNSYN_RETENTION_H

void innsyn_retention_register(void);

#endif
