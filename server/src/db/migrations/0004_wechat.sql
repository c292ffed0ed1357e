-- The official account (H1–H6, E5), owned by server/src/wechat/: push de-duplication, the access_token shared by
-- every instance, the outbox of template / subscribe / customer-service / SMS notices, and where followers last
-- said they were (for 网点). Personal data: replies kept for retries are deleted after a day (jobs/wechat-housekeeping).

-- H1: one row per push. WeChat repeats a push up to 3 times; the retry finds the row and gets the same answer.
-- Keys: msg:<MsgId>:<FromUserName>:<CreateTime>, evt:<FromUserName>:<CreateTime>:<Event> (wechat/protocol/dedupe.ts).
-- UNLOGGED: two writes per push without a WAL flush each. The rows only matter for WeChat's retries within
-- seconds; after a database crash (the table is emptied) or on a promoted standby (it is not replicated) a push
-- repeated at that moment could be answered twice, and nothing else is lost.
CREATE UNLOGGED TABLE wechat_push_log (
  dedupe_key      text PRIMARY KEY,
  openid          text NOT NULL,
  kind            text NOT NULL,                   -- text, location, event:subscribe, event:CLICK …
  claimed_at      timestamptz NOT NULL DEFAULT now(),  -- taken again by a retry when no answer came within 10 s
  reply           text,                            -- the plain (unencrypted) answer: reply XML or 'success'; NULL while being worked on
  deferred        boolean NOT NULL DEFAULT false,  -- answered 'success' in time; the answer went out as a customer-service message
  replied_at      timestamptz,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wechat_push_log_received_idx ON wechat_push_log (received_at);

-- H2 / K4: one access_token per app for all instances, refreshed by one instance under an advisory lock.
CREATE TABLE wechat_access_tokens (
  app_id          text PRIMARY KEY,
  access_token    text NOT NULL,
  expires_at      timestamptz NOT NULL,
  refreshed_at    timestamptz NOT NULL DEFAULT now(),
  refresh_count   integer NOT NULL DEFAULT 1
);

-- H5 / E5: notices written in the same transaction as the business change and sent by the outbox worker.
--   template  official-account template message (progress, spouse confirmation, reply to a question)
--   subscribe mini-program subscribe message for the same notice (43101: the member did not accept one)
--   custom    customer-service text: a bot answer that was not ready within WeChat's 5 seconds
--   sms       fallback when the recipient does not follow the account (43004) or has no openid
CREATE TABLE wechat_outbox (
  id              bigserial PRIMARY KEY,
  channel         text NOT NULL CHECK (channel IN ('template', 'subscribe', 'custom', 'sms')),
  notice          text NOT NULL CHECK (notice IN ('progress', 'spouse_confirmation', 'question_reply', 'bot_reply')),
  reference       text,                            -- the business record it is about (serial no. …)
  member_id       bigint REFERENCES members(id),   -- the recipient, when a member (SMS fallback needs the phone)
  touser          text,                            -- openid; NULL for sms
  template_id     text,
  payload         jsonb NOT NULL,                  -- { data, url, miniprogram, page } | { text } | { params }
  client_msg_id   text NOT NULL UNIQUE,            -- sent as client_msg_id: WeChat drops a repeat within 10 minutes
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN (
                    'pending', 'sending', 'sent', 'delivered', 'blocked', 'delivery_failed',
                    'not_following', 'declined', 'failed')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,                     -- 'sending' rows whose lease ran out are taken again
  msgid           text UNIQUE,                     -- WeChat's 19-digit msgid as text (matches TEMPLATESENDJOBFINISH MsgID)
  last_errcode    integer,
  last_error      text,
  sent_at         timestamptz,
  delivery_status text,                            -- Status of TEMPLATESENDJOBFINISH as WeChat wrote it
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (channel = 'sms' OR touser IS NOT NULL),
  CHECK (channel <> 'sms' OR member_id IS NOT NULL)
);
CREATE INDEX wechat_outbox_due_idx ON wechat_outbox (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX wechat_outbox_reference_idx ON wechat_outbox (reference) WHERE reference IS NOT NULL;

-- TEMPLATESENDJOBFINISH that arrived before the worker had recorded the msgid of its send (WeChat can be that
-- quick); applied when the msgid is recorded, or by housekeeping.
CREATE TABLE wechat_template_events (
  msgid           text PRIMARY KEY,
  status          text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);

-- 网点: the last location a follower sent (location message or the account's 上报地理位置 event).
CREATE TABLE wechat_locations (
  oa_openid       text PRIMARY KEY,
  latitude        double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude       double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  reported_at     timestamptz NOT NULL DEFAULT now()
);
