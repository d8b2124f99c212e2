import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DocumentDetail,
  DocumentImportInput,
  DocumentListQuery,
  DocumentSummary,
  DocumentTypeInfo,
  DocumentTypeName,
  ImportResult,
  PdfDocumentFields,
  Period,
  SampleFileQuery,
} from '../../../shared/documents.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import type { Config } from '../../config.js';
import { sampleCsv, sampleXlsx } from '../../documents/flat-sample.js';
import { checkInput } from '../../documents/printout/common.js';
import { documentType } from '../../documents/registry.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import { before } from '../../http/guards.js';
import { parseFields, readForm, requireFile } from '../../http/multipart.js';
import { readTable } from '../../lib/tabular.js';
import { DEFAULT_TABLE_LIMITS } from '../../lib/tabular-limits.js';
import type { PropertiesService } from '../properties/properties.service.js';
import type { DocumentsService } from './documents.service.js';
import { itemsFromFile } from './import-file.js';

const TypeAndPeriod = z.strictObject({ type: DocumentTypeName, period: Period });
const DataForm = z.strictObject({
  type: DocumentTypeName,
  encoding: z.enum(['utf-8', 'windows-1250']).optional(),
  sheet: z.string().max(100).optional(),
});

export const documentsRoutes: FastifyPluginAsyncZod<{
  documents: DocumentsService;
  properties: PropertiesService;
  config: Pick<Config, 'importLimitBytes'>;
}> = async (app, { documents, properties, config }) => {
  const { importLimitBytes } = config;
  const tags = ['documents'];
  const params = z.object({ id: Id });

  app.get(
    '/api/document-types',
    {
      config: { scope: 'documents:read' },
      schema: {
        tags,
        summary: 'The six document types: fields, template variables, data-file columns, legal strength',
        response: { 200: z.array(DocumentTypeInfo) },
      },
    },
    async () => documents.types(),
  );

  app.get(
    '/api/document-types/:type/sample',
    {
      config: { scope: 'documents:read' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary: 'A sample data file (CSV or XLSX) for this type, with Polish column headers',
        params: z.object({ type: DocumentTypeName }),
        querystring: SampleFileQuery,
      },
    },
    async (req, reply) => {
      const def = documentType(req.params.type);
      const { format } = req.query;
      const name = `przyklad_${def.type}.${format}`;
      reply.header('content-disposition', contentDisposition('attachment', name));
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(sampleCsv(def));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await sampleXlsx(def));
    },
  );

  app.post(
    '/api/documents/import',
    {
      config: { scope: 'documents:write' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary: 'Documents from data (JSON): validated all together, rendered to PDF, stored — or nothing (422)',
        body: DocumentImportInput,
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      const items = req.body.items.map((it, i) => ({ line: i + 1, recipientKey: it.recipientKey, data: it.data }));
      return reply.status(201).send(await documents.importData(actorOf(req), req.body.type, items));
    },
  );

  app.post(
    '/api/documents/import-file',
    {
      config: { scope: 'documents:write' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary: `Documents from a CSV, XLSX or JSON file (multipart: "file", "type"; Polish or key column headers, see /api/document-types)`,
        consumes: ['multipart/form-data'],
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      // A data file is read no further than its own limit (the printout and ZIP limit is far larger).
      const form = await readForm(req, { maxBytes: Math.min(importLimitBytes, DEFAULT_TABLE_LIMITS.maxFileBytes) });
      const file = requireFile(form, 'CSV, XLSX albo JSON');
      const fields = parseFields(form.fields, DataForm);
      const items = await itemsFromFile(fields.type, file, (data, name) =>
        readTable(data, name, { encoding: fields.encoding, sheet: fields.sheet }),
      );
      return reply.status(201).send(await documents.importData(actorOf(req), fields.type, items));
    },
  );

  app.post(
    '/api/documents/pdf',
    {
      config: { scope: 'documents:write' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary:
          'A ready PDF from a rent system (multipart: "file", "type", "recipientKey", "period", optional "title" and "fields" JSON)',
        consumes: ['multipart/form-data'],
        response: { 201: DocumentSummary },
      },
    },
    async (req, reply) => {
      const form = await readForm(req, { maxBytes: importLimitBytes });
      const file = requireFile(form, 'PDF');
      // What the bytes show at once (HTML, not a PDF, cut short) is said before a reading process is asked.
      checkInput(file.data, { maxBytes: importLimitBytes });
      const fields = parseFields(form.fields, PdfDocumentFields, ['fields']);
      return reply.status(201).send(await documents.addPdf(actorOf(req), fields, file.data));
    },
  );

  app.post(
    '/api/documents/zip',
    {
      config: { scope: 'documents:write' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary: 'A ZIP of PDFs named by recipient key, e.g. L0012.pdf (multipart: "file", "type", "period")',
        consumes: ['multipart/form-data'],
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      const form = await readForm(req, { maxBytes: importLimitBytes });
      const file = requireFile(form, 'ZIP');
      const fields = parseFields(form.fields, TypeAndPeriod);
      return reply.status(201).send(await documents.importZip(actorOf(req), fields.type, fields.period, file.data));
    },
  );

  app.post(
    '/api/documents/printout',
    {
      config: { scope: 'documents:write' },
      onRequest: before(properties.assertHasProperties),
      schema: {
        tags,
        summary:
          'One multi-page printout split per recipient by the key on each page (multipart: "file", "type", "period"); unmatched pages are reported',
        consumes: ['multipart/form-data'],
        response: { 201: ImportResult },
      },
    },
    async (req, reply) => {
      const form = await readForm(req, { maxBytes: importLimitBytes });
      const file = requireFile(form, 'PDF z wydrukiem');
      checkInput(file.data, { maxBytes: importLimitBytes });
      const fields = parseFields(form.fields, TypeAndPeriod);
      return reply
        .status(201)
        .send(await documents.importPrintout(actorOf(req), fields.type, fields.period, file.data));
    },
  );

  app.get(
    '/api/documents',
    {
      config: { scope: 'documents:read' },
      schema: {
        tags,
        summary: 'Documents, newest first (filter by type, period, property, import)',
        querystring: DocumentListQuery,
        response: { 200: pageOf(DocumentSummary) },
      },
    },
    async (req) => documents.list(actorOf(req), req.query),
  );
  app.get(
    '/api/documents/:id',
    { config: { scope: 'documents:read' }, schema: { tags, params, response: { 200: DocumentDetail } } },
    async (req) => documents.get(actorOf(req), req.params.id),
  );
  app.get(
    '/api/documents/:id/pdf',
    { config: { scope: 'documents:read' }, schema: { tags, summary: "The document's PDF as it is sent", params } },
    async (req, reply) => {
      const file = await documents.pdf(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  );
};
