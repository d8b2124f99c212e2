import { mailboxKey } from '../../../shared/email-address.js';
import type { BulkResult, Selection } from '../../../shared/messages.js';
import type { Db, MessageStatus, Row } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import { requireAdmin } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import { CANCELLABLE, selectionFilter } from '../messages/messages.js';
import { assertPdfPasswords } from '../pdf-password/protect.js';
import { createFreezer, type FreezeDeps } from './freeze-chunk.js';
import { AlreadyResolved, createRepeater } from './repeat.js';
import { smtpUtf8Problems, smtpUtf8Refusal } from './smtputf8-check.js';

/** What queueing needs (freeze-chunk.ts), and whose accounts an actor reaches. */
export interface DeliveryDeps extends FreezeDeps {
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}

/** Statuses a resend applies to: the message went out, or finally failed. */
export const RESENDABLE: readonly MessageStatus[] = ['failed', 'bounced', 'sent', 'complained'];
/** Priority of messages: single resends go before bulk runs (lower is sooner). */
export const PRIORITY = { single: 10, bulk: 100 } as const;
const MAX_SELECTION = 50_000;
/** How far ahead a send may be scheduled. */
export const MAX_SCHEDULE_DAYS = 366;
/** Drafts frozen and written per transaction when queueing. */
const QUEUE_CHUNK = 200;
/** Messages whose addresses are read per statement for the queue-time SMTPUTF8 check. */
const ADDRESS_CHECK_CHUNK = 500;

type Target = { id: string; status: MessageStatus; account_id: string };

export function createDeliveryService(deps: DeliveryDeps) {
  const { db, repo, messages, accounts, outbox, events, blobs, secrets, links, audit, clock, scopeFor } = deps;

  /** The messages a selection names, limited to the actor's accounts. */
  async function resolve(actor: Actor, selection: Selection): Promise<Target[]> {
    const scope = await scopeFor(actor);
    const accountIds = scope.all ? null : [...scope.ids];
    if ('ids' in selection) return messages.findManyForAccounts(db, [...new Set(selection.ids)], accountIds);
    const f = selection.filter;
    let ids = accountIds;
    const narrow = (wanted: string[]) => {
      ids = ids === null ? wanted : ids.filter((id) => wanted.includes(id));
    };
    if (f.accountId) narrow([f.accountId]);
    if (f.positionId) narrow(await accounts.accountIdsForPosition(db, f.positionId));
    return messages.selectIds(db, selectionFilter(f.mailbox, ids, f), MAX_SELECTION);
  }

  /** The selection's messages in a state the action applies to, and the counts so far (all of it for a dry run). */
  async function plan(
    actor: Actor,
    input: { selection: Selection; dryRun: boolean },
    applies: readonly MessageStatus[],
  ) {
    const targets = await resolve(actor, input.selection);
    const eligible = targets.filter((t) => applies.includes(t.status));
    const result: BulkResult = {
      matched: targets.length,
      changed: 0,
      skipped: targets.length - eligible.length,
      held: 0,
    };
    return { eligible, result: input.dryRun ? { ...result, changed: eligible.length } : result };
  }

  /** Adds one message's outcome to the counts: changed (and maybe held), or skipped when it changed state meanwhile. */
  function tally(result: BulkResult, outcome: { status: string } | null) {
    if (!outcome) result.skipped++;
    else {
      result.changed++;
      if (outcome.status === 'held') result.held++;
    }
  }

  const freezer = createFreezer(deps);
  const repeat = createRepeater({ db, repo, messages, outbox, events, blobs, secrets, links, audit, clock });

  async function loadAccount(tx: Db, id: string) {
    const account = await accounts.findById(tx, id);
    if (!account) throw new NotFoundError('Nie znaleziono konta e-mail.');
    return account;
  }

  /** Refuses the whole queueing (dry run too) when an address needs SMTPUTF8 its account's server lacks. */
  async function assertAddressesSendable(drafts: Target[]) {
    const rows: { account_id: string; to_address: string }[] = [];
    for (const ids of chunks(
      drafts.map((d) => d.id),
      ADDRESS_CHECK_CHUNK,
    )) {
      rows.push(...(await repo.addressesOf(db, ids)));
    }
    const accountsById = new Map<string, Row<'smtp_accounts'>>();
    for (const id of new Set(rows.map((r) => r.account_id))) {
      const account = await accounts.findById(db, id);
      if (account) accountsById.set(id, account);
    }
    const problems = smtpUtf8Problems(accountsById, rows);
    if (problems.length > 0) throw new ConflictError(`${smtpUtf8Refusal(problems)} Nic nie zostało zakolejkowane.`);
  }

  /** A scheduled send may be at most a year ahead (MAX_SCHEDULE_DAYS). */
  function assertSendAt(sendAt: string | null) {
    if (sendAt && new Date(sendAt).getTime() > clock.now().getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
      throw new ValidationError('Termin wysyłki może być najwyżej rok naprzód.', [
        { path: 'sendAt', message: 'Za odległy termin.' },
      ]);
    }
  }

  return {
    /**
     * Drafts → outbox. Each message's final MIME is rendered now and stored with its SHA-256 ("frozen"): later
     * changes to data or templates never alter what a queued message sends.
     */
    async queue(
      actor: Actor,
      input: { selection: Selection; dryRun: boolean; sendAt: string | null },
    ): Promise<BulkResult> {
      // The schedule limit holds for every way of queueing (one message, a selection, a batch).
      assertSendAt(input.sendAt);
      const { eligible: drafts, result } = await plan(actor, input, ['draft']);
      await assertAddressesSendable(drafts);
      await assertPdfPasswords(
        db,
        drafts.map((d) => d.id),
      );
      if (input.dryRun) return result;
      const sendAt = input.sendAt ? new Date(input.sendAt).toISOString() : null;
      await freezer.freeze(
        actor,
        drafts.map((d) => d.id),
        QUEUE_CHUNK,
        sendAt,
        result,
      );
      return result;
    },

    /**
     * A deliberate resend (issue 11): each selected message is sent again as a NEW message with its own Message-ID
     * (providers drop a repeated one) and `References` to the original, which keeps its status and attempts — a
     * sent message stays in Wysłane. A suppression of the address from an earlier bounce is lifted: the clerk
     * decided to try it again.
     */
    async resend(
      actor: Actor,
      input: { selection: Selection; dryRun: boolean },
    ): Promise<BulkResult & { created: string[] }> {
      const { eligible, result } = await plan(actor, input, RESENDABLE);
      const created: string[] = [];
      if (input.dryRun) return { ...result, created };
      const single = 'ids' in input.selection && input.selection.ids.length === 1;
      const priority = single ? PRIORITY.single : PRIORITY.bulk;
      for (const target of eligible) {
        const message = await messages.findById(db, target.id);
        const account = message && (await accounts.findById(db, message.account_id));
        if (!message || !RESENDABLE.includes(message.status) || !account || account.status !== 'active') {
          result.skipped++;
          continue;
        }
        // A bulk resend never sends a message again that already has a successor (D41): run twice, it sends once.
        if (!single && (message.resolved_at || (await messages.hasChildren(db, message.id)))) {
          result.skipped++;
          continue;
        }
        const key = mailboxKey(message.to_address);
        const made = await repeat(actor, message, account, {
          kind: 'resend',
          to: { name: message.to_name, address: message.to_address },
          priority,
          onlyUnresolved: !single,
          action: 'message.resend',
          details: { previousStatus: message.status },
          before: async (tx) => {
            const [suppression] = await outbox.findSuppressions(tx, [key]);
            if (!suppression) return;
            await outbox.deleteSuppression(tx, key);
            await audit.record(tx, actor, {
              action: 'suppression.remove',
              entityType: 'suppression',
              entityId: key,
              details: { address: message.to_address, reason: suppression.reason, via: 'message.resend' },
            });
          },
        }).catch((err: unknown) => {
          if (err instanceof AlreadyResolved) return null;
          throw err;
        });
        if (made) created.push(made.id);
        tally(result, made);
      }
      return { ...result, created };
    },

    /** Cancels every selected message that has not gone out (drafts, queued, waiting, held). */
    async cancel(actor: Actor, input: { selection: Selection; dryRun: boolean }): Promise<BulkResult> {
      const { eligible, result } = await plan(actor, input, CANCELLABLE);
      if (input.dryRun) return result;
      for (const target of eligible) {
        const ok = await db.transaction().execute(async (tx) => {
          const done = await messages.updateWhereStatus(tx, target.id, CANCELLABLE, {
            status: 'cancelled',
            mailbox: 'cancelled',
            held_reason: null,
            updated_at: clock.now().toISOString(),
          });
          if (done) {
            await audit.record(tx, actor, {
              action: 'message.cancel',
              entityType: 'message',
              entityId: target.id,
              details: { previousStatus: target.status },
            });
          }
          return done;
        });
        tally(result, ok ? { status: 'cancelled' } : null);
      }
      return result;
    },

    /** An administrator stops an account: nothing is sent from it, its waiting messages are held. */
    async holdAccount(actor: Actor, accountId: string) {
      requireAdmin(actor, 'Wstrzymać konto może tylko administrator.');
      return db.transaction().execute(async (tx) => {
        await loadAccount(tx, accountId);
        const nowIso = clock.now().toISOString();
        await outbox.setCircuit(tx, accountId, { circuit_state: 'paused', circuit_retry_at: null, updated_at: nowIso });
        const held = await outbox.holdWaiting(tx, { accountId }, 'paused', nowIso);
        await audit.record(tx, actor, {
          action: 'account.hold',
          entityType: 'account',
          entityId: accountId,
          details: { held },
        });
        return { held };
      });
    },

    /** Resumes an account (after a pause or a fixed error): its held messages go back to the queue. */
    async releaseAccount(actor: Actor, accountId: string) {
      requireAdmin(actor, 'Wznowić konto może tylko administrator.');
      return db.transaction().execute(async (tx) => {
        await loadAccount(tx, accountId);
        const nowIso = clock.now().toISOString();
        await outbox.setCircuit(tx, accountId, {
          circuit_state: 'closed',
          circuit_failures: 0,
          circuit_retry_at: null,
          last_error: null,
          last_error_at: null,
          updated_at: nowIso,
        });
        const released = await outbox.releaseHeld(tx, { accountId }, ['paused', 'account'], nowIso);
        await audit.record(tx, actor, {
          action: 'account.release',
          entityType: 'account',
          entityId: accountId,
          details: { released },
        });
        return { released };
      });
    },

    /**
     * "Spróbuj teraz": the account's waiting messages are due at once — those held for its failures and those
     * waiting for a retry — and an open circuit is due for its trial now. A pause set by an administrator stays.
     */
    async retryAccountNow(actor: Actor, accountId: string) {
      if (!inScope(await scopeFor(actor), accountId)) {
        throw new ForbiddenError('To konto nie należy do Twojego stanowiska.');
      }
      return db.transaction().execute(async (tx) => {
        const account = await loadAccount(tx, accountId);
        if (account.circuit_state === 'paused') {
          throw new ConflictError('Wysyłkę z tego konta wstrzymał administrator; wznowić ją może tylko administrator.');
        }
        const nowIso = clock.now().toISOString();
        if (account.circuit_state === 'open') {
          await outbox.setCircuit(tx, accountId, { circuit_retry_at: nowIso });
        }
        const released = await outbox.releaseHeld(tx, { accountId }, ['account'], nowIso);
        const retried = await outbox.retryWaitingNow(tx, accountId, nowIso);
        await audit.record(tx, actor, {
          action: 'account.retry_now',
          entityType: 'account',
          entityId: accountId,
          details: { released, retried, circuit: account.circuit_state },
        });
        return { due: released + retried };
      });
    },

    /** Checks that the actor may act on one message (used by the proof and test-send routes). */
    async visibleMessage(actor: Actor, id: string): Promise<Row<'messages'>> {
      const message = await messages.findById(db, id);
      if (!message) throw new NotFoundError('Nie znaleziono wiadomości.');
      if (!inScope(await scopeFor(actor), message.account_id)) {
        throw new ForbiddenError('Ta wiadomość należy do konta innego stanowiska.');
      }
      return message;
    },

    assertSendAt,
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
