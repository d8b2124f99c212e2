import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyScope } from '../../shared/api-keys.js';
import { safeEqual } from '../lib/crypto.js';
import { ForbiddenError, TooManyRequestsError, UnauthenticatedError } from '../lib/errors.js';
import { SCOPE_NAMES } from '../modules/api-keys/api-keys.js';
import type { ApiKeysService, AuthenticatedKey } from '../modules/api-keys/api-keys.service.js';
import { type Actor, CSRF_HEADER, SESSION_COOKIE } from '../modules/auth/auth.js';
import type { AuthenticatedSession, AuthService } from '../modules/auth/auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthenticatedSession | null;
    /** The API key of a request sent with `Authorization: Bearer lst_…` (then `auth` stays null). */
    apiKey: AuthenticatedKey | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, first-run set-up, health, the web app's files). */
    public?: boolean;
    /** Who may call the route at all, checked before the body is read: `admin`, or (default) any signed-in user. */
    access?: 'admin';
    /**
     * The scope that lets an API key call this route (D58). Without it the route is closed to keys, so a route
     * added later is refused to keys until someone opens it here; `access: 'admin'` routes never open to keys.
     */
    scope?: ApiKeyScope;
  }
}

export interface KeyAuth {
  service: ApiKeysService;
  /** Requests per minute per key (counted apart from people's limits). */
  perMinute: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user whose password an administrator set may still do before changing it. */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/logout', '/api/auth/me', '/api/auth/password']);

/**
 * Decided on the route the router matched, never on the raw URL (which may spell the same route many ways):
 * every route requires a live session unless its config says `public: true`, so routes added later are private
 * by default. Runs before the body is read. State-changing requests must also carry the session's CSRF token in
 * the X-CSRF-Token header (synchronizer token); `access: 'admin'` routes refuse everyone else here.
 * A request with an `Authorization` header is a machine's: it must carry a live API key whose scopes include the
 * route's `scope` (D58); it needs no cookie and no CSRF token, and is rate-limited per key.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService, keys: KeyAuth) {
  app.decorateRequest('auth', null);
  app.decorateRequest('apiKey', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.scope && route.config.access === 'admin') {
      throw new Error(`${route.url}: an admin-only route cannot open to API keys (D58).`);
    }
  });
  // Keys get their own counter, keyed by the key's id: a busy rent system never uses up a person's limit.
  const keyLimit = app.createRateLimit({
    max: keys.perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => `api-key:${req.apiKey?.apiKeyId}`,
  });
  const keyFailures = failedKeyLimit(app);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    // No route matched: the not-found answer holds no data.
    if (req.is404 || req.routeOptions.config?.public) return;
    if (req.headers.authorization !== undefined) {
      req.apiKey = await keyFailures.guard(req, () => authenticateKey(req, keys.service));
      const limit = await keyLimit(req);
      if (!limit.isAllowed && limit.isExceeded) {
        throw new TooManyRequestsError(
          `Ten klucz API wysłał zbyt wiele żądań (najwyżej ${limit.max} na minutę) — spróbuj za ${limit.ttlInSeconds} s.`,
          limit.ttlInSeconds,
        );
      }
      checkScope(req, req.apiKey);
      // No CSRF check: a browser never attaches the key by itself, so a forged cross-site request cannot carry it.
      return;
    }
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

const BEARER = /^Bearer +(\S+)$/i;

/** Failed key authentications an address may make in a minute; after that its key requests wait out the minute. */
export const KEY_FAILURES_PER_MINUTE = 20;
/** Addresses remembered as blocked at once (expired ones are dropped first). */
const MAX_BLOCKED = 10_000;

/**
 * Guessing keys from one address is cut short (D95): after KEY_FAILURES_PER_MINUTE refused keys in a minute, every
 * key request from that address — a right key too, so a guess that hits learns nothing — answers 429 until the
 * minute is over, without a database lookup. Keys alone: people's sessions from the same office address are not
 * touched (an office behind one address must not be locked out by a misconfigured script).
 */
function failedKeyLimit(app: FastifyInstance) {
  const failures = app.createRateLimit({
    max: KEY_FAILURES_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (req) => `api-key-failed:${req.ip}`,
  });
  const blockedUntil = new Map<string, number>();
  const refuse = (seconds: number) =>
    new TooManyRequestsError(
      `Z tego adresu podano zbyt wiele nieprawidłowych kluczy API (najwyżej ${KEY_FAILURES_PER_MINUTE} na minutę) — spróbuj za ${seconds} s.`,
      seconds,
    );
  function block(ip: string, seconds: number) {
    const now = Date.now();
    if (blockedUntil.size >= MAX_BLOCKED)
      for (const [known, until] of blockedUntil) if (until <= now) blockedUntil.delete(known);
    if (blockedUntil.size < MAX_BLOCKED) blockedUntil.set(ip, now + seconds * 1000);
  }
  return {
    async guard(req: FastifyRequest, authenticate: () => Promise<AuthenticatedKey>): Promise<AuthenticatedKey> {
      const until = blockedUntil.get(req.ip);
      if (until !== undefined) {
        const left = until - Date.now();
        if (left > 0) throw refuse(Math.ceil(left / 1000));
        blockedUntil.delete(req.ip);
      }
      try {
        return await authenticate();
      } catch (err) {
        if (!(err instanceof UnauthenticatedError)) throw err;
        const seen = await failures(req);
        if (seen.isAllowed || !seen.isExceeded) throw err;
        block(req.ip, seen.ttlInSeconds);
        req.log.warn({ ip: req.ip }, 'API keys: too many refused keys from this address; its key requests wait');
        throw refuse(seen.ttlInSeconds);
      }
    },
  };
}

/** A live Bearer key, or 401. */
async function authenticateKey(req: FastifyRequest, service: ApiKeysService): Promise<AuthenticatedKey> {
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
  const key = token ? await service.authenticate(token, req.ip) : null;
  if (!key) {
    throw new UnauthenticatedError(
      'Klucz API jest nieprawidłowy, wygasł albo został unieważniony — poproś administratora o nowy klucz.',
    );
  }
  return key;
}

/** The key has the scope the matched route asks for; routes without one (and admin-only routes) never open to keys. */
function checkScope(req: FastifyRequest, key: AuthenticatedKey) {
  const { scope, access } = req.routeOptions.config ?? {};
  if (!scope || access === 'admin') {
    throw new ForbiddenError('Tej operacji nie można wykonać kluczem API — zrobi to osoba zalogowana w Listonoszu.');
  }
  if (!key.scopes.has(scope)) {
    throw new ForbiddenError(
      `Ten klucz API nie ma zakresu „${scope}” (${SCOPE_NAMES[scope]}) — poproś administratora o klucz z tym zakresem.`,
    );
  }
}

/** The acting user (or API key) of an authenticated request. */
export function actorOf(req: FastifyRequest): Actor {
  if (req.apiKey) return req.apiKey.actor;
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
