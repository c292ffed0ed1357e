/**
 * The core's vocabulary (J1): the closed lists a member's record, ledger and loans are described with. Shared by the
 * core gateway (core/gateway.ts), which must not import the database, and the built-in core's tables (core/tables.ts).
 */
export type MemberStatus = 'normal' | 'suspended' | 'retired' | 'employment_ended' | 'closed';

export type MaritalStatus = 'unmarried' | 'married' | 'divorced' | 'widowed';

export type LedgerBusinessType =
  | 'opening_balance'
  | 'regular_deposit'
  | 'back_deposit'
  | 'interest'
  | 'year_carry_over'
  | 'partial_withdrawal'
  | 'closing_withdrawal'
  | 'withdrawal_repay'
  | 'transfer_in'
  | 'transfer_out';

export type RepaymentKind = 'regular' | 'overdue' | 'prepayment' | 'settlement' | 'offset' | 'withdrawal_repay';

export type RegistrationKind = 'rent' | 'purchase' | 'build' | 'commercial_loan' | 'fund_loan';

export type RateKind = 'deposit' | 'loan_first_le5' | 'loan_first_gt5' | 'loan_second_le5' | 'loan_second_gt5';
