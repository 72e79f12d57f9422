-- Requests for access (innsynskrav) under offentleglova: who asked for which registry entries,
-- the decision on each document, and the innsyn log. Times are unix seconds UTC; calendar dates
-- are 'YYYY-MM-DD' in Oslo time. Secrets in links (confirmation, answer) are kept only as their
-- SHA-256, so the database alone opens nothing.

CREATE TABLE innsyn_request (
    id @ID@,
    source TEXT NOT NULL CHECK (source IN ('nett', 'einnsyn')),
    external_id TEXT NULL UNIQUE,     -- eInnsyn's order id, so an order is imported once
    person_id BIGINT NULL REFERENCES person (id), -- logged in through ID-porten, else NULL
    email TEXT NULL,                  -- NULL for a person without one, and after the purge
    requester_name TEXT NULL,
    state TEXT NOT NULL CHECK (state IN ('ubekreftet', 'mottatt', 'besvart', 'avslatt_frist')),
    complaint INTEGER NOT NULL DEFAULT 0, -- 1 while a complaint waits in the queue
    confirm_hash TEXT NULL UNIQUE,    -- SHA-256 of the e-mailed confirmation token
    answer_hash TEXT NULL UNIQUE,     -- SHA-256 of the token in the answer's links
    created_at BIGINT NOT NULL,
    received_at BIGINT NULL,          -- confirmed (or logged in, or imported): the clock starts
    target_date TEXT NULL,            -- «utan ugrunna opphald»: the third working day
    deadline_date TEXT NULL,          -- the fifth working day; after it, refused (offl. § 32)
    answered_at BIGINT NULL,
    complaint_until TEXT NULL,        -- three weeks after the answer (or the deemed refusal)
    release_until BIGINT NULL         -- released documents can be fetched until then
);
CREATE INDEX innsyn_request_queue ON innsyn_request (state, complaint, deadline_date);
CREATE INDEX innsyn_request_person ON innsyn_request (person_id);

-- The registry entries asked for, with the public title as it stood when asked.
CREATE TABLE innsyn_item (
    id @ID@,
    request_id BIGINT NOT NULL REFERENCES innsyn_request (id),
    entry_id BIGINT NOT NULL,
    registry_id TEXT NOT NULL,        -- "2026/17-3"
    public_title TEXT NOT NULL,
    UNIQUE (request_id, entry_id)
);

-- One decision a document; a complaint's new decisions replace the earlier ones.
CREATE TABLE innsyn_decision (
    id @ID@,
    request_id BIGINT NOT NULL REFERENCES innsyn_request (id),
    item_id BIGINT NOT NULL REFERENCES innsyn_item (id),
    document_id BIGINT NOT NULL,      -- archive_document.id
    object_id BIGINT NULL,            -- the archived file released in full
    document_title TEXT NOT NULL,     -- as the public may see it
    outcome TEXT NOT NULL CHECK (outcome IN ('innsyn', 'delvis', 'avslag')),
    legal_basis TEXT NULL,            -- for 'delvis' and 'avslag'
    copy_name TEXT NULL,              -- the redacted copy of a partial release
    copy_mime TEXT NULL,
    copy_content @BLOB@ NULL,         -- deleted when the release runs out
    decided_at BIGINT NOT NULL,
    decided_by TEXT NOT NULL,
    UNIQUE (request_id, document_id)
);

-- The innsyn log: every request and every outcome, in order.
CREATE TABLE innsyn_log (
    id @ID@,
    request_id BIGINT NOT NULL REFERENCES innsyn_request (id),
    at BIGINT NOT NULL,
    event TEXT NOT NULL,              -- 'mottatt', 'bekreftet', 'avgjort', 'avslatt_frist', 'klage', ...
    text TEXT NOT NULL
);
CREATE INDEX innsyn_log_at ON innsyn_log (at);

-- Counters for the rate limits, one row a key and window, shared by every instance.
CREATE TABLE innsyn_rate (
    rate_key TEXT NOT NULL,           -- 'ip:…' or 'e-post:…'
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (rate_key, window_start)
);

-- The years whose log has been registered in the archive, so the year-end job runs once.
CREATE TABLE innsyn_year_log (
    year INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL,
    registered_at BIGINT NOT NULL
);
