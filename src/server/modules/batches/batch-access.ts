import type { Db } from '../../db/schema.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import { type Actor, isAdmin, keyPosition } from '../auth/auth.js';
import type { PositionsRepository } from '../positions/positions.repository.js';

/** The positions a non-admin acts for: a position-bound key's one, or the user's (never "all" for a key). */
export async function actorPositionIds(positions: PositionsRepository, tx: Db, actor: Actor): Promise<string[]> {
  const keyAt = keyPosition(actor);
  if (keyAt) return [keyAt];
  if (!actor.userId) return [];
  return (await positions.list(tx, actor.userId)).map((p) => p.id);
}

/** Who may make a batch for which position, and from which of its accounts. */
export function createBatchAccess(deps: { positions: PositionsRepository; accounts: AccountsRepository }) {
  const { positions, accounts } = deps;

  const positionIdsOf = (tx: Db, actor: Actor) => actorPositionIds(positions, tx, actor);

  /** The position's account to send from: the chosen one if bound to the position, else its default. */
  async function accountFor(tx: Db, actor: Actor, positionId: string, accountId: string | undefined) {
    if (!(await positions.findById(tx, positionId))) {
      throw new ValidationError('Wybrane stanowisko nie istnieje.', [
        { path: 'positionId', message: 'Nieznane stanowisko.' },
      ]);
    }
    if (!isAdmin(actor) && !(await positionIdsOf(tx, actor)).includes(positionId)) {
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
