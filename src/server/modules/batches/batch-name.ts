import type { BatchNameParts } from '../../../shared/batches.js';
import type { DocumentTypeName } from '../../../shared/documents.js';
import { formatDateLong, formatPeriod } from '../../../shared/format.js';
import { documentType } from '../../documents/registry.js';

/** The name a batch gets when nobody types one (stored, in Polish): `Zawiadomienie o wysokości opłat — luty 2027`. */
export function defaultBatchName(type: DocumentTypeName, period: string | null | undefined, createdAt: string): string {
  const when = period ? formatPeriod(period) : formatDateLong(createdAt.slice(0, 10));
  return `${documentType(type).label} — ${when}`;
}

/**
 * The parts a stored name was made from, when it was made by Listonosz — today's form or the earlier one
 * (`… — 2027-02`, `… — 2026-12-06`) — so the client can say it in the reader's language; null for a typed name.
 */
export function batchNameParts(row: {
  name: string;
  document_type: string;
  selection: string;
  created_at: string;
}): BatchNameParts | null {
  const type = row.document_type as DocumentTypeName;
  const period = (JSON.parse(row.selection) as { period?: string }).period ?? null;
  const day = row.created_at.slice(0, 10);
  const made = [defaultBatchName(type, period, row.created_at), `${documentType(type).label} — ${period ?? day}`];
  return made.includes(row.name) ? { documentType: type, period, date: period ? null : day } : null;
}
