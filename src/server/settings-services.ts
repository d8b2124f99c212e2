import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { AccountScope } from './modules/accounts/accounts.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import type { Actor } from './modules/auth/auth.js';
import { createPdfPasswordService } from './modules/pdf-password/pdf-password.service.js';
import { createRodoService } from './modules/rodo/rodo.service.js';

/** The services that only keep settings read when a message is built: the RODO footer (D66), PDF passwords (D71). */
export function createSettingsServices(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}) {
  return { rodo: createRodoService(deps), pdfPasswords: createPdfPasswordService(deps) };
}
