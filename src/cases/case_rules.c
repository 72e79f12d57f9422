/* The case types, their statuses and the allowed steps: the one table that decides. Keep
 * docs/cases.md in step with it. */
#include "cases/case_rules.h"

#include <stddef.h>
#include <string.h>

const case_type_info case_types[] = {
    {CASE_TYPE_MEDIATION, "Meklingssak", "Meklingssaker", true},
    {CASE_TYPE_TIP, "Tips", "Tips", false},
    {CASE_TYPE_GUIDANCE, "Veiledning", "Veiledningssaker", true},
    {NULL, NULL, NULL, false},
};

static const case_status_info mediation_statuses[] = {
    {"mottatt", "Mottatt", true},
    {"under_behandling", "Under behandling", true},
    {"venter_motpart", "Venter på svar fra virksomheten", true},
    {"venter_klager", "Venter på svar fra forbrukeren", true},
    {"avsluttet", "Avsluttet", false},
    {"trukket", "Trukket", false},
    {NULL, NULL, false},
};

static const case_status_info guidance_statuses[] = {
    {"mottatt", "Mottatt", true},
    {"under_behandling", "Under behandling", true},
    {"besvart", "Besvart", true},
    {"avsluttet", "Avsluttet", false},
    {"trukket", "Trukket", false},
    {NULL, NULL, false},
};

static const case_status_info tip_statuses[] = {
    {"mottatt", "Mottatt", true},
    {"vurdert", "Vurdert", false},
    {"trukket", "Trukket", false},
    {NULL, NULL, false},
};

/* The staff's steps: from → to, per type. Withdrawal (→ trukket) is not here: it is the
 * submitter's, from any open status. */
typedef struct {
    const char *type, *from, *to;
} case_step;

static const case_step staff_steps[] = {
    {CASE_TYPE_MEDIATION, "mottatt", "under_behandling"},
    {CASE_TYPE_MEDIATION, "mottatt", "avsluttet"}, /* outside the authority's remit */
    {CASE_TYPE_MEDIATION, "under_behandling", "venter_motpart"},
    {CASE_TYPE_MEDIATION, "under_behandling", "venter_klager"},
    {CASE_TYPE_MEDIATION, "under_behandling", "avsluttet"},
    {CASE_TYPE_MEDIATION, "venter_motpart", "under_behandling"},
    {CASE_TYPE_MEDIATION, "venter_motpart", "avsluttet"},
    {CASE_TYPE_MEDIATION, "venter_klager", "under_behandling"},
    {CASE_TYPE_MEDIATION, "venter_klager", "avsluttet"},
    {CASE_TYPE_GUIDANCE, "mottatt", "under_behandling"},
    {CASE_TYPE_GUIDANCE, "under_behandling", "besvart"},
    {CASE_TYPE_GUIDANCE, "besvart", "under_behandling"}, /* a follow-up question */
    {CASE_TYPE_GUIDANCE, "besvart", "avsluttet"},
    {CASE_TYPE_GUIDANCE, "under_behandling", "avsluttet"},
    {CASE_TYPE_TIP, "mottatt", "vurdert"},
    {NULL, NULL, NULL},
};

const case_type_info *case_type_find(const char *code)
{
    for (const case_type_info *t = case_types; code && t->code; t++)
        if (!strcmp(t->code, code)) return t;
    return NULL;
}

const case_status_info *case_statuses_of(const char *type)
{
    if (!type) return NULL;
    if (!strcmp(type, CASE_TYPE_MEDIATION)) return mediation_statuses;
    if (!strcmp(type, CASE_TYPE_GUIDANCE)) return guidance_statuses;
    if (!strcmp(type, CASE_TYPE_TIP)) return tip_statuses;
    return NULL;
}

const case_status_info *case_status_find(const char *type, const char *code)
{
    const case_status_info *s = case_statuses_of(type);
    for (; s && code && s->code; s++)
        if (!strcmp(s->code, code)) return s;
    return NULL;
}

bool case_step_allowed(const char *type, const char *from, const char *to, case_actor actor)
{
    const case_status_info *f = case_status_find(type, from), *t = case_status_find(type, to);
    if (!f || !t) return false;
    if (actor == CASE_ACTOR_SUBMITTER) return f->open && !strcmp(to, CASE_STATUS_WITHDRAWN);
    for (const case_step *s = staff_steps; s->type; s++)
        if (!strcmp(s->type, type) && !strcmp(s->from, from) && !strcmp(s->to, to)) return true;
    return false;
}

int case_steps_from(const char *type, const char *from, const char **out, int max)
{
    int n = 0;
    for (const case_step *s = staff_steps; s->type && n < max; s++)
        if (type && from && !strcmp(s->type, type) && !strcmp(s->from, from)) out[n++] = s->to;
    return n;
}

bool case_may_send_more(const char *type, const char *status)
{
    const case_status_info *s = case_status_find(type, status);
    return s && s->open && !strcmp(type, CASE_TYPE_MEDIATION);
}

bool case_may_withdraw(const char *type, const char *status)
{
    return case_step_allowed(type, status, CASE_STATUS_WITHDRAWN, CASE_ACTOR_SUBMITTER);
}

const char *case_archive_status(const char *type, const char *status)
{
    const case_status_info *s = case_status_find(type, status);
    return s && s->open ? "Under behandling" : "Avsluttet";
}

const char *case_type_label(const char *type)
{
    const case_type_info *t = case_type_find(type);
    return t ? t->label : type;
}

const char *case_status_label(const char *type, const char *status)
{
    const case_status_info *s = case_status_find(type, status);
    return s ? s->label : status;
}
