/**
 * Before a fee-notice batch is made: recipients for whom the new fees start too early (D68). A warning, not a block —
 * the clerk decides (a notice may have been handed over earlier, or the change may lower the fees).
 */
import type { NoticeWarnings } from '../../../shared/batches.js';
import type { Db } from '../../db/schema.js';
import {
  type CommunityNotice,
  checkNoticePeriod,
  isOutsideControl,
  type LegalRelation,
  type NoticePropertyKind,
  paymentDayOf,
} from '../../documents/notice-period.js';
import { chunks } from '../../lib/chunks.js';
import { OFFICE_TIME_ZONE } from '../../lib/dates.js';

/** At most this many are listed; `total` counts them all. */
export const NOTICE_WARNINGS_SHOWN = 200;

/** The office's calendar day of an instant, `YYYY-MM-DD`. */
export function officeDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE }).format(now);
}

interface FeeData {
  validFrom?: string;
  paymentDeadline?: string;
  components?: { name?: string }[];
}

export async function noticeWarnings(db: Db, documentIds: string[], sentOn: string): Promise<NoticeWarnings> {
  const out: NoticeWarnings = { total: 0, items: [] };
  for (const part of chunks(documentIds, 500)) {
    const docs = await db
      .selectFrom('documents')
      .innerJoin('units', 'units.id', 'documents.unit_id')
      .innerJoin('properties', 'properties.id', 'units.property_id')
      .select([
        'documents.id',
        'documents.title',
        'documents.data',
        'documents.unit_id',
        'documents.recipient_id',
        'properties.kind',
        'properties.fee_notice_lead',
      ])
      .where('documents.id', 'in', part)
      .orderBy('documents.id')
      .execute();
    const unitIds = [...new Set(docs.map((d) => d.unit_id as string))];
    const links = unitIds.length
      ? await db
          .selectFrom('recipient_units')
          .innerJoin('recipients', 'recipients.id', 'recipient_units.recipient_id')
          .select([
            'recipient_units.unit_id',
            'recipient_units.recipient_id',
            'recipient_units.role',
            'recipients.name',
          ])
          .where('recipient_units.unit_id', 'in', unitIds)
          .orderBy('recipients.sort_name')
          .execute()
      : [];
    for (const d of docs) {
      const data = JSON.parse(d.data) as FeeData;
      if (!data.validFrom) continue;
      const names = (data.components ?? []).map((c) => c.name ?? '');
      const outsideControlOnly = names.length > 0 && names.every(isOutsideControl);
      const people = links.filter(
        (l) => l.unit_id === d.unit_id && (!d.recipient_id || l.recipient_id === d.recipient_id),
      );
      for (const p of people) {
        const r = checkNoticePeriod({
          relation: p.role as LegalRelation,
          propertyKind: d.kind as NoticePropertyKind,
          outsideControlOnly,
          communityNotice: d.fee_notice_lead ? (JSON.parse(d.fee_notice_lead) as CommunityNotice) : null,
          sentOn,
          validFrom: data.validFrom,
          paymentDay: paymentDayOf(data.paymentDeadline) ?? 10,
        });
        if (r.ok) continue;
        out.total++;
        if (out.items.length < NOTICE_WARNINGS_SHOWN)
          out.items.push({
            documentId: d.id,
            title: d.title,
            recipient: p.name,
            relation: p.role as LegalRelation,
            validFrom: data.validFrom,
            earliest: r.earliest,
            rule: r.rule,
            reason: r.reason,
          });
      }
    }
  }
  return out;
}
