-- Issue 17: the events of an external 核心业务系统 (汇缴入账, 补缴, 基数调整, business in other channels, 放款, 扣款,
-- 逾期), pulled from its cursor feed. Each event is applied once (core_events_applied), whatever the number of times
-- the feed repeats it; the cursor only moves after the page is applied.
CREATE TABLE core_feed_cursor (
  id          integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  after_id    bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO core_feed_cursor (id, after_id) VALUES (1, 0);

CREATE TABLE core_events_applied (
  event_id    text PRIMARY KEY,
  type        text NOT NULL,
  member_id   bigint NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Business done in another channel (柜台, 网厅, 12329, APP), as the core reports it: E1 业务进度 lists it beside the
-- applications made here. step_no only grows: a late event of an earlier step does not move it back.
CREATE TABLE channel_business (
  serial_no   text PRIMARY KEY,
  member_id   bigint NOT NULL,
  business    text NOT NULL,
  channel     text NOT NULL,
  step        text NOT NULL,
  step_no     integer NOT NULL,
  done        boolean NOT NULL DEFAULT false,
  result      text,
  started_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX channel_business_member_idx ON channel_business (member_id, started_at DESC);
