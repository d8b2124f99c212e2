import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginInput, PasswordChangeInput, SessionInfo, SetupInput, SetupStatus } from '../../../shared/auth.js';
import { User } from '../../../shared/users.js';
import type { Config } from '../../config.js';
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../http/auth-hook.js';
import type { AuthService } from './auth.service.js';

export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  config: Pick<Config, 'publicUrl' | 'sessionTtlMs'>;
}> = async (app, { auth, config }) => {
  const secure = config.publicUrl.startsWith('https://');
  const tags = ['auth'];

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Log in; sets the session cookie', body: LoginInput, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const { token, info } = await auth.login(req.body, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookie(reply, token, { secure, maxAgeMs: config.sessionTtlMs });
      return info;
    },
  );

  app.post('/api/auth/logout', { schema: { tags, summary: 'Log out' } }, async (req, reply) => {
    await auth.logout(sessionOf(req));
    clearSessionCookie(reply, secure);
    return reply.status(204).send();
  });

  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'The current user and CSRF token', response: { 200: SessionInfo } } },
    async (req) => {
      const session = sessionOf(req);
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/password',
    {
      // Wrong current passwords also count against the log-in lockout; this bounds the requests themselves.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChangeInput,
      },
    },
    async (req, reply) => {
      await auth.changeOwnPassword(sessionOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/setup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Whether the first administrator still has to be created',
        response: { 200: SetupStatus },
      },
    },
    async () => ({ needsSetup: await auth.needsSetup() }),
  );

  app.post(
    '/api/setup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Create the first administrator with the code printed on the console',
        body: SetupInput,
        response: { 201: User },
      },
    },
    async (req, reply) => reply.status(201).send(await auth.completeSetup(req.body, req.ip)),
  );
};
