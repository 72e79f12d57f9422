-- Confidential (teiepliktig) registry entries: never e-mailed or sent outward. Setting and
-- clearing the flag goes to the change log (archive_change, field 'teiepliktig'); every refused
-- attempt to send one outward is recorded here.
ALTER TABLE archive_entry ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

CREATE TABLE archive_refusal (
    id @ID@,
    entry_id BIGINT NOT NULL REFERENCES archive_entry (id),
    actor TEXT NOT NULL,       -- who tried: a caseworker's name, or the part of the program
    recipient TEXT NOT NULL,   -- where it would have gone, e.g. 'e-post til kari@eksempel.no'
    refused_at BIGINT NOT NULL
);
CREATE INDEX archive_refusal_entry ON archive_refusal (entry_id);
