import { z } from 'zod';
import { missingDayOf } from './calendar.js';
import { canonicalEmail, parseEmailAddress } from './email-address.js';
import { isValidNrb, normalizeNrb } from './nrb.js';

/**
 * zod set up for the API contract: Polish messages (zod's pl locale) plus clearer wording for the cases a
 * clerk meets most, and the field types shared by server and web.
 */
z.config(z.locales.pl());
z.config({
  customError: (issue) => {
    // A missing enum or literal field is reported as invalid_value; it is just as "required" as a missing string.
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined)
      return 'To pole jest wymagane.';
    if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'To pole jest wymagane.';
    if (issue.code === 'too_big' && issue.origin === 'string')
      return `Tekst jest za długi (najwyżej ${issue.maximum} znaków).`;
    if (issue.code === 'unrecognized_keys') return `Nieznane pola: ${issue.keys.join(', ')}.`;
    return undefined;
  },
});

export { z };

/** A field's own message for a wrong value; a missing value still says the field is required. */
const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'To pole jest wymagane.' : message;

export const Id = z.uuid({ error: unlessMissing('Nieprawidłowy identyfikator.') });

/** Required single-line text: trimmed, not empty, bounded. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optionalText = (max = 200) => z.string().trim().max(max);

/** An e-mail address (rules in email-address.ts), returned in its stored form: `Jan@ŻÓŁW.pl` → `Jan@żółw.pl`. */
export const EmailAddress = z
  .string()
  .trim()
  // abort: an over-long value is reported once, not also as a malformed address.
  .max(254, { abort: true })
  .superRefine((value, ctx) => {
    const parsed = parseEmailAddress(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message, input: value });
  })
  .overwrite(canonicalEmail);

/** A 26-digit NRB, accepted with spaces or a PL prefix, returned as 26 digits. */
export const Nrb = z
  .string()
  .trim()
  // abort: a number of the wrong length is reported once, not also as a failed check.
  .refine((v) => normalizeNrb(v) !== null, { message: 'Numer rachunku musi mieć 26 cyfr.', abort: true })
  .refine((v) => isValidNrb(v), 'Numer rachunku jest nieprawidłowy (błędna suma kontrolna) — sprawdź cyfry.')
  .transform((v) => normalizeNrb(v) as string);

export const PostalCode = z
  .string()
  .trim()
  .regex(/^\d{2}-\d{3}$/, 'Kod pocztowy wpisz w postaci 00-000.');

/** Years an office date may have: older or later ones are typos, and they break day arithmetic (year 10000). */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2999;

/**
 * Calendar date YYYY-MM-DD within MIN_DATE_YEAR–MAX_DATE_YEAR. A day that does not exist (30 February) is named
 * as such, not reported as a wrong form.
 */
export const IsoDate = z
  .string({ error: unlessMissing('Data w postaci RRRR-MM-DD.') })
  // One issue, never aborting: inside a union (bulk selections) an aborted branch would hide the field's message.
  .superRefine((v, ctx) => {
    const year = Number(v.slice(0, 4));
    const message = !/^\d{4}-\d{2}-\d{2}$/.test(v)
      ? 'Data w postaci RRRR-MM-DD.'
      : (missingDayOf(v) ??
        (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR
          ? `Data spoza zakresu — podaj datę z lat ${MIN_DATE_YEAR}–${MAX_DATE_YEAR}.`
          : null));
    if (message) ctx.addIssue({ code: 'custom', message, input: v });
  })
  .meta({ format: 'date' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: unlessMissing('Nieprawidłowa data i godzina.') });

export const Cursor = z.string().max(500).optional();
export const Limit = z.coerce.number().int().min(1).max(200).default(50);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** Imports: the rejected rows (line as in the file, the row's key, field, message). */
    rows: z
      .array(
        z.object({ line: z.number(), key: z.string().nullable().optional(), path: z.string(), message: z.string() }),
      )
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
