-- Issue 17: the product's own loan rows refer to the core's loans by id only. With an external core the built-in
-- core's loan_contracts stays empty, so a foreign key to it refused D5's record of a change (还款账户变更) and J2's
-- repayment reminders for a loan the center's core holds. (0060 did the same for members, 0065 for D2's signings.)
ALTER TABLE loan_repayment_account_changes DROP CONSTRAINT IF EXISTS loan_repayment_account_changes_loan_id_fkey;
ALTER TABLE loan_repayment_reminders DROP CONSTRAINT IF EXISTS loan_repayment_reminders_loan_id_fkey;
