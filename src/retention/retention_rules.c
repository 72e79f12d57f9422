/* The built-in retention rules: one table, mirrored row by row in docs/retention.md. Each
 * deleting rule is two thin calls into the module that owns the data, with the rule's figure. */
#include "retention/retention.h"

#include "app.h"
#include "auth/login_db.h"
#include "cases/case_db.h"
#include "core/workdays.h"
#include "mail/mail.h"

#define DAY (24 * 60 * 60)

/* Tips carry their own deletion date, set from MINSIDE_TIP_RETENTION_MONTHS when received. */
static void today_oslo(int64_t now, char out[11])
{
    civil_date_format(civil_date_oslo(now), out);
}

static int tips_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    char today[11];
    today_oslo(now, today);
    return case_tips_due_list(d, today, after, items, max);
}

static int tips_delete(db *d, int64_t id, int64_t now)
{
    char today[11];
    today_oslo(now, today);
    return case_tip_due_delete(d, id, today);
}

static int64_t session_idle_before(int64_t now)
{
    return now - (int64_t)g_app.cfg.session_idle_minutes * 60;
}

static int sessions_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return session_expired_list(d, now, session_idle_before(now), after, items, max);
}

static int sessions_delete(db *d, int64_t id, int64_t now)
{
    return session_expired_delete(d, id, now, session_idle_before(now));
}

#define LOGIN_ATTEMPT_KEPT (RETENTION_LOGIN_ATTEMPT_HOURS * 60 * 60)

static int attempts_list(db *d, int64_t now, int64_t after, retention_item *items, int max)
{
    return login_attempt_old_list(d, now - LOGIN_ATTEMPT_KEPT, after, items, max);
}

static int attempts_delete(db *d, int64_t id, int64_t now)
{
    return login_attempt_old_delete(d, id, now - LOGIN_ATTEMPT_KEPT);
}

/* Finished jobs and e-mails: a state and the days it is kept in. */
#define FINISHED_RULE(prefix, module, state, days)                                                                \
    static int prefix##_list(db *d, int64_t now, int64_t after, retention_item *items, int max)                  \
    {                                                                                                            \
        return module##_finished_list(d, state, now - (int64_t)(days) * DAY, after, items, max);                 \
    }                                                                                                            \
    static int prefix##_delete(db *d, int64_t id, int64_t now)                                                   \
    {                                                                                                            \
        return module##_finished_delete(d, id, state, now - (int64_t)(days) * DAY);                              \
    }

FINISHED_RULE(jobs_done, job, "done", RETENTION_JOB_DONE_DAYS)
FINISHED_RULE(jobs_failed, job, "failed", RETENTION_JOB_FAILED_DAYS)
FINISHED_RULE(mail_sent, mail, "sent", RETENTION_MAIL_SENT_DAYS)
FINISHED_RULE(mail_failed, mail, "failed", RETENTION_MAIL_FAILED_DAYS)

static const retention_rule builtin_rules[] = {
    {"tips", "case", "Tips (med tidslinje og tilganger)",
     "12–24 måneder etter mottak (MINSIDE_TIP_RETENTION_MONTHS, standard 18)",
     "Tips er ikke journalpliktige; de slettes når de ikke lenger trengs (personvernforordningen art. 5 nr. 1 e). "
     "Personvernerklæringen: tips slettes normalt etter 12–24 måneder.",
     tips_list, tips_delete},
    {"sessions", "session", "Innloggingsøkter", "til økten er utløpt (tomgang eller lengste levetid)",
     "Trengs bare mens økten varer (art. 5 nr. 1 c og e).", sessions_list, sessions_delete},
    {"login_attempts", "login_attempt", "Innloggingsforsøk (med forkortet IP-adresse)", "1 døgn",
     "Trengs for å begrense gjentatte forsøk, som ser 15 minutter tilbake (art. 6 nr. 1 e og art. 32).",
     attempts_list, attempts_delete},
    {"jobs_done", "job", "Fullførte bakgrunnsjobber", "7 dager etter at de ble fullført",
     "Nok til å se hva som ble gjort; driftsdata uten annet formål (art. 5 nr. 1 e).", jobs_done_list,
     jobs_done_delete},
    {"jobs_failed", "job", "Mislykkede bakgrunnsjobber", "90 dager etter at de ble gitt opp",
     "For å finne feilen; driftsdata uten annet formål (art. 5 nr. 1 e).", jobs_failed_list, jobs_failed_delete},
    {"mail_sent", "mail", "Sendte e-postvarsler (med adressen)", "30 dager etter sending",
     "For å kunne svare på «fikk jeg varselet?»; varselets innhold står i innboksen (art. 5 nr. 1 e).",
     mail_sent_list, mail_sent_delete},
    {"mail_failed", "mail", "E-postvarsler som ikke kom fram", "90 dager etter at de ble lagt i kø",
     "For å finne feilen (art. 5 nr. 1 e).", mail_failed_list, mail_failed_delete},
    {"complaint_cases", "case", "Klagesaker (mekling) med dokumenter", "slettes aldri",
     "Opplysninger og dokumenter i klagesaker slettes ikke, men lagres i klagesaksbasen (personvernerklæringen; "
     "arkivlova § 6). Behandlingsgrunnlag art. 6 nr. 1 e.",
     NULL, NULL},
    {"journal", "case_file", "Journalpliktige opplysninger: saksmapper, journalposter og dokumenter",
     "25 år, deretter avlevering til Arkivverket",
     "Arkivlova § 6 og arkivforskriften; personvernerklæringen: journalpliktige opplysninger lagres i 25 år. "
     "Tjenesten sletter dem ikke; de følger arkivets egne regler (docs/archive.md).",
     NULL, NULL},
};

void retention_rules_register_builtin(void)
{
    for (size_t i = 0; i < sizeof builtin_rules / sizeof builtin_rules[0]; i++)
        retention_rule_register(&builtin_rules[i]);
}
