import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../lib/crypto.js';
import { ForbiddenError, UnauthenticatedError } from '../lib/errors.js';
import { type Actor, CSRF_HEADER, SESSION_COOKIE } from '../modules/auth/auth.js';
import type { AuthenticatedSession, AuthService } from '../modules/auth/auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthenticatedSession | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, first-run set-up, health). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /api route requires a live session unless marked `config: { public: true }`; state-changing requests
 * must also carry the session's CSRF token in the X-CSRF-Token header (synchronizer token).
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    // The API description is public; the data behind it is not.
    if (req.url === '/api/docs' || req.url.startsWith('/api/docs/')) return;
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await auth.authenticate(token, req.ip) : null;
    if (req.routeOptions.config?.public) return;
    if (!req.auth) throw new UnauthenticatedError();
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, req.auth.csrfToken)) {
        throw new ForbiddenError(
          'Sesja wygasła lub żądanie nie pochodzi z aplikacji — odśwież stronę i spróbuj ponownie.',
        );
      }
    }
  });
}

/** The acting user of an authenticated request. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.auth) throw new UnauthenticatedError();
  return req.auth.actor;
}

export function sessionOf(req: FastifyRequest): AuthenticatedSession {
  if (!req.auth) throw new UnauthenticatedError();
  return req.auth;
}

export function setSessionCookie(reply: FastifyReply, token: string, opts: { secure: boolean; maxAgeMs: number }) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secure,
    path: '/',
    maxAge: Math.floor(opts.maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii =
    filename
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'plik';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
