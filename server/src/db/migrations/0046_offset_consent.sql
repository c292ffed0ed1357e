-- D2 按月抵扣签约 with the other payers' consent (issue 18 point 11): the borrower's signing names the spouse or the
-- co-borrower, whose fund account is then debited each month; that takes their own confirmation (A9) within 48 hours,
-- as C12's spouse confirmation does. Until then (and after a refusal or the deadline) the run leaves their account alone.
ALTER TABLE loan_offset_signings
  ADD COLUMN consent text NOT NULL DEFAULT 'confirmed' CHECK (consent IN ('pending', 'confirmed', 'declined')),
  ADD COLUMN consent_before timestamptz,
  ADD COLUMN consented_at timestamptz;
