-- «Be om retting» (src/privacy/correction.h): a person points at an item of their own data and
-- says what is wrong; staff correct it or answer why not; the answer goes to the inbox. Request
-- and answer are kept. item is the item as the person saw it, so the request still says what
-- it was about after the data was corrected.
CREATE TABLE correction_request (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    item TEXT NOT NULL,
    item_hash TEXT NOT NULL,          -- SHA-256 of section and item, for the duplicate check
    what_is_wrong TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'ny' CHECK (state IN ('ny', 'rettet', 'ikke_rettet')),
    answer TEXT NULL,
    answered_by_staff BIGINT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    answered_at BIGINT NULL
);
CREATE INDEX correction_request_person ON correction_request (person_id, id);
CREATE INDEX correction_request_open ON correction_request (state, id);
-- One open request an item: the same item posted again while the first waits is refused.
CREATE UNIQUE INDEX correction_request_one_open ON correction_request (person_id, item_hash) WHERE state = 'ny';
