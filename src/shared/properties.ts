import { Cursor, Id, Limit, Nrb, optionalText, PostalCode, text, z } from './zod.js';

export const PropertyKind = z.enum(['community', 'cooperative', 'own', 'managed']);

/** A wspólnota's resolution: fee changes are notified this far ahead (D68). */
export const FeeNoticeLead = z.strictObject({
  unit: z.enum(['days', 'months']),
  amount: z.number().int().min(1, 'Podaj co najmniej 1.').max(365),
});
export type FeeNoticeLead = z.infer<typeof FeeNoticeLead>;

export const Property = z.object({
  id: Id,
  name: z.string(),
  kind: PropertyKind,
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  nip: z.string().nullable(),
  /** Absent in answers of older servers. */
  feeNoticeLead: FeeNoticeLead.nullable().optional(),
  unitCount: z.number(),
});
export type Property = z.infer<typeof Property>;

const Nip = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => /^\d{10}$/.test(v), { message: 'NIP musi mieć 10 cyfr.', abort: true })
  .refine((v) => {
    const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
    const sum = w.reduce((acc, weight, i) => acc + weight * Number(v[i]), 0);
    return sum % 11 === Number(v[9]);
  }, 'NIP jest nieprawidłowy (błędna cyfra kontrolna).');

const PropertyFields = {
  name: text(200),
  kind: PropertyKind,
  street: text(200),
  postalCode: PostalCode,
  city: text(100),
  nip: Nip.nullable(),
  feeNoticeLead: FeeNoticeLead.nullable(),
};

export const PropertyInput = z.strictObject({
  ...PropertyFields,
  nip: PropertyFields.nip.default(null),
  feeNoticeLead: PropertyFields.feeNoticeLead.default(null),
});
/** Built from the fields without defaults: an absent field stays as it is (`.partial()` would apply defaults). */
export const PropertyUpdate = z.strictObject(PropertyFields).partial();

export const UnitKind = z.enum(['flat', 'commercial', 'garage', 'other']);

export const Unit = z.object({
  id: Id,
  propertyId: Id,
  number: z.string(),
  kind: UnitKind,
  address: z.string(),
  bankAccount: z.string().nullable(),
  externalKey: z.string().nullable(),
});
export type Unit = z.infer<typeof Unit>;

const UnitFields = {
  number: text(50),
  kind: UnitKind,
  address: optionalText(300),
  bankAccount: Nrb.nullable(),
  externalKey: optionalText(100).nullable(),
};

export const UnitInput = z.strictObject({
  propertyId: Id,
  ...UnitFields,
  kind: UnitFields.kind.default('flat'),
  address: UnitFields.address.default(''),
  bankAccount: UnitFields.bankAccount.default(null),
  externalKey: UnitFields.externalKey.default(null),
});
/** Built from the fields without defaults: an absent field stays as it is (`.partial()` would apply defaults). */
export const UnitUpdate = z.strictObject(UnitFields).partial();

export const UnitListQuery = z.object({
  propertyId: Id.optional(),
  q: z.string().trim().max(100).optional(),
  cursor: Cursor,
  limit: Limit,
});
