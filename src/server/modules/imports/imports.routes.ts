import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  RecipientImportForm,
  RecipientImportMapping,
  RecipientImportPreview,
  RecipientImportPreviewQuery,
  RecipientImportRejected,
  RecipientImportResult,
} from '../../../shared/imports.js';
import type { z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { readForm } from '../../http/multipart.js';
import { ValidationError } from '../../lib/errors.js';
import type { ImportsService, RecipientImportInput } from './imports.service.js';

const issuesOf = (error: z.ZodError, prefix: string[] = []) =>
  error.issues.map((i) => ({ path: [...prefix, ...i.path.map(String)].join('.') || 'form', message: i.message }));

/** The uploaded file and the form fields beside it (in any order): `mapping` (JSON), `encoding`, `sheet`. */
async function readImportForm(req: FastifyRequest): Promise<RecipientImportInput> {
  const { file, fields } = await readForm(req);
  if (!file) {
    throw new ValidationError('Wybierz plik do importu (CSV albo XLSX).', [{ path: 'file', message: 'Brak pliku.' }]);
  }
  const form = RecipientImportForm.safeParse(fields);
  if (!form.success) throw new ValidationError('Popraw zaznaczone pola.', issuesOf(form.error));
  let mapping: RecipientImportInput['mapping'];
  if (form.data.mapping !== undefined && form.data.mapping.trim() !== '') {
    let json: unknown;
    try {
      json = JSON.parse(form.data.mapping);
    } catch {
      const message = 'Przypisanie kolumn nie jest poprawnym JSON-em.';
      throw new ValidationError(message, [{ path: 'mapping', message }]);
    }
    const parsed = RecipientImportMapping.safeParse(json);
    if (!parsed.success) {
      throw new ValidationError('Popraw przypisanie kolumn.', issuesOf(parsed.error, ['mapping']));
    }
    mapping = parsed.data;
  }
  return { file, mapping, encoding: form.data.encoding, sheet: form.data.sheet };
}

export const importsRoutes: FastifyPluginAsyncZod<{ imports: ImportsService }> = async (app, { imports }) => {
  const tags = ['imports'];

  app.post(
    '/api/imports/recipients/preview',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'What importing recipients, units and links from a CSV/XLSX file would do (multipart: "file", ' +
          'optional "mapping" JSON, "encoding", "sheet"); stores nothing',
        consumes: ['multipart/form-data'],
        querystring: RecipientImportPreviewQuery,
        response: { 200: RecipientImportPreview },
      },
    },
    async (req) => {
      imports.assertCanImport(actorOf(req));
      return imports.previewRecipients(actorOf(req), await readImportForm(req), { rows: req.query.rows });
    },
  );

  app.post(
    '/api/imports/recipients',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          'Import recipients, units and links from a CSV/XLSX file in one transaction; any row error → 422 ' +
          'and nothing stored',
        consumes: ['multipart/form-data'],
        response: { 200: RecipientImportResult, 422: RecipientImportRejected },
      },
    },
    async (req, reply) => {
      imports.assertCanImport(actorOf(req));
      const outcome = await imports.importRecipients(actorOf(req), await readImportForm(req));
      if (outcome.ok) return reply.status(200).send({ file: outcome.file, counts: outcome.counts });
      const n = outcome.errorCount;
      return reply.status(422).send({
        error: {
          code: 'import_invalid' as const,
          message: `W pliku ${n === 1 ? 'jest 1 błąd' : `są błędy (${n})`} — niczego nie zapisano. Popraw plik i spróbuj ponownie.`,
          errors: outcome.errors,
          errorCount: n,
        },
      });
    },
  );
};
