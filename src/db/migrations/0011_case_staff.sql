-- The caseworker's side of cases: what the caseworker has seen, and the caseworker's queue.
-- (Confidential letters use the archive's own flag, archive_entry.confidential from 0008.)

-- The last case_event the assigned caseworker has seen on the case page: party activity
-- ('melding', 'dokumentasjon') after it puts the case under «Ny aktivitet» in the work queue.
ALTER TABLE case_record ADD COLUMN staff_seen_event BIGINT NOT NULL DEFAULT 0;

-- «Mine saker», its count and «Ny aktivitet»: a caseworker's open cases, the next deadline first
-- (no deadline last), with what the caseworker has seen. The predicate is the queue's own
-- condition for open cases, which case_staff_view.c builds from the closed statuses in
-- case_rules.c; were they ever to differ, the queue would still be right, only slower.
CREATE INDEX case_record_caseworker_open ON case_record
    (caseworker_staff_id, (COALESCE(deadline, '9999-12-31')), id, staff_seen_event)
    WHERE status NOT IN ('avsluttet', 'trukket', 'vurdert');

-- Party activity for «Ny aktivitet»: one index probe per case, past what the caseworker saw.
CREATE INDEX case_event_party_activity ON case_event (case_id, id) WHERE kind IN ('melding', 'dokumentasjon');

-- «Nye saker»: new cases nobody has taken, oldest first, read in order with no sort.
CREATE INDEX case_record_new ON case_record (id) WHERE status = 'mottatt' AND caseworker_staff_id IS NULL;
