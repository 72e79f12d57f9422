/* The status rules of cases: every allowed step and every refused one that matters. */
#include <string.h>

#include "cases/case_rules.h"
#include "tap.h"

int main(void)
{
    TAP_OK(case_type_find("mekling") && case_type_find("mekling")->journal_bound, "a mediation case is journal-bound");
    TAP_OK(case_type_find("tips") && !case_type_find("tips")->journal_bound, "a tip is not");
    TAP_OK(!case_type_find("klage") && !case_type_find(NULL), "unknown types are not found");
    TAP_EQ_STR(case_status_find("mekling", "venter_motpart")->label, "Venter på svar fra virksomheten", "statuses have Norwegian labels");
    TAP_OK(!case_status_find("tips", "venter_motpart"), "a tip has no mediation statuses");

    TAP_OK(case_step_allowed("mekling", "mottatt", "under_behandling", CASE_ACTOR_STAFF), "staff take a new mediation case");
    TAP_OK(case_step_allowed("mekling", "under_behandling", "venter_motpart", CASE_ACTOR_STAFF), "and ask the business");
    TAP_OK(!case_step_allowed("mekling", "mottatt", "venter_motpart", CASE_ACTOR_STAFF), "a step may not be skipped");
    TAP_OK(!case_step_allowed("mekling", "avsluttet", "under_behandling", CASE_ACTOR_STAFF), "a closed case stays closed");
    TAP_OK(!case_step_allowed("mekling", "mottatt", "trukket", CASE_ACTOR_STAFF), "staff do not withdraw a case");
    TAP_OK(case_step_allowed("mekling", "venter_motpart", "trukket", CASE_ACTOR_SUBMITTER), "the submitter withdraws an open case");
    TAP_OK(!case_step_allowed("mekling", "avsluttet", "trukket", CASE_ACTOR_SUBMITTER), "but not a closed one");
    TAP_OK(!case_step_allowed("mekling", "mottatt", "avsluttet", CASE_ACTOR_SUBMITTER), "the submitter takes no other step");
    TAP_OK(!case_step_allowed("tips", "mottatt", "under_behandling", CASE_ACTOR_STAFF), "a step of another type is refused");
    TAP_OK(!case_step_allowed("mekling", "mottatt", "finnes_ikke", CASE_ACTOR_STAFF), "an unknown status is refused");

    const char *to[8];
    int n = case_steps_from("mekling", "under_behandling", to, 8);
    TAP_EQ_INT(n, 3, "three steps lead on from a mediation under way");
    TAP_OK(n == 3 && !strcmp(to[0], "venter_motpart") && !strcmp(to[2], "avsluttet"), "in the table's order");

    TAP_OK(case_may_send_more("mekling", "venter_klager"), "further documents in an ongoing mediation");
    TAP_OK(!case_may_send_more("mekling", "avsluttet"), "not in a closed one");
    TAP_OK(!case_may_send_more("veiledning", "mottatt"), "not in a guidance case");
    TAP_OK(case_may_withdraw("veiledning", "besvart"), "an answered guidance request may be withdrawn");
    TAP_OK(!case_may_withdraw("tips", "vurdert"), "an assessed tip may not");
    TAP_EQ_STR(case_archive_status("mekling", "trukket"), "Avsluttet", "a withdrawn case closes its case file");
    TAP_EQ_STR(case_archive_status("mekling", "venter_motpart"), "Under behandling", "an open one keeps it open");
    return tap_done();
}
