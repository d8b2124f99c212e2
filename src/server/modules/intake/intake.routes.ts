import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Intake, IntakeAccepted, IntakeFields, PositionIntake, PositionIntakeInput } from '../../../shared/intake.js';
import { Id, z } from '../../../shared/zod.js';
import type { Config } from '../../config.js';
import { actorOf } from '../../http/auth-hook.js';
import { parseFields, readForm, requireFile } from '../../http/multipart.js';
import type { IntakeService } from './intake.service.js';
import type { IntakeSettings } from './intake-settings.js';

const IntakeQuery = z.object({ positionId: Id.optional() });

export const intakeRoutes: FastifyPluginAsyncZod<{
  intake: IntakeService;
  intakeSettings: IntakeSettings;
  config: Pick<Config, 'importLimitBytes'>;
}> = async (app, { intake, intakeSettings, config }) => {
  const tags = ['intake'];
  const params = z.object({ id: Id });

  app.post(
    '/api/intake',
    {
      config: { scope: 'batches:write' },
      // Before the body is read: the caller sends for some position (and for this one, when named in the query).
      onRequest: async (req) => {
        const q = IntakeQuery.safeParse(req.query);
        await intake.assertMayIntake(actorOf(req), q.success ? q.data.positionId : undefined);
      },
      schema: {
        tags,
        summary:
          'One call from a printout PDF, a ZIP of PDFs or a data file (CSV/XLSX/JSON) to mail: import → batch → drafts → queue as the position\'s rule says (multipart: "file", "type", "positionId", "period", optional "sendMode"); 202 at once',
        querystring: IntakeQuery,
        consumes: ['multipart/form-data'],
        response: { 202: IntakeAccepted },
      },
    },
    async (req, reply) => {
      const form = await readForm(req, { maxBytes: config.importLimitBytes });
      const file = requireFile(form, 'wydruk PDF, ZIP albo plik danych');
      const fields = parseFields(form.fields, IntakeFields);
      const actor = actorOf(req);
      const input = { ...fields, file: { filename: file.filename, data: file.data }, source: 'api' as const };
      const batchId = await intake.accept(actor, input);
      intake.start(actor, batchId, input.file);
      const statusUrl = `/api/intake/${batchId}`;
      return reply.status(202).header('location', statusUrl).send({ batchId, statusUrl });
    },
  );
  app.get(
    '/api/intake/:id',
    {
      config: { scope: 'batches:read' },
      schema: {
        tags,
        summary: 'Where an intake is: its stage, the batch with its counts once made, and what went wrong',
        params,
        response: { 200: Intake },
      },
    },
    async (req) => intake.get(actorOf(req), req.params.id),
  );
  app.get(
    '/api/positions/:id/intake',
    {
      schema: {
        tags,
        summary: "The position's rule for mail without a person, and its drop folders",
        params,
        response: { 200: PositionIntake },
      },
    },
    async (req) => intakeSettings.get(actorOf(req), req.params.id),
  );
  app.put(
    '/api/positions/:id/intake',
    {
      config: { access: 'admin' },
      schema: { tags, params, body: PositionIntakeInput, response: { 200: PositionIntake } },
    },
    async (req) => intakeSettings.put(actorOf(req), req.params.id, req.body),
  );
};
