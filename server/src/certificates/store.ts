/** The certificates table (0006_certificates.sql) through drizzle. */
import { and, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { certificates } from './tables.js';
import { pgErrorCode } from '../db/errors.js';
import type { CertificateFacts, CertificateKind } from './facts.js';

export interface StoredCertificate {
  id: number;
  code: string;
  kind: CertificateKind;
  memberId: number;
  facts: CertificateFacts;
  pdfSha256: string;
  pdfSizeBytes: number;
  issuedAt: Date;
}

type NewCertificate = Omit<StoredCertificate, 'id'>;

const toStored = (r: typeof certificates.$inferSelect): StoredCertificate => ({ ...r, facts: r.facts as unknown as CertificateFacts });

export class CertificateStore {
  constructor(private readonly database: Database) {}

  /** Inserts the certificate; false when the code is taken already (the caller draws a new one). */
  async insert(c: NewCertificate): Promise<StoredCertificate | null> {
    try {
      const [row] = await this.database.db
        .insert(certificates)
        .values({ ...c, facts: c.facts as unknown as Record<string, unknown> })
        .returning();
      return toStored(row!);
    } catch (err) {
      if (pgErrorCode(err) === '23505') return null;
      throw err;
    }
  }

  async byCode(code: string): Promise<StoredCertificate | null> {
    const [row] = await this.database.db.select().from(certificates).where(eq(certificates.code, code));
    return row ? toStored(row) : null;
  }

  /** The member's own certificate by code; another member's is indistinguishable from none. */
  async byCodeForMember(code: string, memberId: number): Promise<StoredCertificate | null> {
    const [row] = await this.database.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.code, code), eq(certificates.memberId, memberId)));
    return row ? toStored(row) : null;
  }

  async listForMember(memberId: number, page: { limit: number; offset: number }): Promise<{ items: StoredCertificate[]; total: number }> {
    const where = eq(certificates.memberId, memberId);
    const [rows, [total]] = await Promise.all([
      this.database.db
        .select()
        .from(certificates)
        .where(where)
        .orderBy(desc(certificates.issuedAt), desc(certificates.id))
        .limit(page.limit)
        .offset(page.offset),
      this.database.db.select({ n: count() }).from(certificates).where(where),
    ]);
    return { items: rows.map(toStored), total: total?.n ?? 0 };
  }
}
