-- Keyset paging of «Mine saker»: an index for each order by a key before the id, so a page
-- after any cursor is one index range. «Våre saker» already has one per order (case_org's
-- primary key, case_org_by_status, case_org_by_deadline).
CREATE INDEX case_record_submitter_status ON case_record (submitter_person_id, status, id);
CREATE INDEX case_record_submitter_deadline ON case_record
    (submitter_person_id, (COALESCE(deadline, '9999-12-31')), id);
-- The inbox, newest first by (created_at, id): a page after any cursor is one range.
CREATE INDEX inbox_message_person_time ON inbox_message (person_id, created_at, id);
-- «Brukere»: pending first, then by given name and id, as one range after any member.
CREATE INDEX org_member_people ON org_member
    (orgnr, (CASE WHEN status = 'ubekreftet' THEN 0 ELSE 1 END), given_name, id);
