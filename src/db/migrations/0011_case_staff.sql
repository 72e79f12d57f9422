-- The caseworker's side of cases: what the caseworker has seen, confidential entries, and the
-- caseworker's queue.

-- The last case_event the assigned caseworker has seen on the case page: party activity
-- ('melding', 'ettersendt') after it puts the case under «Ny aktivitet» in the work queue.
ALTER TABLE case_record ADD COLUMN staff_seen_event BIGINT NOT NULL DEFAULT 0;

-- A letter or document marked confidential (teiepliktig) by the caseworker: never put in an
-- e-mail and never sent to anyone outside the case's parties.
ALTER TABLE case_entry ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

-- «Mine saker» and its count, by caseworker and status.
CREATE INDEX case_record_caseworker ON case_record (caseworker_staff_id, status, id);

-- Party activity for «Ny aktivitet»: one index probe per case, past what the caseworker saw.
CREATE INDEX case_event_party_activity ON case_event (case_id, id) WHERE kind IN ('melding', 'ettersendt');
