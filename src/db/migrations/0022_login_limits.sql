-- Login limits per browser, per whole address and per address range, so that nobody can spend
-- another's budget: client_key is a keyed hash of the whole address (the address itself is
-- never stored), client_ip keeps the range (/24, /48) as before.
ALTER TABLE login_attempt ADD COLUMN client_key TEXT NULL;
CREATE INDEX login_attempt_client_key ON login_attempt (client_key, provider, created_at);
CREATE INDEX login_attempt_browser ON login_attempt (browser_hash, provider, created_at);
