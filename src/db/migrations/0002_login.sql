-- Login: persons (public login, identified by pid), staff (the authority's own login),
-- server-side sessions and pending logins. Times are unix seconds UTC.

-- A person from the public login. The fødselsnummer/d-nummer is never stored in clear:
-- pid_enc is it encrypted (libsodium secretbox, nonce first), pid_hash a keyed hash of it for
-- look-up. The birth date is kept apart, since Enhetsregisteret names roles by name and birth date.
CREATE TABLE person (
    id @ID@,
    pid_hash TEXT NOT NULL UNIQUE,
    pid_enc @BLOB@ NOT NULL,
    birth_date TEXT NOT NULL,
    name TEXT NULL,
    email TEXT NULL,
    phone TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A caseworker from the staff login; roles as the staff provider last gave them, space separated.
CREATE TABLE staff (
    id @ID@,
    subject TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT NULL,
    roles TEXT NOT NULL,
    last_login_at BIGINT NOT NULL
);

-- Only a hash of the session id is stored. provider is 'public' or 'staff'; id_token_enc is the
-- ID token (it carries the pid) sealed like the pid, for the provider's logout; idp_sid is the
-- provider's own session id, so a front-channel logout (iss + sid) finds the session.
CREATE TABLE session (
    id @ID@,
    token_hash TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL,
    person_id BIGINT NULL REFERENCES person (id) ON DELETE CASCADE,
    staff_id BIGINT NULL REFERENCES staff (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    idp_sid TEXT NULL,
    id_token_enc @BLOB@ NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX session_idp_sid ON session (provider, idp_sid);
CREATE INDEX session_expires_at ON session (expires_at);

-- A login on its way through the provider: what the callback needs, in the database so that
-- any instance can finish it. state_hash is single-use (used_at). outcome is NULL while
-- pending, then 'ok' or 'failed'; pending and failed rows count against the client address
-- and, once the person is known, against person_key (the keyed pid hash).
CREATE TABLE login_attempt (
    id @ID@,
    state_hash TEXT NOT NULL UNIQUE,
    browser_hash TEXT NOT NULL,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_path TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    person_key TEXT NULL,
    outcome TEXT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT NULL
);
CREATE INDEX login_attempt_client ON login_attempt (client_ip, created_at);
CREATE INDEX login_attempt_person ON login_attempt (person_key, created_at);
