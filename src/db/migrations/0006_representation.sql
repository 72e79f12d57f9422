-- Representation of organisations, and the inbox every person has. Times are unix seconds UTC.

-- A person's association with an organisation. The first person to register for an
-- organisation applies as administrator and a caseworker decides; later ones apply as users and
-- the organisation's administrators decide. Only status 'bekreftet' gives access to anything of
-- the organisation. given_name is the name the applicant gave, compared with the roles in
-- Enhetsregisteret together with the birth date from the person id. due_at is when the decision
-- is due (the next working day). A rejected application is kept with its reason until the
-- person applies again.
CREATE TABLE org_member (
    id @ID@,
    orgnr TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'bruker')),
    status TEXT NOT NULL CHECK (status IN ('ubekreftet', 'bekreftet', 'avvist')),
    given_name TEXT NOT NULL,
    applied_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    decided_at BIGINT NULL,
    decided_by_staff BIGINT NULL REFERENCES staff (id),
    decided_by_person BIGINT NULL REFERENCES person (id) ON DELETE SET NULL,
    reject_reason TEXT NULL,
    UNIQUE (orgnr, person_id)
);
CREATE INDEX org_member_person ON org_member (person_id, status);
CREATE INDEX org_member_queue ON org_member (status, role, due_at);

-- The organisation a person with several is acting for in a session.
ALTER TABLE session ADD COLUMN active_orgnr TEXT NULL;

-- Whether a person wants an e-mail notice when something arrives in the inbox.
ALTER TABLE person ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 1;

-- A message to one person. case_id names the case it belongs to (NULL for messages about the
-- organisation or the person); orgnr the organisation it concerns. link_path is where the
-- message leads on Min side. read_at is NULL while unread.
CREATE TABLE inbox_message (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    orgnr TEXT NULL,
    case_id BIGINT NULL,
    kind TEXT NOT NULL,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link_path TEXT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT NULL
);
CREATE INDEX inbox_message_person ON inbox_message (person_id, created_at);
CREATE INDEX inbox_message_unread ON inbox_message (person_id, read_at);
