-- E4 / K2: electronic certificates (电子凭证, 001 3.3): 缴存证明, 贷款结清证明, 异地转移接续回单. Owned by
-- server/src/certificates/. A row is what the center issued: the facts the certificate states (masked ID only),
-- the verification code anyone can check, and the SHA-256 of the PDF as issued. The PDF itself is not stored:
-- it is rendered again from the facts on download, deterministically, so its hash stays the one recorded here.
CREATE TABLE certificates (
  id              bigserial PRIMARY KEY,
  code            text NOT NULL UNIQUE CHECK (code ~ '^[2-9A-HJ-NP-Z]{16}$'),  -- 16 of 32 unambiguous symbols: 80 random bits
  kind            text NOT NULL CHECK (kind IN ('deposit', 'loan-settlement', 'transfer-receipt')),
  member_id       bigint NOT NULL REFERENCES members(id),
  facts           jsonb NOT NULL,
  pdf_sha256      text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_size_bytes  integer NOT NULL CHECK (pdf_size_bytes > 0),
  issued_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificates_member_idx ON certificates (member_id, issued_at DESC, id DESC);

-- A certificate is a record of what was certified on a day: it never changes once issued.
CREATE FUNCTION certificates_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued certificates cannot be changed' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER certificates_immutable BEFORE UPDATE ON certificates
  FOR EACH ROW EXECUTE FUNCTION certificates_forbid_change();
