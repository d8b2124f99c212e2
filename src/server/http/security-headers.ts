import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The content policy of every response, checked against the built web app and the API description in Chromium
 * (e2e/security-headers.e2e.ts): scripts only from the server itself, no plugins, no framing by other sites.
 * - style-src 'unsafe-inline': Mantine writes its CSS variables in a <style> element and positions popovers with
 *   style attributes; a message preview (srcdoc iframe) inherits this policy and mail HTML is styled inline.
 * - img-src data: https: — previews show data: images; a template may show the office's logo from its website
 *   (the mailbox and sandbox previews add their own stricter policy that blocks remote images).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * A PDF opened in the browser is shown by Chromium's viewer through an <embed> in a page it makes up, which the
 * response's own policy governs (crbug.com/271452): the app's policy (object-src 'none') would blank it.
 */
export const PDF_CONTENT_SECURITY_POLICY =
  "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/** Security headers on every response the app answers (helmet), with the policy above. */
export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    // No defaults merged in: the policy is the list above, without upgrade-insecure-requests (offices run
    // Listonosz on plain http inside their network, where it would break every request).
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // A year, for this host only: the office's other sites may still be served over plain http.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) {
      reply.header('content-security-policy', PDF_CONTENT_SECURITY_POLICY);
    }
    return payload;
  });
}
