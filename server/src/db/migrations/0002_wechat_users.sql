-- One WeChat person across the official account and the mini-program (H6), and the member they are bound to.
-- The identity capability writes the binding (member_id, bound_at); the official-account webhook writes the
-- follow state. A member is bound to at most one WeChat person at a time.
CREATE TABLE wechat_users (
  id              bigserial PRIMARY KEY,
  unionid         text UNIQUE,
  oa_openid       text UNIQUE,                   -- openid under the official account
  mp_openid       text UNIQUE,                   -- openid under the mini-program
  subscribed      boolean NOT NULL DEFAULT false,  -- follows the official account
  subscribed_at   timestamptz,
  unsubscribed_at timestamptz,
  member_id       bigint UNIQUE REFERENCES members(id),
  bound_at        timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (oa_openid IS NOT NULL OR mp_openid IS NOT NULL OR unionid IS NOT NULL),
  CHECK ((member_id IS NULL) = (bound_at IS NULL))
);
