-- Issue 17: an external core's 汇缴入账, 补缴 and 基数调整 reach the member as notices about the fund account
-- ('account'), which open the statement (B3) with the month as the template's 编号.
ALTER TABLE wechat_outbox DROP CONSTRAINT wechat_outbox_notice_check;
ALTER TABLE wechat_outbox ADD CONSTRAINT wechat_outbox_notice_check
  CHECK (notice IN ('progress', 'spouse_confirmation', 'question_reply', 'bot_reply', 'broadcast', 'loan', 'account'));
