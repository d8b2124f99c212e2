import type { AccountRodoFooter, InstallationRodoFooter, RodoFooter } from '../../../shared/rodo.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { NotFoundError } from '../../lib/errors.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import { installationFooter, parseFooter, RODO_FOOTER_KEY } from './rodo-footer.js';

const requireAdmin = adminOnly('Stopkę RODO ustawia tylko administrator.');

/** The RODO footer of the installation and of each account (D66); admin only, every change audited. */
export function createRodoService(deps: { db: Db; audit: AuditLog; clock: Clock }) {
  const { db, audit, clock } = deps;

  async function accountRow(tx: Db, id: string) {
    const row = await tx
      .selectFrom('smtp_accounts')
      .select(['id', 'rodo_footer'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Nie ma takiego konta e-mail.');
    return row;
  }

  return {
    async getInstallation(actor: Actor): Promise<InstallationRodoFooter> {
      requireAdmin(actor);
      return { footer: await installationFooter(db) };
    },

    async setInstallation(actor: Actor, footer: RodoFooter | null): Promise<InstallationRodoFooter> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const now = clock.now().toISOString();
        if (footer) {
          const value = JSON.stringify(footer);
          await tx
            .insertInto('instance_settings')
            .values({ key: RODO_FOOTER_KEY, value, updated_at: now })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
            .execute();
        } else {
          await tx.deleteFrom('instance_settings').where('key', '=', RODO_FOOTER_KEY).execute();
        }
        await audit.record(tx, actor, {
          action: 'settings.rodo_footer',
          entityType: 'settings',
          entityId: null,
          details: { footer },
        });
        return { footer };
      });
    },

    async getAccount(actor: Actor, id: string): Promise<AccountRodoFooter> {
      requireAdmin(actor);
      const row = await accountRow(db, id);
      const own = parseFooter(row.rodo_footer);
      return { footer: own, effective: own ?? (await installationFooter(db)) };
    },

    async setAccount(actor: Actor, id: string, footer: RodoFooter | null): Promise<AccountRodoFooter> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        await accountRow(tx, id);
        await tx
          .updateTable('smtp_accounts')
          .set({ rodo_footer: footer ? JSON.stringify(footer) : null, updated_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        await audit.record(tx, actor, {
          action: 'account.rodo_footer',
          entityType: 'account',
          entityId: id,
          details: { footer },
        });
        return { footer, effective: footer ?? (await installationFooter(tx)) };
      });
    },
  };
}

export type RodoService = ReturnType<typeof createRodoService>;
