-- The application workflow (C1–C14, E1–E3, I1): staff reviewers, members' bank cards, applications with their
-- photos and node history, and the members' notifications. Owned by server/src/workflow/, withdrawals/,
-- notifications/ and review/. Money is bigint fen; instants are timestamptz.

-- I1: the center's staff. Reviewers act at the nodes listed in review_nodes (first = 初审, second = 复审,
-- final = 终审). Passwords are scrypt hashes; sessions are opaque tokens of which only the SHA-256 is kept,
-- separate from members' sessions (a member token is never a staff token and vice versa).
CREATE TABLE staff_users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  role            text NOT NULL CHECK (role IN ('reviewer', 'content-editor', 'service-agent', 'admin')),
  review_nodes    text[] NOT NULL DEFAULT '{}' CHECK (review_nodes <@ ARRAY['first', 'second', 'final']::text[]),
  password_hash   text NOT NULL,
  failed_logins   integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until    timestamptz,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_sessions (
  id              bigserial PRIMARY KEY,
  staff_id        bigint NOT NULL REFERENCES staff_users(id),
  token_hash      text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id) WHERE revoked_at IS NULL;

-- C14 (001 2.6): the member's own same-name bank cards that withdrawals are paid to. The number is kept
-- encrypted (AES-256-GCM) with a keyed hash for the uniqueness of an active card, and masked for display.
CREATE TABLE bank_cards (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  bank_code       text NOT NULL CHECK (bank_code IN ('ABC', 'ICBC', 'CCB', 'BOC', 'YNRCC')),
  card_no_enc     text NOT NULL,
  card_no_hash    text NOT NULL,
  card_no_masked  text NOT NULL,
  holder_name     text NOT NULL,
  bound_at        timestamptz NOT NULL DEFAULT now(),
  unbound_at      timestamptz
);
CREATE UNIQUE INDEX bank_cards_active_idx ON bank_cards (member_id, card_no_hash) WHERE unbound_at IS NULL;

-- Applications (业务申请) of every kind: withdrawals now, the loan business and C12 later. The kind is checked by
-- the code's registry (workflow/kinds.ts), so a new kind needs no migration.
CREATE SEQUENCE application_serial_seq;

CREATE TABLE applications (
  id              bigserial PRIMARY KEY,
  serial_no       text NOT NULL UNIQUE,                    -- 流水号
  member_id       bigint NOT NULL REFERENCES members(id),
  kind            text NOT NULL CHECK (kind ~ '^[a-z][A-Za-z0-9]{1,39}$'),
  channel         text NOT NULL CHECK (channel IN ('mini-program', 'official-account', 'app', 'web-hall', 'counter')),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN (
                    'draft', 'submitted', 'awaiting_spouse', 'in_review', 'returned',
                    'approved', 'paid', 'rejected', 'ended', 'expired')),
  current_node    text CHECK (current_node IN ('first', 'second', 'final')),
  form            jsonb NOT NULL DEFAULT '{}',             -- the manual's fields of the kind
  amount_fen      bigint CHECK (amount_fen IS NULL OR amount_fen >= 0),
  bank_card_id    bigint REFERENCES bank_cards(id),
  info            text,                                    -- E1 信息: 卢青怡申请提取，条件：离退休提取金额：1399元
  feedback        text,                                    -- E1 反馈信息: 银行付款成功，中心入账成功!
  return_reason   text,
  client_key      text CHECK (client_key ~ '^[A-Za-z0-9_.:-]{8,64}$'),  -- Idempotency-Key of the creating request
  submit_key      text,                                    -- Idempotency-Key of the last submit
  confirmation_method text CHECK (confirmation_method IN ('business-password', 'face')),
  spouse_member_id bigint REFERENCES members(id),          -- C12 (001 2.3): the spouse who must confirm
  claimed_by      bigint REFERENCES staff_users(id),       -- I1: the reviewer working on it now
  claimed_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  submitted_at    timestamptz,
  decided_at      timestamptz,
  closed_at       timestamptz,
  expires_at      timestamptz,                             -- C12: the spouse's answer is due by then
  UNIQUE (member_id, client_key),
  CHECK ((status = 'in_review') = (current_node IS NOT NULL)),
  CHECK (claimed_by IS NULL OR status = 'in_review'),
  CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
);
-- 同一用户同一时间同一业务只能发起一次交易 (INTEGRATIONS.md): at most one open application of a kind per member.
CREATE UNIQUE INDEX applications_one_open_per_kind ON applications (member_id, kind)
  WHERE status IN ('draft', 'submitted', 'awaiting_spouse', 'in_review', 'returned', 'approved');
CREATE INDEX applications_member_idx ON applications (member_id, created_at DESC);
CREATE INDEX applications_queue_idx ON applications (current_node, submitted_at) WHERE status = 'in_review';

-- The node history (003 5.2.2 流程信息查询, 004 2.2: 节点名称 / 办理人 / 审批意见 / 办理时间). Append-only.
CREATE TABLE application_events (
  id              bigserial PRIMARY KEY,
  application_id  bigint NOT NULL REFERENCES applications(id),
  node            text NOT NULL,                           -- 任务发起人 / 初审 / 复审 / 终审 / 银行付款 / 配偶确认 / 结束流程
  action          text NOT NULL CHECK (action IN (
                    'submit', 'resubmit', 'approve', 'return', 'reject', 'end', 'expire', 'pay', 'note',
                    'spouse-request', 'spouse-confirm', 'spouse-decline')),
  from_status     text,
  to_status       text NOT NULL,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('member', 'spouse', 'staff', 'system')),
  actor_id        bigint,
  handler_name    text NOT NULL,                           -- 办理人
  opinion         text NOT NULL DEFAULT '',                -- 审批意见 / 退回原因
  at              timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_events_app_idx ON application_events (application_id, id);

CREATE FUNCTION application_events_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'application history is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
  FOR EACH ROW EXECUTE FUNCTION application_events_forbid_change();

-- Photos (档案上传, 001 2.1 / 003 5.2.1): at most 4 a category, the files under DATA_DIR/uploads named by their
-- SHA-256, so the database holds only the hash.
CREATE TABLE application_photos (
  id              bigserial PRIMARY KEY,
  application_id  bigint NOT NULL REFERENCES applications(id),
  category        text NOT NULL CHECK (category ~ '^[a-z][A-Za-z0-9]{1,39}$'),
  slot            integer NOT NULL CHECK (slot BETWEEN 1 AND 4),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type      text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
  size_bytes      integer NOT NULL CHECK (size_bytes > 0),
  uploaded_by     bigint NOT NULL REFERENCES members(id),  -- the applicant, or the spouse (C12)
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, category, slot)
);

-- E3 (001 3.2, 004 2.1–2.3): the member's messages. Every state change of an application writes one in the same
-- transaction; the template message for it is recorded with it (push_*) and handed to the official account's
-- outbox in that transaction too, so a crash can lose neither.
CREATE TABLE notifications (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  business        text NOT NULL,                           -- 业务名称
  content         text NOT NULL,                           -- 消息内容
  channel         text NOT NULL,                           -- 推送渠道
  application_id  bigint REFERENCES applications(id),
  event_id        bigint UNIQUE REFERENCES application_events(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  deleted_at      timestamptz,
  push_notice     text,                                    -- 'progress' …: the template message of this notice
  push_data       jsonb,
  push_state      text NOT NULL DEFAULT 'none' CHECK (push_state IN ('none', 'pending', 'queued', 'no-recipient')),
  CHECK ((push_notice IS NULL) = (push_state = 'none'))
);
CREATE INDEX notifications_member_idx ON notifications (member_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX notifications_push_pending_idx ON notifications (id) WHERE push_state = 'pending';
