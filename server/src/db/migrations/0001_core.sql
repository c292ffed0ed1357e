-- The built-in core (J1): employers, members, fund accounts and their ledger, loans, reference data.
-- Money is bigint fen. Dates are calendar dates in Asia/Shanghai; instants are timestamptz.

CREATE TABLE employers (
  id              bigserial PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  unit_ratio_bp   integer NOT NULL CHECK (unit_ratio_bp BETWEEN 0 AND 1200),   -- 12 % = 1200
  personal_ratio_bp integer NOT NULL CHECK (personal_ratio_bp BETWEEN 0 AND 1200),
  address         text,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL,
  id_number_enc   text NOT NULL,                 -- AES-256-GCM (shared/pii-crypto.ts)
  id_number_hash  text NOT NULL UNIQUE,          -- keyed HMAC for lookups
  id_number_masked text NOT NULL,                -- 530123********2329
  phone_enc       text,
  phone_hash      text,
  phone_masked    text,
  gender          text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date      date NOT NULL,
  marital_status  text NOT NULL DEFAULT 'unmarried' CHECK (marital_status IN ('unmarried', 'married', 'divorced', 'widowed')),
  spouse_member_id bigint REFERENCES members(id),
  education       text,
  occupation      text,
  title           text,
  position        text,
  address         text,
  postal_code     text CHECK (postal_code IS NULL OR postal_code ~ '^\d{6}$'),
  household_monthly_income_fen bigint CHECK (household_monthly_income_fen IS NULL OR household_monthly_income_fen >= 0),
  employer_id     bigint REFERENCES employers(id),
  status          text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'suspended', 'retired', 'employment_ended', 'closed')),
  status_since    date,                          -- when the current status was set (封存 / 退休 / 离职 / 销户 date)
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (spouse_member_id IS NULL OR spouse_member_id <> id)
);
CREATE INDEX members_phone_hash_idx ON members (phone_hash);

CREATE TABLE fund_accounts (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL UNIQUE REFERENCES members(id),
  account_no      text NOT NULL UNIQUE,
  balance_fen     bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
  deposit_base_fen bigint NOT NULL DEFAULT 0 CHECK (deposit_base_fen >= 0),
  unit_ratio_bp   integer NOT NULL DEFAULT 0,
  personal_ratio_bp integer NOT NULL DEFAULT 0,
  unit_monthly_fen bigint NOT NULL DEFAULT 0,
  personal_monthly_fen bigint NOT NULL DEFAULT 0,
  paid_up_to      text CHECK (paid_up_to IS NULL OR paid_up_to ~ '^\d{6}$'),  -- 缴至年月 YYYYMM
  opened_on       date NOT NULL,
  bank_name       text,
  bank_account_no text,
  status          text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'suspended', 'closed')),
  closed_on       date,
  last_withdrawal_on date
);

-- The ledger (个人明细账). Append-only; the account balance moves only through it (triggers below).
CREATE TABLE ledger_entries (
  id              bigserial PRIMARY KEY,
  account_id      bigint NOT NULL REFERENCES fund_accounts(id),
  posted_on       date NOT NULL,                 -- 记账日期
  business_type   text NOT NULL CHECK (business_type IN (
                    'opening_balance', 'regular_deposit', 'back_deposit', 'interest', 'year_carry_over',
                    'partial_withdrawal', 'closing_withdrawal', 'withdrawal_repay', 'transfer_in', 'transfer_out')),
  summary         text NOT NULL,                 -- 汇缴201706, 公积金结息, 上年结转, 部分提取 …
  amount_fen      bigint NOT NULL,               -- signed: deposits > 0, withdrawals < 0
  interest_fen    bigint NOT NULL DEFAULT 0,     -- interest paid out with a closing withdrawal (销户利息)
  balance_after_fen bigint NOT NULL,             -- set by the trigger under the account's row lock
  withdrawal_reason text CHECK (withdrawal_reason IS NULL OR withdrawal_reason ~ '^\d{2}$'),  -- 提取原因 code: 01 购买 … 99 其他
  withdrawal_method text,                        -- 提取方式: 转账 / 现金提取 / 冲还贷 …
  reference       text,                          -- application serial no. or core voucher
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account_date_idx ON ledger_entries (account_id, posted_on, id);
CREATE UNIQUE INDEX ledger_entries_reference_idx ON ledger_entries (account_id, reference, business_type) WHERE reference IS NOT NULL;

CREATE FUNCTION ledger_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('hpf.ledger_posting', 'on', true);
  UPDATE fund_accounts SET balance_fen = balance_fen + NEW.amount_fen
    WHERE id = NEW.account_id RETURNING balance_fen INTO NEW.balance_after_fen;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'fund account % does not exist', NEW.account_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM set_config('hpf.ledger_posting', 'off', true);
  -- The id is taken now that the account row is locked, so that id order is the order balances were
  -- applied in, and a statement sorted by id shows a consistent running balance under concurrency.
  NEW.id := nextval(pg_get_serial_sequence('ledger_entries', 'id'));
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_apply_posting();

CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only; post a reversing entry instead' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

CREATE FUNCTION fund_account_guard_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.balance_fen <> 0 THEN
    RAISE EXCEPTION 'a fund account opens with a zero balance; post an opening entry' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.balance_fen IS DISTINCT FROM OLD.balance_fen
     AND coalesce(current_setting('hpf.ledger_posting', true), 'off') <> 'on' THEN
    RAISE EXCEPTION 'the balance changes only through ledger postings' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fund_accounts_guard_balance BEFORE INSERT OR UPDATE ON fund_accounts
  FOR EACH ROW EXECUTE FUNCTION fund_account_guard_balance();

-- Loans (借款合同) and their repayments, plan and overdue records.
CREATE TABLE loan_contracts (
  id              bigserial PRIMARY KEY,
  contract_no     text NOT NULL UNIQUE,          -- 合同号
  loan_account_no text NOT NULL UNIQUE,          -- 贷款账号
  borrower_member_id bigint NOT NULL REFERENCES members(id),
  co_borrower_member_id bigint REFERENCES members(id),   -- 共同借款人 (usually the spouse)
  principal_fen   bigint NOT NULL CHECK (principal_fen > 0),
  annual_rate_percent numeric(7, 4) NOT NULL CHECK (annual_rate_percent > 0 AND annual_rate_percent < 20),
  months          integer NOT NULL CHECK (months BETWEEN 1 AND 360),
  method          text NOT NULL CHECK (method IN ('equal-installment', 'equal-principal')),
  day_count       text NOT NULL DEFAULT '30/360' CHECK (day_count IN ('30/360', 'actual/360')),  -- interest accrual (000 (三) is actual/360)
  issued_on       date NOT NULL,
  maturity_on     date NOT NULL,
  repayment_day   integer NOT NULL CHECK (repayment_day BETWEEN 1 AND 31),
  repayment_bank  text NOT NULL,                 -- 委托银行
  repayment_account_no text NOT NULL,
  collection_method text NOT NULL DEFAULT '委托银行扣收',
  status          text NOT NULL DEFAULT 'repaying' CHECK (status IN ('repaying', 'settled', 'overdue')),
  balance_fen     bigint NOT NULL CHECK (balance_fen >= 0),
  periods_paid    integer NOT NULL DEFAULT 0,
  archive_no      text,                          -- 档案号
  house_address   text,
  settled_on      date,
  CHECK (co_borrower_member_id IS NULL OR co_borrower_member_id <> borrower_member_id)
);
CREATE INDEX loan_contracts_borrower_idx ON loan_contracts (borrower_member_id);
CREATE INDEX loan_contracts_co_borrower_idx ON loan_contracts (co_borrower_member_id);

CREATE TABLE loan_repayments (
  id              bigserial PRIMARY KEY,
  loan_id         bigint NOT NULL REFERENCES loan_contracts(id),
  period          integer,                       -- NULL for prepayments
  paid_on         date NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('regular', 'overdue', 'prepayment', 'settlement', 'offset', 'withdrawal_repay')),
  principal_fen   bigint NOT NULL CHECK (principal_fen >= 0),
  interest_fen    bigint NOT NULL CHECK (interest_fen >= 0),
  penalty_fen     bigint NOT NULL DEFAULT 0 CHECK (penalty_fen >= 0),
  amount_fen      bigint GENERATED ALWAYS AS (principal_fen + interest_fen + penalty_fen) STORED,
  balance_after_fen bigint NOT NULL,
  reference       text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_repayments_loan_idx ON loan_repayments (loan_id, paid_on, id);

CREATE FUNCTION loan_apply_repayment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('hpf.ledger_posting', 'on', true);
  UPDATE loan_contracts SET balance_fen = balance_fen - NEW.principal_fen,
         periods_paid = periods_paid + CASE WHEN NEW.period IS NULL THEN 0 ELSE 1 END
    WHERE id = NEW.loan_id RETURNING balance_fen INTO NEW.balance_after_fen;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'loan % does not exist', NEW.loan_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  PERFORM set_config('hpf.ledger_posting', 'off', true);
  NEW.id := nextval(pg_get_serial_sequence('loan_repayments', 'id'));  -- as for ledger_entries
  RETURN NEW;
END $$;
CREATE TRIGGER loan_repayments_apply BEFORE INSERT ON loan_repayments
  FOR EACH ROW EXECUTE FUNCTION loan_apply_repayment();
CREATE TRIGGER loan_repayments_append_only BEFORE UPDATE OR DELETE ON loan_repayments
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

CREATE FUNCTION loan_guard_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.balance_fen <> NEW.principal_fen THEN
    RAISE EXCEPTION 'a loan starts with its balance equal to its principal' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.balance_fen IS DISTINCT FROM OLD.balance_fen
     AND coalesce(current_setting('hpf.ledger_posting', true), 'off') <> 'on' THEN
    RAISE EXCEPTION 'the loan balance changes only through repayments' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER loan_contracts_guard_balance BEFORE INSERT OR UPDATE ON loan_contracts
  FOR EACH ROW EXECUTE FUNCTION loan_guard_balance();

-- The plan (还款计划): the current schedule of every period; rewritten from the next period on after a prepayment.
CREATE TABLE loan_plan_periods (
  loan_id         bigint NOT NULL REFERENCES loan_contracts(id),
  period          integer NOT NULL,
  due_on          date NOT NULL,
  principal_fen   bigint NOT NULL,
  interest_fen    bigint NOT NULL,
  payment_fen     bigint NOT NULL,
  balance_after_fen bigint NOT NULL,
  PRIMARY KEY (loan_id, period)
);

CREATE TABLE loan_overdue_records (
  id              bigserial PRIMARY KEY,
  loan_id         bigint NOT NULL REFERENCES loan_contracts(id),
  period          integer NOT NULL,
  due_on          date NOT NULL,
  principal_fen   bigint NOT NULL,
  interest_fen    bigint NOT NULL,
  penalty_fen     bigint NOT NULL DEFAULT 0,
  overdue_days    integer NOT NULL,
  repaid_on       date,
  UNIQUE (loan_id, period)
);

-- Loan application progress (B8, 004 3.3): the nodes an application passed in the core.
CREATE TABLE loan_application_progress (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  application_no  text NOT NULL UNIQUE,
  contract_no     text,
  amount_fen      bigint NOT NULL,
  months          integer NOT NULL,
  applied_on      date NOT NULL,
  current_node    text NOT NULL,
  nodes           jsonb NOT NULL                 -- [{ node, handler, opinion, at }]
);
CREATE INDEX loan_application_progress_member_idx ON loan_application_progress (member_id);

-- What the counter registered at a member's first withdrawal of a kind (000 4.3–4.7: later withdrawals of
-- rent, purchase, build and loan repayment can be done online only once the core holds this record).
CREATE TABLE counter_registrations (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  kind            text NOT NULL CHECK (kind IN ('rent', 'purchase', 'build', 'commercial_loan', 'fund_loan')),
  registered_on   date NOT NULL,
  contract_no     text,                          -- 购房/建房/租房合同号, 商业贷款合同号
  counterparty    text,                          -- lender bank, landlord, seller
  amount_fen      bigint,                        -- contract or loan amount
  balance_fen     bigint,                        -- commercial loan balance as last registered
  interval_months integer NOT NULL DEFAULT 12 CHECK (interval_months > 0),  -- allowed interval between withdrawals
  limit_fen       bigint,                        -- most that one withdrawal of this kind may take
  last_withdrawal_on date,
  UNIQUE (member_id, kind)
);

-- Reference data.
CREATE TABLE outlets (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL,
  address         text NOT NULL,
  phone           text NOT NULL,
  hours           text NOT NULL,
  business_types  text[] NOT NULL,
  latitude        double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude       double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);

CREATE TABLE housing_projects (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL,
  location        text NOT NULL,
  developer       text NOT NULL,
  contact         text NOT NULL,
  phone           text NOT NULL
);

CREATE TABLE interest_rates (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('deposit', 'loan_first_le5', 'loan_first_gt5', 'loan_second_le5', 'loan_second_gt5')),
  annual_rate_percent numeric(7, 4) NOT NULL,
  effective_on    date NOT NULL,
  UNIQUE (kind, effective_on)
);
