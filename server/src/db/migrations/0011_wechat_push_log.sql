-- H1: the push log becomes an ordinary table. As UNLOGGED it was emptied by a crash and missing on a promoted
-- standby, so a repeat of a push arriving then was worked on again and could be answered twice (a second
-- customer-service message). WAL for it costs little now that rows are kept minutes, not a day
-- (jobs/wechat-push-log.ts deletes them in batches).
ALTER TABLE wechat_push_log SET LOGGED;
