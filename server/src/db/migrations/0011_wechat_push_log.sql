-- H1: the push log becomes an ordinary table. As UNLOGGED it was emptied by a crash and missing on a promoted
-- standby, so a repeat of a push arriving then was worked on again and could be answered twice (a second
-- customer-service message). WAL for it costs little now that rows are kept minutes, not a day
-- (jobs/wechat-push-log.ts deletes them in batches).
ALTER TABLE wechat_push_log SET LOGGED;

-- E5 / C12: mini-program URL Links (wxa/generate_urllink) for notices read outside WeChat (the SMS fallback),
-- one per page with its query, reused while valid (WeChat limits how many are generated a day; ≤ 30 days each).
CREATE TABLE wechat_url_links (
  page            text PRIMARY KEY,               -- pages/mine/business/spouse/index?serialNo=…
  url_link        text NOT NULL,                  -- https://wxaurl.cn/…
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
