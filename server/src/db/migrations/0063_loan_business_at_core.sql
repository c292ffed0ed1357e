-- Issue 17: D4 放款 and D5 还款银行账户变更 go to an external core through the protocol (core/protocol.ts
-- LoanDisbursementRequest, RepaymentAccountChangeRequest).
-- The built-in core's executor takes the two new request types and keeps the contract a 放款 made, for its answer.
ALTER TABLE core_business_requests DROP CONSTRAINT IF EXISTS core_business_requests_type_check;
ALTER TABLE core_business_requests
  ADD CONSTRAINT core_business_requests_type_check CHECK (type IN ('withdrawal', 'loan_repayment', 'loan_disbursement', 'repayment_account_change'));
ALTER TABLE core_business_requests ADD COLUMN loan jsonb;

-- D5 on an external core: the serial number a member's change is sent under, keyed by the SHA-256 of its A9
-- confirmation token and the card chosen, so that a retry of the same request (the core did not answer) sends the
-- same serial and the core changes the account once.
CREATE TABLE repayment_account_requests (
  confirmation_hash  text PRIMARY KEY,
  serial_no          text NOT NULL UNIQUE,
  member_id          bigint NOT NULL REFERENCES known_members(id),
  created_at         timestamptz NOT NULL DEFAULT now()
);
-- The serial of a change recorded after the core's done (NULL: made on the built-in core): recorded once.
ALTER TABLE loan_repayment_account_changes ADD COLUMN serial_no text UNIQUE;
