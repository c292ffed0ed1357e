-- D4 贷款申请 online (004 1.3, 3.3; issue 18 point 1): the review nodes of a loan application are 受理 → 审批 → 签约 →
-- 放款, apart from the withdrawals' 初审 / 复审 / 终审, so that a center gives them to its loan staff.
ALTER TABLE staff_users DROP CONSTRAINT IF EXISTS staff_users_review_nodes_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_review_nodes_check
  CHECK (review_nodes <@ ARRAY['first', 'second', 'final', 'acceptance', 'approval', 'signing', 'disbursement']::text[]);
ALTER TABLE applications DROP CONSTRAINT IF EXISTS applications_current_node_check;
ALTER TABLE applications ADD CONSTRAINT applications_current_node_check
  CHECK (current_node IN ('first', 'second', 'final', 'acceptance', 'approval', 'signing', 'disbursement'));

-- The center's lending limits the trial and the submit check (a center changes a value here, or in the console; no
-- deployment). Amounts in fen, ratios in percent.
CREATE TABLE loan_application_settings (
  key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
  value      numeric(14, 2) NOT NULL CHECK (value >= 0),
  label      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO loan_application_settings (key, value, label) VALUES
  ('max_amount_first_fen',        50000000, '首套住房最高贷款额度（分）'),
  ('max_amount_second_fen',       40000000, '第二套住房最高贷款额度（分）'),
  ('balance_multiple',            15,       '贷款额度不超过借款人（及共同借款人）账户余额的倍数'),
  ('max_ratio_first_percent',     80,       '首套住房贷款额度不超过房价的百分比'),
  ('max_ratio_second_percent',    60,       '第二套住房贷款额度不超过房价的百分比'),
  ('repayment_income_percent',    50,       '月还款额不超过家庭月收入的百分比'),
  ('age_term_limit_years',        70,       '借款人年龄与贷款期限之和不超过（年）'),
  ('max_months',                  360,      '最长贷款期限（月）'),
  ('min_months',                  12,       '最短贷款期限（月）'),
  ('min_deposit_months',          6,        '申请前连续足额缴存不少于（月）'),
  ('max_fund_loans',              2,        '家庭使用住房公积金贷款的最多次数（第三次不予贷款）');

-- 借款合同编号 and 贷款账号 of loans the channel's applications bring to 放款.
CREATE SEQUENCE loan_contract_no_seq START 1;
