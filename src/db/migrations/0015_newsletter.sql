-- The newsletter's subscribers, the consent texts they agreed to, and the sign-up limits.
-- Times are unix seconds UTC from clock_now().

-- Each wording of the consent shown on /nyhetsbrev, by version. A subscriber row names the
-- version it agreed to; a new wording is a new row, never an edit of an old one.
CREATE TABLE newsletter_consent (
    version TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

INSERT INTO newsletter_consent (version, text, created_at) VALUES ('2026-12-01',
'Jeg vil få nyhetsbrevet fra Forbrukertilsynet på e-post, omtrent 7–10 ganger i måneden. Forbrukertilsynet lagrer e-postadressen min, tidspunktet for samtykket og denne teksten til jeg melder meg av. Adressen deles ikke med andre, og den slettes når jeg melder meg av eller når e-post til den ikke kommer fram.',
1795996800);

-- One row an address. Until it is confirmed, confirm_hash holds the SHA-256 of the link's
-- token (never the token) and confirm_expires when the link runs out; confirmed_at is set by
-- the link, and only confirmed rows get issues. ref is a random public name for the row, used
-- in the return path of each issue (bounce+REF…@) and in the unsubscribe link together with a
-- MAC made with the service's secret key. Unsubscribing or a bounce deletes the row;
-- soft_bounces counts temporary failures of consecutive issues (the last one in
-- soft_bounce_issue).
CREATE TABLE newsletter_subscriber (
    id @ID@,
    address TEXT NOT NULL UNIQUE,
    ref TEXT NOT NULL UNIQUE,
    consent_version TEXT NOT NULL REFERENCES newsletter_consent (version),
    consent_at BIGINT NOT NULL,
    confirm_hash TEXT NULL UNIQUE,
    confirm_expires BIGINT NULL,
    confirm_mailed_at BIGINT NULL,
    confirmed_at BIGINT NULL,
    soft_bounces INTEGER NOT NULL DEFAULT 0,
    soft_bounce_issue BIGINT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX newsletter_subscriber_pending ON newsletter_subscriber (confirmed_at, created_at);

-- Sign-ups per client, for the per-client limit: a keyed hash of the client's (already
-- shortened) network address, never the address itself, kept for an hour.
CREATE TABLE newsletter_signup_attempt (
    client_hash TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX newsletter_signup_attempt_client ON newsletter_signup_attempt (client_hash, at);
