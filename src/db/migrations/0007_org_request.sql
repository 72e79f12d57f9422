-- «Jeg finner ikke organisasjonen min»: a person asks the authority to add an organisation the
-- search did not find. Caseworkers see the open requests in their queue and close them
-- (closed_at, closed_by_staff). orgnr is the number when the person knew it.
CREATE TABLE org_request (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    org_name TEXT NOT NULL,
    orgnr TEXT NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT NULL,
    closed_by_staff BIGINT NULL REFERENCES staff (id)
);
CREATE INDEX org_request_open ON org_request (closed_at, created_at);
