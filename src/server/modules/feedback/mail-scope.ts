import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../../db/schema.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { Actor } from '../auth/auth.js';

/**
 * Which feedback mail (tenants' replies in Odebrane, unknown mail in triage, Pulpit's counts of both) a user may see
 * (D50): all (null), or mail tied to one of `accountIds`, or — tied to no account — read from one of `mailboxIds`
 * (the feedback mailboxes those accounts use).
 */
export interface MailScope {
  accountIds: string[];
  mailboxIds: string[];
}

/** A query over `feedback_replies as r` joined with its `feedback_events as e` (same id). */
export type MailEb = ExpressionBuilder<
  Database & { r: Database['feedback_replies']; e: Database['feedback_events'] },
  'r' | 'e'
>;

/** The rule in SQL. */
export function visibleMail(eb: MailEb, scope: MailScope | null) {
  if (!scope) return eb.lit(true);
  const tied = scope.accountIds.length ? [eb('r.account_id', 'in', scope.accountIds)] : [];
  const untied = scope.mailboxIds.length
    ? [eb.and([eb('r.account_id', 'is', null), eb('e.mailbox_id', 'in', scope.mailboxIds)])]
    : [];
  return eb.or([...tied, ...untied, eb.lit(false)]);
}

/** The same rule for one row already read. */
export function mailInScope(scope: MailScope | null, row: { account_id: string | null; mailbox_id: string }) {
  if (!scope) return true;
  return row.account_id !== null
    ? scope.accountIds.includes(row.account_id)
    : scope.mailboxIds.includes(row.mailbox_id);
}

export type MailScopeFor = (actor: Actor, tx?: Db) => Promise<MailScope | null>;

/** The actor's mail scope from their account scope and the feedback mailboxes those accounts use. */
export function createMailScopeFor(deps: {
  db: Db;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
  mailboxesOf: (db: Db, accountIds: string[]) => Promise<string[]>;
}): MailScopeFor {
  return async (actor, tx = deps.db) => {
    const scope = await deps.scopeFor(actor, tx);
    if (scope.all) return null;
    const accountIds = [...scope.ids];
    return { accountIds, mailboxIds: await deps.mailboxesOf(tx, accountIds) };
  };
}
