-- Limits on the public doors (issue 15), shared by every server instance because they live here.
-- rate_limit_counters: one row per limit and key, counting the hits of the window that began with the first hit
-- (a new window begins with the first hit after it ended); a request takes a hit with one conditional upsert
-- (refused, and nothing counted, once the window is full). Keys are keyed hashes (limits/counters.ts): no phone,
-- IP or account is stored as such. Rows of windows that ended long ago are deleted by the limits themselves.
CREATE TABLE rate_limit_counters (
  scope           text NOT NULL,                          -- 'sms:account', 'sms:phone', 'sms:ip', 'sms:all', 'login:ip', …
  key             text NOT NULL,
  window_start    timestamptz NOT NULL,
  hits            integer NOT NULL CHECK (hits >= 0),
  PRIMARY KEY (scope, key)
);
CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_start);

-- The extra step after repeated wrong passwords (instead of a lock-out anyone could trigger): a question the
-- person answers, one use, a few minutes. Only hashes of the token and of the answer are kept.
CREATE TABLE login_challenges (
  id              bigserial PRIMARY KEY,
  token_hash      text NOT NULL UNIQUE,
  answer_hash     text NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  consumed_at     timestamptz
);
CREATE INDEX login_challenges_expiry_idx ON login_challenges (expires_at);
