-- Issue 18: repayment reminders and monthly-offset notices are about a loan contract, not an application: they get
-- their own notice kind ('loan'), which opens the loan page with the contract number instead of the application page.
ALTER TABLE wechat_outbox DROP CONSTRAINT wechat_outbox_notice_check;
ALTER TABLE wechat_outbox ADD CONSTRAINT wechat_outbox_notice_check
  CHECK (notice IN ('progress', 'spouse_confirmation', 'question_reply', 'bot_reply', 'broadcast', 'loan'));
