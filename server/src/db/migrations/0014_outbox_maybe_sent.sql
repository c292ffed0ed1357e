-- Issue 14 (2): a subscribe message, a customer-service message or an SMS whose send may have reached the peer
-- before its worker died (lease ran out while 'sending') is 'maybe_sent': those APIs take no client message id,
-- so sending it again could deliver it twice. Template messages keep being re-sent with their client_msg_id.
ALTER TABLE wechat_outbox DROP CONSTRAINT wechat_outbox_status_check;
ALTER TABLE wechat_outbox ADD CONSTRAINT wechat_outbox_status_check CHECK (status IN (
  'pending', 'sending', 'sent', 'delivered', 'blocked', 'delivery_failed',
  'not_following', 'declined', 'failed', 'maybe_sent'));
