-- Identity and security (A1–A9) and the public agreements (G9). Owned by server/src/identity/.
-- Secrets are never stored as such: passwords are scrypt hashes, SMS codes keyed hashes, session / ticket tokens
-- and FaceID BizTokens SHA-256 hashes. Phones and ID numbers stay in members (encrypted, keyed lookup hashes);
-- here they appear only as those lookup hashes.

-- G9: versioned user agreement (个人用户协议) and privacy statement (隐私声明); the newest effective one is current.
CREATE TABLE agreements (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('user-agreement', 'privacy')),
  version         text NOT NULL CHECK (version ~ '^[0-9A-Za-z.-]{1,32}$'),
  title           text NOT NULL,
  body            text NOT NULL,
  effective_on    date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, version)
);

-- A1: which version a member accepted, and when (000 一(一), 001 1.2: “我已同意【个人用户协议】” must be ticked).
CREATE TABLE agreement_acceptances (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  agreement_id    bigint NOT NULL REFERENCES agreements(id),
  accepted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agreement_acceptances_member_idx ON agreement_acceptances (member_id, accepted_at DESC);

-- A1–A8: a registered member's credentials. No row: not registered (or the registration was deleted, A7).
CREATE TABLE member_credentials (
  member_id       bigint PRIMARY KEY REFERENCES members(id),
  login_password_hash    text NOT NULL,
  business_password_hash text NOT NULL,
  login_failures  integer NOT NULL DEFAULT 0 CHECK (login_failures >= 0),
  login_locked_until     timestamptz,
  business_failures integer NOT NULL DEFAULT 0 CHECK (business_failures >= 0),
  business_locked_until  timestamptz,
  auto_login      boolean NOT NULL DEFAULT false,         -- A8
  registered_by   text NOT NULL CHECK (registered_by IN ('sms', 'face')),
  registered_at   timestamptz NOT NULL DEFAULT now(),
  login_password_changed_at    timestamptz NOT NULL DEFAULT now(),
  business_password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- SMS verification codes: 6 digits, 10 minutes, one use, 5 tries (001 1.2); the code itself is never stored.
CREATE TABLE sms_codes (
  id              bigserial PRIMARY KEY,
  phone_hash      text NOT NULL,
  purpose         text NOT NULL CHECK (purpose IN ('register', 'password-reset', 'change-phone', 'unbind')),
  member_id       bigint NOT NULL REFERENCES members(id),
  code_hash       text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  consumed_at     timestamptz
);
CREATE INDEX sms_codes_phone_idx ON sms_codes (phone_hash, created_at DESC);

-- FaceID (慧眼) verifications started by the server: one BizToken for one purpose and one expected person.
CREATE TABLE face_verifications (
  id              bigserial PRIMARY KEY,
  biz_token_hash  text NOT NULL UNIQUE,
  purpose         text NOT NULL CHECK (purpose IN ('register', 'login', 'transaction', 'spouse-confirmation')),
  member_id       bigint NOT NULL REFERENCES members(id),
  reference       text,                                   -- the transaction it confirms, when there is one
  result          text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'passed', 'refused')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  checked_at      timestamptz,
  consumed_at     timestamptz
);
CREATE INDEX face_verifications_member_idx ON face_verifications (member_id, created_at DESC);

-- Member sessions: opaque bearer tokens (only their SHA-256 here), idle and absolute expiry; auto-login (A8)
-- sessions live longer. Revoked by logout, password change, unbinding.
CREATE TABLE member_sessions (
  id              bigserial PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES members(id),
  token_hash      text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('standard', 'auto-login')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  idle_expires_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_reason  text,
  ip              text,
  user_agent      text,
  CHECK (idle_expires_at <= absolute_expires_at)
);
CREATE INDEX member_sessions_member_idx ON member_sessions (member_id) WHERE revoked_at IS NULL;

-- One-use proofs between the steps of a flow: registration (verified → set passwords), password reset
-- (SMS verified → new password) and transaction confirmations (A9), each bound to a member and, for A9,
-- to the purpose and reference of one transaction.
CREATE TABLE identity_tickets (
  id              bigserial PRIMARY KEY,
  token_hash      text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('registration', 'password-reset', 'transaction-confirmation')),
  member_id       bigint NOT NULL REFERENCES members(id),
  method          text NOT NULL CHECK (method IN ('sms', 'face', 'business-password')),
  purpose         text,
  reference       text,
  data            jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  consumed_at     timestamptz,
  CHECK (kind <> 'transaction-confirmation' OR (purpose IS NOT NULL AND reference IS NOT NULL))
);

-- Audit trail (I5): every login, failure, password change, binding and unbinding. Details are masked;
-- append-only like the ledger.
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  actor           text NOT NULL,                          -- 'member:12', 'anonymous', 'system'
  member_id       bigint REFERENCES members(id),
  action          text NOT NULL,                          -- 'auth.login', 'security.login-password.change', …
  target          text,
  result          text NOT NULL CHECK (result IN ('success', 'failure')),
  reason          text,                                   -- the error code of a failure
  ip              text,
  user_agent      text,
  details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_member_idx ON audit_log (member_id, occurred_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at DESC);

CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();

INSERT INTO agreements (kind, version, title, effective_on, body) VALUES
('user-agreement', '2026.1', '个人用户协议', '2026-01-01', $agreement$欢迎使用住房公积金管理中心（以下简称“本中心”）的微信公众号、小程序等个人线上服务渠道（以下简称“本平台”）。请您在注册前仔细阅读本协议。勾选“我已同意【个人用户协议】”并完成注册，即表示您已阅读、理解并同意本协议的全部内容。

一、注册条件
1. 本平台仅向在本中心缴存住房公积金的职工提供服务。注册时您须如实填写本人姓名、身份证号码和手机号码，上述信息须与本中心业务系统预留的信息一致。
2. 信息不一致的，系统将提示“您不是公积金中心的缴存用户”。若您确实缴存公积金，请携带身份证到公积金办理点进行身份确认或变更。
3. 公积金账户已销户的职工不能注册。

二、身份验证
1. 注册、找回密码、修改手机号码、删除注册等操作须通过短信验证码或人脸识别验证本人身份。短信验证码 10 分钟内有效，仅可使用一次，请勿告知他人。
2. 人脸识别由腾讯云人脸核身服务提供，仅用于核验您是否为本人。

三、密码与账户安全
1. 登录密码须为 8～16 位，并包含数字、大写字母、小写字母、特殊字符中的任意 3 种；业务密码为 6 位数字，不得使用连续、相同的数字或出生日期。
2. 登录密码或业务密码连续输错 5 次，相应功能将锁定 15 分钟。
3. 办理提取等业务前，须通过业务密码或人脸识别确认本人身份。
4. 您应妥善保管密码和手机。因您泄露密码、验证码或将手机交由他人使用造成的损失，由您自行承担。开启“自动登录”后，他人持有您的手机即可进入本平台，请谨慎开启。
5. 发现账户被盗用的，请立即修改密码，并拨打 12329 服务热线或到办理点处理。

四、服务内容
本平台提供公积金账户与贷款查询、业务办理、进度查询、消息通知等服务。线上办理的业务以本中心业务系统的审批结果为准。

五、注册的解除
您可以随时通过“删除微信注册”解除本平台注册，解除后再次使用须重新注册绑定。

六、其他
本中心可根据法律法规和业务需要修订本协议，修订后的协议将在本平台公布，重大变更将在您下次使用时请您重新确认。本协议适用中华人民共和国法律。$agreement$),
('privacy', '2026.1', '隐私声明', '2026-01-01', $privacy$本中心重视您的个人信息保护，依据《中华人民共和国个人信息保护法》《住房公积金管理条例》处理您的个人信息。

一、我们收集的信息
1. 注册和身份验证：姓名、身份证号码、手机号码；使用人脸识别时，人脸图像由腾讯云人脸核身服务采集并与权威库比对，本平台只接收核验结果。
2. 使用本平台：登录时间、IP 地址、设备信息，以及您在微信中的 openid、unionid（用于把公众号和小程序识别为同一人）。
3. 办理业务：您上传的证明材料和照片。

二、信息的使用
上述信息仅用于核验您的身份、办理住房公积金业务、向您推送办理进度和通知、保障账户安全。

三、信息的存储与保护
1. 您的信息存储于中华人民共和国境内。身份证号码和手机号码加密存储，页面和日志中只显示部分号码（如 530123********2329、139****1111）。
2. 密码和验证码不以明文保存。登录、密码修改、绑定与解绑等操作均有安全审计记录。

四、信息的共享
除法律法规规定、监管要求或为完成您申请的业务（如短信发送、人脸核身、银行转账）所必需外，本中心不会向任何第三方提供您的个人信息。

五、您的权利
您可以查询、更正您的个人信息，可以修改手机号码和密码，可以删除本平台注册。如有疑问，请拨打 12329 服务热线。$privacy$);
