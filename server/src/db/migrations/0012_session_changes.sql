-- Every change to a member session (revocation, kind change, idle slide, deletion, truncation) is announced on
-- the channel member_session_changed, with the session's id ('*' for all), so that every server instance forgets
-- what it remembered of it (identity/session-cache.ts): whatever wrote the change, application or hand.
CREATE FUNCTION member_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('member_session_changed', '*');
  ELSE
    PERFORM pg_notify('member_session_changed', OLD.id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER member_session_changed AFTER UPDATE OR DELETE ON member_sessions
  FOR EACH ROW EXECUTE FUNCTION member_session_changed();
CREATE TRIGGER member_sessions_truncated AFTER TRUNCATE ON member_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION member_session_changed();
