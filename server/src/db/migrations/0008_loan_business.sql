-- The loan business (D1–D3), the spouse's confirmation (C12) and the loan jobs (J2). Owned by
-- server/src/loanbusiness/, server/src/spouse/ and server/src/jobs/. Money is bigint fen.

-- D2 按月抵扣签约 (003 6.3.2): who signed the monthly offset of a loan. Each month the instalment is taken from the
-- signers' fund accounts in the order borrower, spouse, co-borrower; the shortfall is left to the bank card.
CREATE TABLE loan_offset_signings (
  id              bigserial PRIMARY KEY,
  loan_id         bigint NOT NULL REFERENCES loan_contracts(id),
  member_id       bigint NOT NULL REFERENCES members(id),
  role            text NOT NULL CHECK (role IN ('borrower', 'spouse', 'co-borrower')),
  signed_at       timestamptz NOT NULL DEFAULT now(),
  cancelled_at    timestamptz
);
-- One live signing of a member on a loan (取消签约 ends it; signing again starts a new row).
CREATE UNIQUE INDEX loan_offset_signings_live_idx ON loan_offset_signings (loan_id, member_id) WHERE cancelled_at IS NULL;

-- J2: a repayment reminder goes out once per loan and period, whichever instance runs the job.
CREATE TABLE loan_repayment_reminders (
  loan_id         bigint NOT NULL REFERENCES loan_contracts(id),
  period          integer NOT NULL,
  due_on          date NOT NULL,
  sent_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (loan_id, period)
);

-- C12: the spouse's answers look up the applications waiting for them.
CREATE INDEX applications_spouse_idx ON applications (spouse_member_id, status) WHERE spouse_member_id IS NOT NULL;
CREATE INDEX applications_expiry_idx ON applications (expires_at) WHERE status = 'awaiting_spouse';
