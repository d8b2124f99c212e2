/**
 * zod field types for document data as it arrives from rent systems (CSV, XLSX, JSON, the API): amounts as
 * `1 234,56`, `1234.56` or numbers; dates as `2026-01-05` or `05.01.2026`. Parsed values are normalised:
 * money → integer grosze, dates → `YYYY-MM-DD`, NRB → 26 digits. Optional fields become `null`, so every
 * field a template may name is present (strict Liquid variables never meet a missing key).
 */
import { missingDayOf } from '../../shared/calendar.js';
import { Nrb, z } from '../../shared/zod.js';

/** Parses a Polish or plain decimal into an exact scaled integer (no float rounding): "1 234,5" → 123450 at scale 2. */
export function parseDecimal(input: string, scale: number): number | null {
  const s = input.replace(/[\s\u00a0]/g, '').replace(/zł$/i, '');
  const m = /^([-+]?)(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return null;
  const frac = m[3] ?? '';
  if (frac.length > scale) return null;
  const n = Number(m[2] + frac.padEnd(scale, '0'));
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' ? -n : n;
}

const toGrosze = (v: string | number, ctx: z.core.$RefinementCtx<string | number>) => {
  let n: number | null;
  if (typeof v === 'number') {
    const scaled = Math.round(v * 100);
    n = Number.isSafeInteger(scaled) && Math.abs(v * 100 - scaled) < 1e-6 ? scaled : null;
  } else n = parseDecimal(v, 2);
  if (n === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'Nieprawidłowa kwota — wpisz np. 1234,56 (najwyżej 2 miejsca po przecinku).',
    });
    return z.NEVER;
  }
  return n;
};

/** Money in grosze. Accepts 1234.56, "1234,56", "1 234,56 zł". */
export const money = () =>
  z.union([z.number(), z.string()], { error: 'Kwota jest wymagana.' }).transform(toGrosze).meta({ format: 'money' });

/** A decimal such as a rate (2,20 zł/m²), an area or a meter reading; returned as a JS number. */
export const decimal = (maxFraction = 4) =>
  z
    .union([z.number(), z.string()], { error: 'Liczba jest wymagana.' })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : Number.NaN;
      if (Number.isFinite(n)) return n;
      const scaled = typeof v === 'string' ? parseDecimal(v, maxFraction) : null;
      if (scaled === null) {
        ctx.addIssue({
          code: 'custom',
          message: `Nieprawidłowa liczba — wpisz np. 12,5 (najwyżej ${maxFraction} miejsca po przecinku).`,
        });
        return z.NEVER;
      }
      return scaled / 10 ** maxFraction;
    })
    .meta({ format: 'decimal' });

/** A calendar date; accepts `2026-01-05` and `05.01.2026`, returns `2026-01-05`. */
export const date = () =>
  z
    .string({ error: 'Data jest wymagana.' })
    .trim()
    .transform((v, ctx) => {
      const pl = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
      const iso = pl ? `${pl[3]}-${pl[2]!.padStart(2, '0')}-${pl[1]!.padStart(2, '0')}` : v;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
        ctx.addIssue({ code: 'custom', message: 'Nieprawidłowa data — wpisz DD.MM.RRRR, np. 05.01.2026.' });
        return z.NEVER;
      }
      const missing = missingDayOf(iso);
      if (missing) {
        ctx.addIssue({ code: 'custom', message: missing });
        return z.NEVER;
      }
      return iso;
    })
    .meta({ format: 'date' });

/** A settlement month `2026-04`; also accepts `04.2026`. */
export const period = () =>
  z
    .string({ error: 'Okres jest wymagany.' })
    .trim()
    .transform((v, ctx) => {
      const pl = /^(\d{1,2})\.(\d{4})$/.exec(v);
      const iso = pl ? `${pl[2]}-${pl[1]!.padStart(2, '0')}` : v;
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(iso)) {
        ctx.addIssue({ code: 'custom', message: 'Nieprawidłowy okres — wpisz MM.RRRR, np. 04.2026.' });
        return z.NEVER;
      }
      return iso;
    })
    .meta({ format: 'period' });

export const nrb = () => Nrb.meta({ format: 'nrb' });

export const line = (max = 300) => z.string({ error: 'To pole jest wymagane.' }).trim().min(1).max(max);
export const paragraph = (max = 5000) => z.string().trim().max(max);

/** An optional field: absent, empty or null all become null. */
export const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? null : v), schema.nullable()).default(null);

/** The NIP (Polish tax id): 10 digits with a weighted checksum; dashes and a PL prefix are allowed. */
export const nip = () =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const digits = v.replace(/[\s-]/g, '').replace(/^PL/i, '');
      const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
      const ok =
        /^\d{10}$/.test(digits) && w.reduce((s, x, i) => s + x * Number(digits[i]), 0) % 11 === Number(digits[9]);
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: 'Nieprawidłowy NIP — 10 cyfr z poprawną sumą kontrolną.' });
        return z.NEVER;
      }
      return digits;
    })
    .meta({ format: 'nip' });

/** Party on a document (issuer, seller, buyer, correspondence address). */
/** A party of a document (seller, buyer); `whose` completes the Polish descriptions ("sprzedawcy"). */
export const party = (whose: string) =>
  z.object({
    name: line(300).describe(`Nazwa lub imię i nazwisko ${whose}`),
    street: line(200).describe(`Ulica i numer ${whose}`),
    postalCode: z.string().trim().max(20).describe(`Kod pocztowy ${whose}`),
    city: line(100).describe(`Miejscowość ${whose}`),
  });
