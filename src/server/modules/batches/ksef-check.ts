/**
 * Before a batch of sales documents is made: invoices to businesses without a KSeF number, and invoices whose PDF
 * cannot carry the verification code (D72). A warning, not a block — an invoice may lawfully be outside KSeF (an
 * issuer not yet obliged, offline modes) or be sent only as a copy; the clerk decides.
 */
import type { KsefWarnings } from '../../../shared/batches.js';
import type { Db } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';

/** At most this many are listed; `total` counts them all. */
export const KSEF_WARNINGS_SHOWN = 200;

interface SalesData {
  kind?: string;
  buyer?: { name?: string; nip?: string | null };
  ksefNumber?: string | null;
  ksefHash?: string | null;
}

/** What is missing for KSeF on one document's data, or null (a debit note is never in KSeF). */
export function ksefProblem(data: SalesData): 'no_number' | 'no_code' | null {
  if (data.kind === 'nota') return null;
  if (!data.ksefNumber) return data.buyer?.nip ? 'no_number' : null;
  return data.ksefHash ? null : 'no_code';
}

export async function ksefWarnings(db: Db, documentIds: string[]): Promise<KsefWarnings> {
  const out: KsefWarnings = { total: 0, items: [] };
  for (const part of chunks(documentIds, 500)) {
    const docs = await db
      .selectFrom('documents')
      .select(['id', 'title', 'data'])
      .where('id', 'in', part)
      .where('type', '=', 'sales_document')
      // Only what we draw: a ready PDF from a rent system may carry its own code, which its merge fields cannot show.
      .where('source', '=', 'data')
      .orderBy('id')
      .execute();
    for (const d of docs) {
      const data = JSON.parse(d.data) as SalesData;
      const problem = ksefProblem(data);
      if (!problem) continue;
      out.total++;
      if (out.items.length < KSEF_WARNINGS_SHOWN)
        out.items.push({
          documentId: d.id,
          title: d.title,
          buyer: data.buyer?.name ?? '',
          buyerNip: data.buyer?.nip ?? null,
          problem,
        });
    }
  }
  return out;
}
