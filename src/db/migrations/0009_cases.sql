-- Cases: mediation complaints (mekling), tips and guidance requests (veiledning). Times are
-- unix seconds UTC; calendar dates 'YYYY-MM-DD' in Oslo time. The status rules are in
-- src/cases/case_rules.c and docs/cases.md.

-- One case. Mediation and guidance cases have an archive case file (case_file_id) and their
-- reference is its number («2026/17»). A tip is not journal-bound: no case file, a reference of
-- its own, and a deletion date (delete_after). details holds the form's fields as JSON.
CREATE TABLE case_record (
    id @ID@,
    case_type TEXT NOT NULL CHECK (case_type IN ('mekling', 'tips', 'veiledning')),
    status TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    case_file_id BIGINT NULL REFERENCES archive_case_file (id),
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    submitter_person_id BIGINT NULL REFERENCES person (id) ON DELETE SET NULL,
    submitter_orgnr TEXT NULL,      -- a tip or guidance request made for an organisation
    counterpart_orgnr TEXT NULL,    -- the business a mediation complaint names (motpart)
    caseworker_staff_id BIGINT NULL REFERENCES staff (id),
    deadline TEXT NULL,             -- the next deadline, and what it is for
    deadline_text TEXT NULL,
    withdrawn_reason TEXT NULL,
    delete_after TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT NULL
);
CREATE INDEX case_record_submitter ON case_record (submitter_person_id, id);
CREATE INDEX case_record_queue ON case_record (status, caseworker_staff_id, id);
CREATE INDEX case_record_delete_after ON case_record (delete_after);

-- The organisations a case belongs to, as submitter ('innsender') or counterpart ('motpart'):
-- «Våre saker» reads from here by (orgnr, case_type), newest first.
CREATE TABLE case_org (
    orgnr TEXT NOT NULL,
    case_type TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    party_role TEXT NOT NULL CHECK (party_role IN ('innsender', 'motpart')),
    PRIMARY KEY (orgnr, case_type, case_id)
);
CREATE INDEX case_org_case ON case_org (case_id);

-- A `bruker` of an organisation given access to one of its cases by an administrator.
CREATE TABLE case_access (
    case_id BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    orgnr TEXT NOT NULL,
    granted_by BIGINT NULL REFERENCES person (id) ON DELETE SET NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_access_person ON case_access (person_id, orgnr);

-- What has happened in a case, for its timeline. audience says who sees the event: 'parter'
-- (both parties), 'innsender', 'motpart', or 'intern' (staff only).
CREATE TABLE case_event (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    actor TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('parter', 'innsender', 'motpart', 'intern')),
    created_at BIGINT NOT NULL
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- The registry entries of a case's file and who of the parties may see their documents on the
-- «Dokumenter» tab (audience as in case_event).
CREATE TABLE case_entry (
    case_id BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES archive_entry (id),
    audience TEXT NOT NULL CHECK (audience IN ('parter', 'innsender', 'motpart', 'intern')),
    PRIMARY KEY (case_id, entry_id)
);
