import type { Db } from '../../db/schema.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { Access } from '../auth/access.js';
import { type Actor, inScope, scopeIds } from '../auth/auth.js';
import type { PositionsRepository } from '../positions/positions.repository.js';

/** Who may make a batch for which position, and from which of its accounts. */
export function createBatchAccess(deps: {
  positions: PositionsRepository;
  accounts: AccountsRepository;
  positionScope: Access['positionScope'];
}) {
  const { positions, accounts, positionScope } = deps;

  /** The positions to limit a selection to; undefined for an administrator (no limit). */
  const positionIdsOf = async (tx: Db, actor: Actor) => scopeIds(await positionScope(actor, tx)) ?? undefined;

  /** The position's account to send from: the chosen one if bound to the position, else its default. */
  async function accountFor(tx: Db, actor: Actor, positionId: string, accountId: string | undefined) {
    if (!(await positions.findById(tx, positionId))) {
      throw new ValidationError('Wybrane stanowisko nie istnieje.', [
        { path: 'positionId', message: 'Nieznane stanowisko.' },
      ]);
    }
    if (!inScope(await positionScope(actor, tx), positionId)) {
      throw new ForbiddenError('Nie pracujesz na tym stanowisku — wybierz swoje stanowisko.');
    }
    const links = await positions.accountLinks(tx, [positionId]);
    const chosen = accountId ? links.find((l) => l.account_id === accountId) : links.find((l) => l.role === 'default');
    if (!chosen) {
      throw new ValidationError(
        accountId
          ? 'To konto nie jest przypisane do wybranego stanowiska.'
          : 'Stanowisko nie ma domyślnego konta e-mail — wybierz konto albo poproś administratora o przypisanie.',
        [{ path: 'accountId', message: 'Wybierz konto stanowiska.' }],
      );
    }
    const account = await accounts.findById(tx, chosen.account_id);
    if (account?.status !== 'active') {
      throw new ValidationError('To konto e-mail jest wyłączone.', [
        { path: 'accountId', message: 'Konto wyłączone.' },
      ]);
    }
    return account;
  }

  return { positionIdsOf, accountFor };
}
