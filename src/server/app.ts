import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Container } from './container.js';
import { demoRoutes } from './demo/demo.routes.js';
import { publicRoutes, registerAuthHook } from './http/auth-hook.js';
import { dataPlace } from './http/disk-full.js';
import { registerMissingBodyAsEmpty } from './http/empty-body.js';
import { registerErrorHandler } from './http/error-handler.js';
import { frameworkErrorOptions } from './http/framework-errors.js';
import { registerIdempotency } from './http/idempotency.js';
import { registerInputGuard } from './http/input-guard.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { webCacheControl } from './lib/precompress.js';
import { metricsRoutes } from './metrics/metrics.routes.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { batchesRoutes } from './modules/batches/batches.routes.js';
import { deliveryRoutes } from './modules/delivery/delivery.routes.js';
import { documentsRoutes } from './modules/documents/documents.routes.js';
import { downloadLinksRoutes } from './modules/download-links/download-links.routes.js';
import { feedbackMailboxesRoutes } from './modules/feedback-mailboxes/feedback-mailboxes.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { inboxRoutes } from './modules/inbox/inbox.routes.js';
import { intakeRoutes } from './modules/intake/intake.routes.js';
import { messagesRoutes } from './modules/messages/messages.routes.js';
import { pdfPasswordRoutes } from './modules/pdf-password/pdf-password.routes.js';
import { positionsRoutes } from './modules/positions/positions.routes.js';
import { propertiesRoutes } from './modules/properties/properties.routes.js';
import { recipientsRoutes } from './modules/recipients/recipients.routes.js';
import { retentionRoutes } from './modules/retention/retention.routes.js';
import { rodoRoutes } from './modules/rodo/rodo.routes.js';
import { sandboxRoutes } from './modules/sandbox/sandbox.routes.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { storageRoutes } from './modules/storage/storage.routes.js';
import { suppressionsRoutes } from './modules/suppressions/suppressions.routes.js';
import { templatesRoutes } from './modules/templates/templates.routes.js';
import { triageRoutes } from './modules/triage/triage.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';

export interface AppOptions {
  /** Folder with the built web UI (index.html); by default dist/web next to the server. */
  webRoot?: string;
  logger?: boolean;
}

function defaultWebRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/server/app.js → dist/web; src/server/app.ts (tsx) → dist/web as well.
  return path.resolve(here, '..', '..', 'dist', 'web');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (method, path, config); the route walk and the fuzz tests go through it. */
    readonly registeredRoutes: readonly RouteOptions[];
  }
}

/** Whether a URL, however spelled (case, %-escapes, doubled slashes, dot segments), points into the API. */
export function isApiPath(url: string): boolean {
  let pathname = url.split('?')[0] ?? '';
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  const normalised = path.posix.normalize(pathname.replace(/\\/g, '/')).replace(/^\/+/, '/');
  return /^\/api(\/|$)/i.test(normalised);
}

/** Builds the HTTP app over a container; does not listen (tests use app.inject). */
export async function buildApp(container: Container, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config, services } = container;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ...frameworkErrorOptions,
  });
  const routes: RouteOptions[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { dataPlace: dataPlace(config) });

  await registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.bodyLimitBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Listonosz API',
        version: '1',
        description:
          'Electronic correspondence for property managers. Authenticate with POST /api/auth/login (session cookie); ' +
          'send the returned csrfToken in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE. ' +
          'Machines use an API key instead (Authorization: Bearer lst_…, no CSRF) on the routes its scopes open, and ' +
          'may send Idempotency-Key on any POST (docs/integration.md).',
      },
    },
    transform: jsonSchemaTransform,
  });
  // The API description is public; the data behind it is not.
  await app.register(async (docs) => {
    publicRoutes(docs);
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });

  registerAuthHook(app, services.auth, { service: services.apiKeys, perMinute: config.apiKeyRequestsPerMinute });
  registerInputGuard(app);
  registerMissingBodyAsEmpty(app);
  registerIdempotency(app, services.idempotency);

  // Each route module gets only the services it calls (and the settings it reads), never the whole container.
  const s = services;
  await app.register(authRoutes, { auth: s.auth, config });
  await app.register(usersRoutes, { users: s.users });
  await app.register(positionsRoutes, { positions: s.positions });
  await app.register(accountsRoutes, { accounts: s.accounts });
  await app.register(rodoRoutes, { rodo: s.rodo });
  await app.register(pdfPasswordRoutes, { pdfPasswords: s.pdfPasswords });
  await app.register(retentionRoutes, { retention: s.retention, erasure: s.erasure });
  await app.register(feedbackMailboxesRoutes, { feedbackMailboxes: s.feedbackMailboxes });
  await app.register(propertiesRoutes, { properties: s.properties });
  await app.register(recipientsRoutes, { recipients: s.recipients, properties: s.properties });
  await app.register(importsRoutes, { imports: s.imports });
  await app.register(documentsRoutes, { documents: s.documents, properties: s.properties, config });
  await app.register(templatesRoutes, { templates: s.templates });
  await app.register(batchesRoutes, { batches: s.batches, accounts: s.accounts });
  await app.register(intakeRoutes, { intake: s.intake, intakeSettings: s.intakeSettings, config });
  const { accounts, positions, properties, recipients, documents } = s;
  await app.register(demoRoutes, { services: { accounts, positions, properties, recipients, documents } });
  await app.register(statsRoutes, { stats: s.stats });
  await app.register(storageRoutes, { storage: s.storage });
  await app.register(messagesRoutes, { messages: s.messages, accounts: s.accounts, repairs: s.repairs });
  await app.register(deliveryRoutes, {
    delivery: s.delivery,
    proof: s.proof,
    accounts: s.accounts,
    messages: s.messages,
  });
  await app.register(inboxRoutes, { inbox: s.inbox, inboxAnswers: s.inboxAnswers });
  await app.register(suppressionsRoutes, {
    suppressions: s.suppressions,
    repairs: s.repairs,
    recipients: s.recipients,
    messages: s.messages,
  });
  await app.register(triageRoutes, { triage: s.triage });
  await app.register(webhooksRoutes, { webhooks: s.webhooks });
  await app.register(sandboxRoutes, { sandbox: s.sandbox });
  await app.register(auditRoutes, { audit: s.audit });
  await app.register(apiKeysRoutes, { apiKeys: s.apiKeys });
  await app.register(healthRoutes, { health: s.health });
  await app.register(downloadLinksRoutes, { downloadLinks: s.downloadLinks, messages: s.messages });

  // Prometheus (D74): this process's figures and what the database knows about the queue.
  container.observability.withDatabaseGauges();
  await app.register(
    metricsRoutes(container.observability.metrics, { token: config.metrics.token, trustProxy: config.trustProxy }),
  );

  const webRoot = options.webRoot ?? container.config.webRoot ?? defaultWebRoot();
  if (existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(async (web) => {
      publicRoutes(web);
      // Precompressed .br/.gz from the build (lib/precompress.ts); hashed assets cached for a year, index.html
      // revalidated on every visit so a new version is picked up at once.
      await web.register(fastifyStatic, {
        root: webRoot,
        wildcard: false,
        // '/' is answered by the route below: @fastify/static's own index lookup under preCompressed looks only
        // for index.html.br/.gz and answers 404 when the (small) page has no compressed copy.
        index: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, filePath) => {
          reply.header('cache-control', webCacheControl(filePath));
        },
      });
      // The web app routes on the client: any other GET outside the API gets index.html; a mistyped API path is
      // a 404 however it is spelled (/API/…, /%61pi/…, //api/…).
      web.get('/*', { schema: { hide: true } }, (req, reply) => {
        if (isApiPath(req.url)) return reply.callNotFound();
        return reply.sendFile('index.html');
      });
    });
  }
  return app;
}
