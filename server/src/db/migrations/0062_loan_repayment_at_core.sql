-- Issue 17: D1 提前还本, D3 提前结清 and C12 一次性提取还贷 go to an external core through the protocol as a
-- loan_repayment request (core/protocol.ts LoanRepaymentRequest); the built-in core's executor takes it.
-- The list names the types of D4 放款 and D5 还款账户变更 too (migration 0061 on the branch that adds them), so that
-- either order of the two changes leaves every type allowed.
ALTER TABLE core_business_requests DROP CONSTRAINT IF EXISTS core_business_requests_type_check;
ALTER TABLE core_business_requests
  ADD CONSTRAINT core_business_requests_type_check CHECK (type IN ('withdrawal', 'loan_disbursement', 'repayment_account_change', 'loan_repayment'));
