-- Issue 17, 004 1.3 我的公积金: a member may hold several fund accounts (张健's 提取销户 account beside his 正常
-- one). At most one of them is not closed: that one is "the member's account" for every business rule, the
-- withdrawals, the bot's 余额 and B2's figures (core/builtin/gateway.ts MEMBER_ACCOUNT_ORDER).
ALTER TABLE fund_accounts DROP CONSTRAINT IF EXISTS fund_accounts_member_id_key;
CREATE UNIQUE INDEX fund_accounts_one_open_idx ON fund_accounts (member_id) WHERE status <> 'closed';
CREATE INDEX fund_accounts_member_idx ON fund_accounts (member_id);
