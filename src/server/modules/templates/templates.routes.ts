import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DocumentTypeName } from '../../../shared/documents.js';
import {
  EffectiveTemplate,
  Preview,
  PreviewInput,
  TemplateBody,
  TemplateFilter,
  TemplateQuery,
} from '../../../shared/templates.js';
import { Id, z } from '../../../shared/zod.js';
import { TEMPLATE_FILTERS } from '../../documents/templates.js';
import { actorOf } from '../../http/auth-hook.js';
import type { TemplatesService } from './templates.service.js';

export const templatesRoutes: FastifyPluginAsyncZod<{ templates: TemplatesService }> = async (app, { templates }) => {
  const tags = ['templates'];
  const typeParams = z.object({ type: DocumentTypeName });
  const accountParams = z.object({ type: DocumentTypeName, accountId: Id });

  app.get(
    '/api/templates/filters',
    {
      schema: {
        tags,
        summary: 'Polish filters a template may use',
        response: { 200: z.array(TemplateFilter) },
      },
    },
    async () => TEMPLATE_FILTERS.map((f) => ({ ...f })),
  );
  app.get(
    '/api/templates/:type',
    {
      schema: {
        tags,
        summary:
          "The template in force for a type (and an account): the account's, the installation's or the built-in one",
        params: typeParams,
        querystring: TemplateQuery,
        response: { 200: EffectiveTemplate },
      },
    },
    async (req) => templates.get(actorOf(req), req.params.type, req.query.accountId ?? null),
  );
  app.put(
    '/api/templates/:type',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Set the installation's template for a type (admin); checked against the type's fields",
        params: typeParams,
        body: TemplateBody,
        response: { 200: EffectiveTemplate },
      },
    },
    async (req) => templates.save(actorOf(req), req.params.type, null, req.body),
  );
  app.delete(
    '/api/templates/:type',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Back to the built-in template (admin)',
        params: typeParams,
        response: { 200: EffectiveTemplate },
      },
    },
    async (req) => templates.reset(actorOf(req), req.params.type, null),
  );
  app.put(
    '/api/templates/:type/accounts/:accountId',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Set an account's own subject and body for a type (admin)",
        params: accountParams,
        body: TemplateBody,
        response: { 200: EffectiveTemplate },
      },
    },
    async (req) => templates.save(actorOf(req), req.params.type, req.params.accountId, req.body),
  );
  app.delete(
    '/api/templates/:type/accounts/:accountId',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Drop an account's own template (admin)",
        params: accountParams,
        response: { 200: EffectiveTemplate },
      },
    },
    async (req) => templates.reset(actorOf(req), req.params.type, req.params.accountId),
  );
  app.post(
    '/api/templates/preview',
    {
      schema: {
        tags,
        summary: 'Render a template for the sample data or a chosen document, with its problems',
        body: PreviewInput,
        response: { 200: Preview },
      },
    },
    async (req) => templates.preview(actorOf(req), req.body),
  );
};
