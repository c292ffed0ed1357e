-- Issue 17: the members the product itself knows (identity/known-members.ts). The product's own rows (credentials,
-- sessions, WeChat followers, applications, messages …) referred to the built-in core's `members` table, which a
-- center's own 核心业务系统 replaces: with CORE_MODE=external that table is empty and a member registering for the
-- first time could not be written. They refer to known_members now, which the product fills itself:
-- - with the built-in core, a trigger adds each member the core creates (and every one it has, below);
-- - with an external core, the first time the core names a member (registration, login, an event for them).
CREATE TABLE known_members (
  id             bigint PRIMARY KEY,
  first_seen_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO known_members (id) SELECT id FROM members;

CREATE FUNCTION known_member_from_builtin_core() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO known_members (id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER members_known AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION known_member_from_builtin_core();

-- Every foreign key of a product table to members(id) now points at known_members(id), with its ON DELETE kept;
-- the core's own tables keep theirs.
DO $$
DECLARE
  r record;
  on_delete text;
BEGIN
  FOR r IN
    SELECT c.conname, c.conrelid::regclass::text AS tbl, a.attname AS col, c.confdeltype
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = 'members'::regclass
       AND c.conrelid::regclass::text NOT IN ('members', 'fund_accounts', 'loan_contracts', 'loan_application_progress',
                                               'counter_registrations', 'core_business_requests', 'core_events')
  LOOP
    on_delete := CASE r.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES known_members(id) ON DELETE %s', r.tbl, r.conname, r.col, on_delete);
  END LOOP;
END $$;
