/* Every kind of job, by the name stored in job.kind. A kind keeps its name for as long as jobs
 * of it may be waiting in some database. */
#include "jobs/job.h"
#include "mail/mail.h"
#include "retention/retention.h"

const job_kind job_kinds[] = {
    /* Doubling back-off capped at six hours: 20 attempts span about three days, as long as
     * an ordinary mail server keeps trying. */
    {"mail_send", mail_job_send, 20, mail_job_abandon},
    /* Daily; a failed run is tried again within the day. */
    {"retention_purge", retention_job_purge, 5, NULL},
    {NULL, NULL, 0, NULL},
};
