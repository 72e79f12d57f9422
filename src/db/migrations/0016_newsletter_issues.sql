-- The newsletter's issues and the batches they are sent in. Times are unix seconds UTC.

-- An issue is written as a draft (title and a Markdown body), then sent once: 'sending' while
-- its batches run, 'sent' when the last one has finished. recipients is the number of
-- confirmed subscribers when the sending began; bounced counts the bounce reports that came
-- back for it (minside mail-bounce).
CREATE TABLE newsletter_issue (
    id @ID@,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent')),
    created_by BIGINT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    send_started_at BIGINT NULL,
    send_finished_at BIGINT NULL,
    recipients INTEGER NOT NULL DEFAULT 0,
    bounced INTEGER NOT NULL DEFAULT 0
);

-- One job's share of an issue: the confirmed subscribers with ids from first_id to last_id.
-- done_through is the last subscriber id handled, so a batch taken again after a crash or a
-- server that went away goes on where it stopped; sent and failed count what it did.
CREATE TABLE newsletter_batch (
    id @ID@,
    issue_id BIGINT NOT NULL REFERENCES newsletter_issue (id),
    first_id BIGINT NOT NULL,
    last_id BIGINT NOT NULL,
    done_through BIGINT NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    finished_at BIGINT NULL
);

CREATE INDEX newsletter_batch_issue ON newsletter_batch (issue_id);
