-- Issue 17: business the product hands to an external 核心业务系统. An approval at the last node writes the request
-- here in its own transaction (the application stays 审批通过 · 入账中); the submitter job sends it, keyed by the
-- serial number so that the core executes it once however often it is sent, and turns the core's answer into 已办结
-- or 未通过. A core that is down only delays it: next_attempt_at backs off, nothing is lost.
CREATE TABLE core_submissions (
  serial_no        text PRIMARY KEY REFERENCES applications(serial_no),
  request          jsonb NOT NULL,
  done_feedback    text NOT NULL,                     -- E1 反馈信息 once the core says done
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'done', 'refused')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  result           jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX core_submissions_due_idx ON core_submissions (next_attempt_at) WHERE status IN ('pending', 'accepted');

-- 对账: the daily comparison of what the product paid with what the core booked; one row per difference found.
CREATE TABLE core_reconciliation_differences (
  id           bigserial PRIMARY KEY,
  checked_on   date NOT NULL,
  serial_no    text NOT NULL,
  problem      text NOT NULL,
  product_fen  bigint,
  core_fen     bigint,
  found_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (checked_on, serial_no, problem)
);
