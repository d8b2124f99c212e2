import type { FastifyRequest } from 'fastify';
import type { z } from '../../shared/zod.js';
import { ValidationError } from '../lib/errors.js';
import { assertNoNul } from './input-guard.js';

export interface UploadedForm {
  file: { filename: string; mimetype: string; data: Buffer } | null;
  fields: Record<string, string>;
}

/**
 * A multipart form: the one file and the text fields beside it, in any order. `maxBytes` raises the default limit.
 * A repeated Idempotency-Key is answered from here (the error handler sends the first answer again).
 */
export async function readForm(req: FastifyRequest, options: { maxBytes?: number } = {}): Promise<UploadedForm> {
  let file: UploadedForm['file'] = null;
  const fields: Record<string, string> = {};
  const parts = req.parts(options.maxBytes ? { limits: { fileSize: options.maxBytes } } : undefined);
  for await (const part of parts) {
    if (part.type === 'file') file = { filename: part.filename, mimetype: part.mimetype, data: await part.toBuffer() };
    else fields[part.fieldname] = String(part.value);
  }
  assertNoNul(fields);
  assertNoNul(file?.filename);
  const form = { file, fields };
  // An Idempotency-Key on a form is checked here, once the form is read (D58): a repeat stops before any work.
  if (req.idempotency) await req.server.idempotentForm(req, form);
  return form;
}

export function requireFile(form: UploadedForm, what: string): NonNullable<UploadedForm['file']> {
  if (!form.file || form.file.data.length === 0) {
    throw new ValidationError(`Wybierz plik (${what}).`, [{ path: 'file', message: 'Brak pliku.' }]);
  }
  return form.file;
}

/** Parses form fields with a schema; JSON-valued fields are named in `json`. Errors name the field, in Polish. */
export function parseFields<T extends z.ZodType>(
  fields: Record<string, string>,
  schema: T,
  json: string[] = [],
): z.output<T> {
  const input: Record<string, unknown> = { ...fields };
  for (const name of json) {
    if (fields[name] === undefined || fields[name].trim() === '') {
      delete input[name];
      continue;
    }
    try {
      input[name] = JSON.parse(fields[name]);
    } catch {
      const message = `Pole „${name}” nie jest poprawnym JSON-em.`;
      throw new ValidationError(message, [{ path: name, message }]);
    }
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      'Popraw zaznaczone pola.',
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'form', message: i.message })),
    );
  }
  return parsed.data;
}
