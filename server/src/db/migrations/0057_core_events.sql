-- Issue 17: the core's event feed (core/protocol.ts listEvents): 汇缴入账, 补缴, 基数调整, business progress in any
-- channel, 贷款发放, 扣款, 逾期. `id` is the feed's cursor (increasing in the order recorded); `event_id` is the event's
-- identity, the same on a repeat, so that recording one twice keeps one row. Written by the built-in core
-- (core/builtin/events.ts) for the core emulator; a product running against an external core leaves it empty.
CREATE TABLE core_events (
  id           bigserial PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,
  type         text NOT NULL CHECK (type IN ('deposit', 'back_pay', 'base_change', 'business_progress', 'loan_disbursed', 'instalment_deducted', 'overdue')),
  member_id    bigint NOT NULL REFERENCES members(id),
  occurred_at  timestamptz NOT NULL,
  channel      text NOT NULL,
  data         jsonb NOT NULL
);
