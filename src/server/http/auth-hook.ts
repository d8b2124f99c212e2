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
    /** Routes reachable without a session (login, first-run set-up, health, the web app's files). */
    public?: boolean;
    /** Who may call the route at all, checked before the body is read: `admin`, or (default) any signed-in user. */
    access?: 'admin';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user whose password an administrator set may still do before changing it. */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/logout', '/api/auth/me', '/api/auth/password']);

/**
 * Decided on the route the router matched, never on the raw URL (which may spell the same route many ways):
 * every route requires a live session unless its config says `public: true`, so routes added later are private
 * by default. Runs before the body is read. State-changing requests must also carry the session's CSRF token in
 * the X-CSRF-Token header (synchronizer token); `access: 'admin'` routes refuse everyone else here.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // No route matched: the not-found answer holds no data.
    if (req.is404 || req.routeOptions.config?.public) return;
    const token = req.cookies[SESSION_COOKIE];
    req.auth = token ? await auth.authenticate(token, req.ip) : null;
    if (!req.auth) throw new UnauthenticatedError();
    if (req.auth.user.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(req.routeOptions.url ?? '')) {
      throw new ForbiddenError('Najpierw ustaw własne hasło — to nadane przez administratora trzeba zmienić.');
    }
    if (req.routeOptions.config?.access === 'admin' && req.auth.actor.role !== 'admin') {
      throw new ForbiddenError('Tylko administrator może to zrobić — poproś go o pomoc.');
    }
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

/** Marks every route registered in this plugin context public (the web app's files, the API description). */
export function publicRoutes(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), public: true };
  });
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
