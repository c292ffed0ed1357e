-- D5 还款银行账户变更 (001 二): each change of the card a loan's instalments are deducted from, by the borrower after
-- A9, to a bound card of their own name (C14). The core holds the account itself; this is the channel's record.
CREATE TABLE loan_repayment_account_changes (
  id                  bigserial PRIMARY KEY,
  loan_id             bigint NOT NULL REFERENCES loan_contracts(id),
  member_id           bigint NOT NULL REFERENCES members(id),
  bank_card_id        bigint NOT NULL REFERENCES bank_cards(id),
  old_bank            text NOT NULL,
  old_account_masked  text NOT NULL,
  new_bank            text NOT NULL,
  new_account_masked  text NOT NULL,
  confirmed_by        text NOT NULL CHECK (confirmed_by IN ('business-password', 'face')),
  changed_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_repayment_account_changes_loan ON loan_repayment_account_changes (loan_id, changed_at);
