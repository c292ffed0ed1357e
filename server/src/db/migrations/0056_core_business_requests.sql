-- Issue 17: the business a channel submits to the core (core/protocol.ts submitBusiness), one row per serial number:
-- the core executes a serial once whatever the number of retries, and answers a repeat with the result stored here.
-- Used by the built-in core's business executor (core/builtin/business.ts) and so by the core emulator; a product
-- running against an external core leaves it empty.
CREATE TABLE core_business_requests (
  serial      text PRIMARY KEY,
  type        text NOT NULL CHECK (type IN ('withdrawal')),
  member_id   bigint NOT NULL REFERENCES members(id),
  request     jsonb NOT NULL,
  status      text NOT NULL CHECK (status IN ('accepted', 'done', 'refused')),
  code        text,
  reason      text,
  done_at     timestamptz,
  entries     jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'refused') = (code IS NOT NULL AND reason IS NOT NULL)),
  CHECK ((status = 'done') = (done_at IS NOT NULL AND entries IS NOT NULL))
);
