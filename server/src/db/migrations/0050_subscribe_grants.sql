-- Issue 18.9: a mini-program subscribe message (订阅消息) may be sent only after the member accepted its template in
-- wx.requestSubscribeMessage, one message per acceptance (一次性订阅). The mini-program asks at submit, at the spouse's
-- confirmation and when a question is asked, and reports the answer per template here; the outbox queues a subscribe
-- message only while an acceptance is left and uses one up (a template never granted is skipped, not sent to 43101).
CREATE TABLE wechat_subscribe_grants (
  member_id    bigint NOT NULL REFERENCES members(id),
  template_id  text   NOT NULL,
  last_answer  text   NOT NULL CHECK (last_answer IN ('accept', 'reject', 'ban', 'filter')),
  remaining    integer NOT NULL DEFAULT 0 CHECK (remaining >= 0),
  answered_at  timestamptz NOT NULL,
  PRIMARY KEY (member_id, template_id)
);
