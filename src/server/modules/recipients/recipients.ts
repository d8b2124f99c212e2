import type { Recipient } from '../../../shared/recipients.js';
import type { RecipientUnitRole, Row } from '../../db/schema.js';
import { foldForSearch } from '../../lib/text.js';

/** What the recipients search looks in: name, e-mail addresses, address and the rent system's key. */
export function recipientSearchText(r: {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  externalKey: string | null;
  emails: string[];
}): string {
  return foldForSearch([r.name, ...r.emails, r.street, r.postalCode, r.city, r.externalKey ?? ''].join(' '));
}

export function toRecipient(
  row: Row<'recipients'>,
  emails: string[],
  units: { unitId: string; role: RecipientUnitRole }[],
): Recipient {
  return {
    id: row.id,
    name: row.name,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    channel: row.channel,
    consent: row.consent_at ? { date: row.consent_at, source: row.consent_source ?? '' } : null,
    externalKey: row.external_key,
    pdfCode: row.pdf_code,
    emails,
    units,
  };
}
