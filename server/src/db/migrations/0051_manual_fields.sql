-- Issue 18.6: fields the manuals show that the core did not keep.
-- 启缴年月 (003 4.2 (2)): the month deposits started; until a center's data says otherwise, the month of opening.
ALTER TABLE fund_accounts ADD COLUMN first_paid_month text CHECK (first_paid_month ~ '^\d{6}$');
UPDATE fund_accounts SET first_paid_month = to_char(opened_on, 'YYYYMM');
-- 单位账号 (003 4.2 (2)): the employer's account at the center, apart from its 单位代码.
ALTER TABLE employers ADD COLUMN account_no text;
-- 贷款编号 (000 (三), 004 我的贷款) apart from the 合同号, and 贷款类型 (003 4.2 (3)).
ALTER TABLE loan_contracts ADD COLUMN loan_no text;
UPDATE loan_contracts SET loan_no = contract_no;
ALTER TABLE loan_contracts ADD COLUMN loan_type text NOT NULL DEFAULT 'provident' CHECK (loan_type IN ('provident', 'combined'));
