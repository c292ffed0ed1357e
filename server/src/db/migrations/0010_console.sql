-- The staff console (I2, I4, I5), owned by server/src/console/: the staff audit log, broadcasts to members, and
-- what the content editor needs on top of the tables of 0001 / 0003 / 0005.

-- I5: every staff action (logins and lock-outs too). Append-only like audit_log; staff_name and staff_username are
-- kept as they were at the time (a failed login of an unknown name has no staff_id).
CREATE TABLE staff_audit (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT clock_timestamp(),
  staff_id        bigint REFERENCES staff_users(id),
  staff_username  text NOT NULL,
  staff_name      text NOT NULL,
  action          text NOT NULL CHECK (action ~ '^[a-z][a-z0-9.-]{1,63}$'),   -- content.articles.create, review.approve …
  target          text,                                                         -- articles:12, application:2026…, broadcast:3
  detail          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX staff_audit_at_idx ON staff_audit (at DESC, id DESC);
CREATE INDEX staff_audit_staff_idx ON staff_audit (staff_id, at DESC);
CREATE INDEX staff_audit_action_idx ON staff_audit (action text_pattern_ops, at DESC);

CREATE FUNCTION staff_audit_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the staff audit log is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER staff_audit_append_only BEFORE UPDATE OR DELETE ON staff_audit
  FOR EACH ROW EXECUTE FUNCTION staff_audit_forbid_change();

-- G9: a new agreement version is written as a draft and becomes current when published (and in effect).
-- The versions already there were published when they were created.
ALTER TABLE agreements ADD COLUMN published_at timestamptz;
UPDATE agreements SET published_at = created_at;

-- I4: a notice to all members or a filtered group. The fan-out writes one notification per member and a template
-- message per follower in chunks of members ordered by id; `cursor` is the last member id done, so a restarted
-- server carries on where it stopped. Progress of the pushes is read from the outbox rows (reference broadcast:<id>).
CREATE TABLE broadcasts (
  id              bigserial PRIMARY KEY,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  content         text NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
  audience        jsonb NOT NULL,                   -- { kind: 'all' } | { kind: 'filter', unitName?, city?, hasLoan? }
  status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'done')),
  total           integer NOT NULL CHECK (total >= 0),   -- members in the audience when it was created
  notified        integer NOT NULL DEFAULT 0 CHECK (notified >= 0),
  queued_pushes   integer NOT NULL DEFAULT 0 CHECK (queued_pushes >= 0),
  cursor          bigint NOT NULL DEFAULT 0,
  fanned_out_at   timestamptz,                      -- every member has the notification (pushes may still be going)
  created_by      bigint NOT NULL REFERENCES staff_users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX broadcasts_unfinished_idx ON broadcasts (id) WHERE fanned_out_at IS NULL;

ALTER TABLE notifications ADD COLUMN broadcast_id bigint REFERENCES broadcasts(id);
-- A resumed chunk never notifies a member twice.
CREATE UNIQUE INDEX notifications_broadcast_member_idx ON notifications (broadcast_id, member_id) WHERE broadcast_id IS NOT NULL;

ALTER TABLE wechat_outbox DROP CONSTRAINT wechat_outbox_notice_check;
ALTER TABLE wechat_outbox ADD CONSTRAINT wechat_outbox_notice_check
  CHECK (notice IN ('progress', 'spouse_confirmation', 'question_reply', 'bot_reply', 'broadcast'));
