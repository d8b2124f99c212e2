import type { Row } from '../../db/schema.js';
import { type TemplateContext, unitContext } from '../../documents/templates.js';
import type { DocumentParties } from '../../documents/types/document-type.js';

/** What a template sees for one message: the document, the person it goes to (at this address), the account. */
export function templateContext(
  doc: Pick<Row<'documents'>, 'data' | 'parties' | 'title' | 'period'>,
  recipient: { name: string; street: string; postal_code: string; city: string; country: string },
  email: string,
  account: { from_name: string; from_address: string; feedback_address: string },
): TemplateContext {
  const parties = JSON.parse(doc.parties) as DocumentParties;
  return {
    recipient: {
      name: recipient.name,
      street: recipient.street,
      postalCode: recipient.postal_code,
      city: recipient.city,
      country: recipient.country,
      email,
    },
    unit: parties.unit ? unitContext(parties.unit) : null,
    property: {
      name: parties.issuer.name,
      street: parties.issuer.street,
      postalCode: parties.issuer.postalCode,
      city: parties.issuer.city,
    },
    account: {
      fromName: account.from_name,
      fromAddress: account.from_address,
      feedbackAddress: account.feedback_address,
    },
    document: { ...(JSON.parse(doc.data) as Record<string, unknown>), title: doc.title, period: doc.period },
  };
}
