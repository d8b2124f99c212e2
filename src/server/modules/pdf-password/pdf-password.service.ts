import type {
  AccountPdfPassword,
  PdfPasswordRule,
  PdfPasswordStatus,
  TypePdfPasswords,
} from '../../../shared/pdf-password.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { NotFoundError } from '../../lib/errors.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import { PDF_PASSWORD_TYPES_KEY, parseRule, parseTypeRules } from './pdf-password.js';
import { pdfPasswordRepository as repo } from './pdf-password.repository.js';
import { pdfEncryptor } from './qpdf.js';

const requireAdmin = adminOnly('Hasła do PDF-ów ustawia tylko administrator.');

/** The PDF password rules of document types and accounts (D71): anyone may read them, an admin changes them (audited). */
export function createPdfPasswordService(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}) {
  const { db, audit, clock, scopeFor } = deps;

  async function accountRule(tx: Db, id: string) {
    const row = await tx
      .selectFrom('smtp_accounts')
      .select(['id', 'pdf_password'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Nie ma takiego konta e-mail.');
    return parseRule(row.pdf_password);
  }

  return {
    async status(): Promise<PdfPasswordStatus> {
      const [json, available] = await Promise.all([repo.typeRulesJson(db), pdfEncryptor().available()]);
      return { types: parseTypeRules(json), available };
    },

    async setTypes(actor: Actor, types: TypePdfPasswords['types']): Promise<PdfPasswordStatus> {
      requireAdmin(actor);
      const kept = Object.fromEntries(Object.entries(types).filter(([, rule]) => rule != null));
      await db.transaction().execute(async (tx) => {
        const now = clock.now().toISOString();
        const value = JSON.stringify(kept);
        await tx
          .insertInto('instance_settings')
          .values({ key: PDF_PASSWORD_TYPES_KEY, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
        await audit.record(tx, actor, {
          action: 'settings.pdf_password',
          entityType: 'settings',
          entityId: null,
          details: { types: kept },
        });
      });
      return { types: kept, available: await pdfEncryptor().available() };
    },

    async getAccount(actor: Actor, id: string): Promise<AccountPdfPassword> {
      if (!inScope(await scopeFor(actor), id)) throw new NotFoundError('Nie ma takiego konta e-mail.');
      return { rule: await accountRule(db, id) };
    },

    async setAccount(actor: Actor, id: string, rule: PdfPasswordRule | null): Promise<AccountPdfPassword> {
      requireAdmin(actor);
      const stored = rule && rule.kind !== 'off' ? rule : null;
      return db.transaction().execute(async (tx) => {
        await accountRule(tx, id);
        await tx
          .updateTable('smtp_accounts')
          .set({ pdf_password: stored ? JSON.stringify(stored) : null, updated_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        await audit.record(tx, actor, {
          action: 'account.pdf_password',
          entityType: 'account',
          entityId: id,
          details: { pdfPassword: stored },
        });
        return { rule: stored };
      });
    },
  };
}

export type PdfPasswordService = ReturnType<typeof createPdfPasswordService>;
