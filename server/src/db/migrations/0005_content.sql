-- Public content of the 政策业务 and 互动交流 tabs (PRODUCT F1–F7, G1, G3, G8). Staff publish it (I2); members
-- and the public only ever see rows whose status is 'published' (and, for articles, whose time has come).

-- F1–F5: one table for the five columns of 000 二 / 001 五. The body is a safe subset of HTML (sanitized
-- before it is stored, see content/sanitize.ts); body_text is its plain text, for search and summaries.
CREATE TABLE articles (
  id              bigserial PRIMARY KEY,
  column_key      text NOT NULL CHECK (column_key IN ('notices', 'introduction', 'policies', 'guides', 'disclosure')),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary         text NOT NULL DEFAULT '',
  body_html       text NOT NULL,
  body_text       text NOT NULL,
  source          text,                           -- 来源 / 发文机关
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'hidden')),
  published_at    timestamptz,                    -- may lie ahead: the article appears then
  view_count      integer NOT NULL DEFAULT 0 CHECK (view_count >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'published' OR published_at IS NOT NULL)
);
CREATE INDEX articles_column_published ON articles (column_key, published_at DESC) WHERE status = 'published';

-- G1: questions a center really answers; keywords carry synonyms the question does not spell out.
CREATE TABLE faqs (
  id              bigserial PRIMARY KEY,
  category        text NOT NULL CHECK (length(category) BETWEEN 1 AND 20),
  question        text NOT NULL CHECK (length(question) BETWEEN 1 AND 200),
  answer          text NOT NULL,
  keywords        text[] NOT NULL DEFAULT '{}',
  sort            integer NOT NULL DEFAULT 0,
  status          text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'hidden')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX faqs_published ON faqs (category, sort) WHERE status = 'published';

-- G3: 互动社区 (000 三(三)): messages are public once the center has answered them; the asker's name is stored
-- masked only. 'pending' waits for an answer and is never shown.
CREATE TABLE community_questions (
  id                 bigserial PRIMARY KEY,
  member_id          bigint REFERENCES members(id),
  asker_name_masked  text NOT NULL,
  question           text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
  asked_at           timestamptz NOT NULL DEFAULT now(),
  answer             text,
  answered_by        text,                        -- the answering department, shown as 答复单位
  answered_at        timestamptz,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden')),
  CHECK ((answer IS NULL) = (answered_at IS NULL)),
  CHECK (status <> 'published' OR answer IS NOT NULL)
);
CREATE INDEX community_questions_published ON community_questions (answered_at DESC) WHERE status = 'published';

-- F7: 资料下载. storage 'builtin': a form shipped with the product (content/forms/catalog.ts renders it);
-- 'data_dir': a file under DATA_DIR/forms (uploaded by staff). sha256 and size describe the file as published.
CREATE TABLE forms (
  id              bigserial PRIMARY KEY,
  code            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{1,60}$'),
  title           text NOT NULL,
  category        text NOT NULL,
  description     text NOT NULL DEFAULT '',
  file_name       text NOT NULL CHECK (file_name !~ '[/\\]'),
  content_type    text NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes >= 0),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage         text NOT NULL CHECK (storage IN ('builtin', 'data_dir')),
  storage_key     text NOT NULL CHECK (storage_key ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$'),
  sort            integer NOT NULL DEFAULT 0,
  status          text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'hidden')),
  published_at    timestamptz,
  download_count  integer NOT NULL DEFAULT 0 CHECK (download_count >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'published' OR published_at IS NOT NULL)
);

-- G8 联系我们: the center's own contact card (one row), edited by staff.
CREATE TABLE center_profile (
  id              integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name            text NOT NULL,
  hotline         text NOT NULL,
  hotline_hours   text NOT NULL,
  phone           text NOT NULL,
  address         text NOT NULL,
  postal_code     text NOT NULL,
  office_hours    text NOT NULL,
  email           text,
  website         text,
  official_account text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
