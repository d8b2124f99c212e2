import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AccountPdfPassword, PdfPasswordStatus, TypePdfPasswords } from '../../../shared/pdf-password.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { PdfPasswordService } from './pdf-password.service.js';

/** PDF password rules (D71): per document type (installation) and per account. Reading: anyone; changing: admin. */
export const pdfPasswordRoutes: FastifyPluginAsyncZod<{ pdfPasswords: PdfPasswordService }> = async (
  app,
  { pdfPasswords },
) => {
  const tags = ['settings'];
  const params = z.object({ id: Id });
  const admin = { access: 'admin' as const };

  app.get(
    '/api/settings/pdf-password',
    {
      schema: {
        tags,
        summary: 'PDF password rules per document type, and whether the server can encrypt (qpdf installed)',
        response: { 200: PdfPasswordStatus },
      },
    },
    async () => pdfPasswords.status(),
  );
  app.put(
    '/api/settings/pdf-password',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set the PDF password rule per document type (admin); a type left out follows the account',
        body: TypePdfPasswords,
        response: { 200: PdfPasswordStatus },
      },
    },
    async (req) => pdfPasswords.setTypes(actorOf(req), req.body.types),
  );
  app.get(
    '/api/accounts/:id/pdf-password',
    {
      schema: {
        tags,
        summary: "An account's PDF password rule; null: its PDFs go without a password",
        params,
        response: { 200: AccountPdfPassword },
      },
    },
    async (req) => pdfPasswords.getAccount(actorOf(req), req.params.id),
  );
  app.put(
    '/api/accounts/:id/pdf-password',
    {
      config: admin,
      schema: {
        tags,
        summary: "Set an account's PDF password rule, or with null none (admin)",
        params,
        body: AccountPdfPassword,
        response: { 200: AccountPdfPassword },
      },
    },
    async (req) => pdfPasswords.setAccount(actorOf(req), req.params.id, req.body.rule),
  );
};
