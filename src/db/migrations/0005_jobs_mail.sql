-- Background jobs and the e-mail outbox. Times are unix seconds UTC from clock_now().
--
-- A job is due when state = 'queued' and run_at has come. A worker takes it by writing its
-- name and a lease (locked_until) on the row; a worker that dies leaves the lease to expire,
-- and the job is then taken again. attempts counts the times it was taken.
CREATE TABLE job (
    id @ID@,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    run_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_by TEXT NULL,
    locked_until BIGINT NULL,
    last_error TEXT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT NULL
);

CREATE INDEX job_due ON job (state, run_at);

-- One row a message. The message is built from the row at each attempt, so retries send the
-- same Date and Message-ID. A message is 'sent' only once the SMTP server accepted it.
CREATE TABLE mail_outbox (
    id @ID@,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt BIGINT NULL,
    last_error TEXT NULL,
    message_id TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    sent_at BIGINT NULL
);

CREATE INDEX mail_outbox_state ON mail_outbox (state, created_at);

-- Addresses the receiving server refused permanently (5xx on RCPT): later messages to them are
-- not sent. The row goes when the person gives a new address (mail_address_clear_failed).
CREATE TABLE mail_failed_address (
    address TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
