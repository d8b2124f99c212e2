import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../lib/errors.js';

const NUL_MESSAGE = 'Dane zawierają niedozwolony znak (NUL, \\u0000) — usuń go i spróbuj ponownie.';

/** Whether any string in a parsed body, query or form holds U+0000 (walked without recursion). */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

export function assertNoNul(value: unknown) {
  if (containsNul(value)) throw new ValidationError(NUL_MESSAGE);
}

/**
 * PostgreSQL cannot store U+0000 in text, and no clerk means to type it: a request that carries one in its path,
 * query or JSON body is refused at the edge, before validation (multipart fields are checked in `http/multipart.ts`).
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    assertNoNul(req.params);
    assertNoNul(req.query);
    assertNoNul(req.body);
  });
}
