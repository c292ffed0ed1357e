-- A10 (003 7.4.2): the 6-digit password of the 12329 voice line and the self-service terminals (触摸屏), set and reset
-- by the member after A9. Stored like the other passwords (scrypt over the peppered password), never in clear.
CREATE TABLE member_hotline_passwords (
  member_id      bigint PRIMARY KEY REFERENCES members(id),
  password_hash  text NOT NULL,
  set_at         timestamptz NOT NULL DEFAULT now()
);
