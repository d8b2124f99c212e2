import { mailboxKey } from './email-address.js';
import { PdfCode } from './pdf-password.js';
import { oneLine } from './plain-text.js';
import { Cursor, EmailAddress, Id, IsoDate, Limit, optionalText, PostalCode, text, z } from './zod.js';

export const DeliveryChannel = z.enum(['email', 'paper']);
export const RecipientUnitRole = z.enum(['owner', 'co_owner', 'tenant', 'member']);

export const Recipient = z.object({
  id: Id,
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  channel: DeliveryChannel,
  consent: z.object({ date: z.string(), source: z.string() }).nullable(),
  externalKey: z.string().nullable(),
  /** The recipient's code a PDF password rule may use (D71); null: none. */
  pdfCode: z.string().nullable(),
  emails: z.array(z.string()),
  units: z.array(z.object({ unitId: Id, role: RecipientUnitRole })),
});
export type Recipient = z.infer<typeof Recipient>;

const Emails = z
  .array(EmailAddress)
  .max(10, 'Najwyżej 10 adresów e-mail.')
  .refine((list) => new Set(list.map(mailboxKey)).size === list.length, 'Adres e-mail powtarza się.');

const RecipientFields = {
  name: oneLine(text(300)),
  street: text(200),
  postalCode: z.string().trim().max(20),
  city: text(100),
  country: z.string().trim().length(2).toUpperCase(),
  channel: DeliveryChannel,
  consent: z.strictObject({ date: IsoDate, source: text(300) }).nullable(),
  externalKey: optionalText(100).nullable(),
  pdfCode: PdfCode.nullable(),
  emails: Emails,
  units: z
    .array(z.strictObject({ unitId: Id, role: RecipientUnitRole }))
    .max(100)
    .refine((list) => new Set(list.map((u) => u.unitId)).size === list.length, 'Lokal powtarza się na liście.'),
};

/** A Polish address needs an NN-NNN postal code; a foreign one keeps its own format. */
function postalCodeFits(r: { country?: string; postalCode?: string }) {
  return r.country !== 'PL' || r.postalCode === undefined || PostalCode.safeParse(r.postalCode).success;
}

/** E-mail delivery without an e-mail address cannot work; say so when the record is saved. */
function emailChannelHasAddress(r: { channel?: string; emails?: string[] }) {
  return r.channel !== 'email' || r.emails === undefined || r.emails.length > 0;
}

export const RecipientInput = z
  .strictObject({
    ...RecipientFields,
    country: RecipientFields.country.default('PL'),
    channel: RecipientFields.channel.default('paper'),
    consent: RecipientFields.consent.default(null),
    externalKey: RecipientFields.externalKey.default(null),
    pdfCode: RecipientFields.pdfCode.default(null),
    emails: RecipientFields.emails.default([]),
    units: RecipientFields.units.default([]),
  })
  .refine(postalCodeFits, { path: ['postalCode'], message: 'Kod pocztowy wpisz w postaci 00-000.' })
  .refine(emailChannelHasAddress, {
    path: ['emails'],
    message: 'Doręczenie e-mailem wymaga co najmniej jednego adresu e-mail.',
  });
export type RecipientInput = z.infer<typeof RecipientInput>;

export const RecipientUpdate = z
  .strictObject(RecipientFields)
  .partial()
  .refine(postalCodeFits, { path: ['postalCode'], message: 'Kod pocztowy wpisz w postaci 00-000.' });
export type RecipientUpdate = z.infer<typeof RecipientUpdate>;

export const RecipientListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  channel: DeliveryChannel.optional(),
  unitId: Id.optional(),
  cursor: Cursor,
  limit: Limit,
});
