-- The audit trail (src/audit/audit.h): one row for each time staff opened a case, a person's
-- data or a document, and for each change of personal data or case documents. Rows are numbered
-- without gaps (seq) and chained: hash = SHA-256(prev_hash || the row's content), as hex.
-- Ids only: the trail never holds names, personal numbers or texts.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    actor_role TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    request_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- The searches: by object (a case, a person, a document) and by who acted, newest first.
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: the last row's number and hash. Every append locks this one row, so
-- appends are serialised across threads and instances and seq has no gaps.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
