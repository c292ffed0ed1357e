-- Issue 17: D2 按月抵扣签约 / 取消签约 goes to an external core through the protocol (core/protocol.ts
-- OffsetSigningRequest, type `offset_signing`): the channel signs and cancels, the core keeps the signing and takes the
-- instalments each month itself.

-- The built-in core's executor (and so the core emulator) takes the new request type.
ALTER TABLE core_business_requests DROP CONSTRAINT IF EXISTS core_business_requests_type_check;
ALTER TABLE core_business_requests
  ADD CONSTRAINT core_business_requests_type_check
  CHECK (type IN ('withdrawal', 'loan_repayment', 'loan_disbursement', 'repayment_account_change', 'offset_signing'));

-- The core's own record of the signings it was sent (core/builtin/offset.ts), from which its monthly run deducts; a
-- product running against an external core, or signing on the built-in core (loan_offset_signings), leaves it empty.
CREATE TABLE core_offset_signings (
  id               bigserial PRIMARY KEY,
  loan_id          bigint NOT NULL REFERENCES loan_contracts(id),
  member_id        bigint NOT NULL REFERENCES members(id),
  role             text NOT NULL CHECK (role IN ('borrower', 'spouse', 'co-borrower')),
  position         integer NOT NULL,
  consent          text NOT NULL CHECK (consent IN ('pending', 'confirmed', 'declined')),
  consent_before   timestamptz,
  signed_serial    text NOT NULL,
  signed_at        timestamptz NOT NULL,
  cancelled_serial text,
  cancelled_at     timestamptz,
  CHECK ((consent = 'pending') <= (consent_before IS NOT NULL))
);
CREATE UNIQUE INDEX core_offset_signings_live_idx ON core_offset_signings (loan_id, member_id) WHERE cancelled_at IS NULL;

-- The channel's record: with an external core the loan is the core's (loan_contracts is empty), and a signing made
-- there carries the serial numbers it was signed and cancelled under, so that an answer seen twice is recorded once.
ALTER TABLE loan_offset_signings DROP CONSTRAINT IF EXISTS loan_offset_signings_loan_id_fkey;
ALTER TABLE loan_offset_signings ADD COLUMN serial_no text, ADD COLUMN cancel_serial_no text;

-- The serial number a member's signing, cancelling or consent is sent under, keyed by the SHA-256 of what makes the
-- request (its A9 confirmation and content): a retry of the same request (the core did not answer) sends the same
-- serial and the core executes it once. created_at also fixes the consent deadline sent with a signing.
CREATE TABLE offset_signing_requests (
  request_hash  text PRIMARY KEY,
  serial_no     text NOT NULL UNIQUE,
  member_id     bigint NOT NULL REFERENCES known_members(id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
