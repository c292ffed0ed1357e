-- 互动交流, the member-written side (G2 投诉建议, G3 互动社区 questions) and the staff who answer it.
-- Owned by server/src/interaction/.
--
-- sec_check records what WeChat's content security check (wxa/msg_sec_check) said about the member's text:
--   pass      WeChat passed it (v2 with the member's mini-program openid, or v1 without one)
--   review    WeChat suggested a person look at it (v2 suggest 'review')
--   unchecked WeChat could not be asked (unreachable, system error): stored, left to a person
-- Text WeChat calls risky is refused and never stored.

-- G2: one ticket per complaint, suggestion or consultation. The contact phone is personal data: kept encrypted
-- (AES-256-GCM, shared/pii-crypto.ts) for the staff who call back, and masked for display.
CREATE SEQUENCE complaint_ticket_seq;
CREATE TABLE complaints (
  id                   bigserial PRIMARY KEY,
  ticket_no            text NOT NULL UNIQUE CHECK (ticket_no ~ '^TS[0-9]{14}$'),  -- TS + business day + sequence
  member_id            bigint NOT NULL REFERENCES members(id),
  kind                 text NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'consultation')),
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 50),
  content              text NOT NULL CHECK (length(content) BETWEEN 5 AND 1000),
  contact_phone_enc    text,
  contact_phone_masked text CHECK (contact_phone_masked ~ '^1[0-9]{2}\*{4}[0-9]{4}$'),
  sec_check            text NOT NULL CHECK (sec_check IN ('pass', 'review', 'unchecked')),
  status               text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'processing', 'replied', 'closed')),
  claimed_by           bigint REFERENCES staff_users(id),
  claimed_at           timestamptz,
  reply                text CHECK (length(reply) BETWEEN 1 AND 1000),
  reply_department     text CHECK (length(reply_department) BETWEEN 1 AND 40),
  replied_by           bigint REFERENCES staff_users(id),
  replied_at           timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((contact_phone_enc IS NULL) = (contact_phone_masked IS NULL)),
  CHECK ((claimed_by IS NULL) = (claimed_at IS NULL)),
  -- a reply is whole: text, department, who and when
  CHECK ((reply IS NULL) = (replied_at IS NULL) AND (reply IS NULL) = (replied_by IS NULL) AND (reply IS NULL) = (reply_department IS NULL)),
  CHECK (status <> 'processing' OR claimed_by IS NOT NULL),
  CHECK (status <> 'replied' OR reply IS NOT NULL)
);
CREATE INDEX complaints_member_idx ON complaints (member_id, created_at DESC, id DESC);
CREATE INDEX complaints_status_idx ON complaints (status, created_at DESC, id DESC);

-- G3: members now ask through the API (0005 held only the seeded questions). The answering staff member is kept
-- for the record; answered_by stays the department shown as 答复单位.
ALTER TABLE community_questions
  ADD COLUMN sec_check text NOT NULL DEFAULT 'pass' CHECK (sec_check IN ('pass', 'review', 'unchecked')),
  ADD COLUMN answered_by_staff_id bigint REFERENCES staff_users(id);
CREATE INDEX community_questions_member_idx ON community_questions (member_id, asked_at DESC, id DESC) WHERE member_id IS NOT NULL;
CREATE INDEX community_questions_status_idx ON community_questions (status, asked_at DESC, id DESC);
