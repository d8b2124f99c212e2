import { DocumentTypeName } from './documents.js';
import { oneLine } from './plain-text.js';
import { Id, z } from './zod.js';

/** Longest HTML source of a template, in characters (the text part may have half). */
export const TEMPLATE_SOURCE_MAX = 200_000;

export const TemplateBody = z.strictObject({
  subject: oneLine(z.string().trim().min(1, 'Temat jest wymagany.').max(500)),
  html: z.string().max(TEMPLATE_SOURCE_MAX).default(''),
  text: z
    .string()
    .max(TEMPLATE_SOURCE_MAX / 2)
    .default(''),
});
export type TemplateBody = z.infer<typeof TemplateBody>;

export const TemplateSource = z.enum(['account', 'installation', 'built_in']);

export const EffectiveTemplate = z.object({
  documentType: DocumentTypeName,
  accountId: Id.nullable(),
  /** Where the template comes from: the account's own, the installation's default, or the built-in one. */
  source: TemplateSource,
  template: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
  updatedAt: z.string().nullable(),
});
export type EffectiveTemplate = z.infer<typeof EffectiveTemplate>;

export const TemplateQuery = z.object({ accountId: Id.optional() });

export const PreviewInput = z.strictObject({
  documentType: DocumentTypeName,
  template: TemplateBody,
  /** Preview for a real document (its data and recipient); without it, the type's sample. */
  documentId: Id.optional(),
  accountId: Id.optional(),
});
export type PreviewInput = z.infer<typeof PreviewInput>;

export const Preview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type Preview = z.infer<typeof Preview>;

/** A Polish filter a template may use (Ustawienia → Szablony lists them). */
export const TemplateFilter = z.object({ name: z.string(), description: z.string(), example: z.string() });
export type TemplateFilter = z.infer<typeof TemplateFilter>;
