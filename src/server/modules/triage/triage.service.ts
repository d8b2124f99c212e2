import { mailboxKey } from '../../../shared/email-address.js';
import type {
  TriageDecisionInput,
  TriageDecisionResult,
  TriageDetail,
  TriageItem,
  TriageQuery,
  TriageWhy,
} from '../../../shared/triage.js';
import type { Db } from '../../db/schema.js';
import type { MessageEventLog } from '../../events/message-events.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import { applyHardBounce } from '../feedback/bounce-effect.js';
import type { FeedbackRepository } from '../feedback/feedback.repository.js';
import { createMailScopeFor } from '../feedback/mail-scope.js';
import { mailView } from './mail-view.js';
import type { TriageRepository } from './triage.repository.js';

export interface TriageDeps {
  db: Db;
  repo: TriageRepository;
  feedback: FeedbackRepository;
  blobs: BlobStore;
  audit: AuditLog;
  /** The message event log (D60): a bounce decided here writes `bounced`. */
  events: MessageEventLog;
  clock: Clock;
  /** Pass the transaction when inside one. */
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}

const ORDER = 'receivedAt:desc';
const NOT_FOUND = 'Nie znaleziono tej wiadomości do przejrzenia — mogła zostać usunięta.';
const NOT_YOURS = 'Ta wiadomość dotyczy kont innego stanowiska.';
/** Statuses of a message that went out: only such a message can be replied to or bounce. */
const SENT = ['sent', 'complained', 'bounced'];

/**
 * Unknown feedback mail for a person to decide (issue 12 point 8, D50): the open list, one mail as it came, and
 * the decision — a tenant's reply (kind 'reply', shown in Odebrane), a bounce of a message (the sink's hard-bounce
 * effect, bounce-effect.ts) or nothing to do — each in one transaction and audited.
 */
export function createTriageService(deps: TriageDeps) {
  const { db, repo, clock, scopeFor } = deps;

  const mailScope = createMailScopeFor({ db, scopeFor, mailboxesOf: repo.mailboxesOf });

  async function loadVisible(tx: Db, actor: Actor, id: string) {
    const row = await repo.find(tx, id);
    if (!row) throw new NotFoundError(NOT_FOUND);
    if (!(await repo.isVisible(tx, id, await mailScope(actor, tx)))) throw new ForbiddenError(NOT_YOURS);
    return row;
  }

  /** A message the person picked: it exists, is theirs and went out. */
  async function pickedMessage(tx: Db, actor: Actor, id: string) {
    const m = await repo.message(tx, id);
    if (!m) {
      throw new ValidationError('Wybrana wiadomość nie istnieje.', [
        { path: 'messageId', message: 'Nieznana wiadomość.' },
      ]);
    }
    const scope = await scopeFor(actor, tx);
    if (!scope.all && !scope.ids.has(m.account_id)) {
      throw new ForbiddenError('Wybrana wiadomość należy do konta innego stanowiska.');
    }
    if (!SENT.includes(m.status)) {
      throw new ValidationError('Wybierz wiadomość, która została wysłana.', [
        { path: 'messageId', message: 'Ta wiadomość nie została wysłana.' },
      ]);
    }
    return m;
  }

  return {
    mailScope,

    /** Before a decision's body is read: the mail exists and is within the actor's reach. */
    async assertVisible(actor: Actor, id: string): Promise<void> {
      await loadVisible(db, actor, id);
    },

    async list(actor: Actor, query: TriageQuery) {
      const rows = await repo.openPage(db, {
        scope: await mailScope(actor),
        after: decodeCursor(query.cursor, ORDER),
        limit: query.limit,
      });
      return toPage<(typeof rows)[number], TriageItem>(
        rows,
        query.limit,
        (r) => ({ value: r.received_at, id: r.id }),
        (r) => ({
          id: r.id,
          fromAddress: r.from_address,
          fromName: r.from_name,
          subject: r.subject,
          receivedAt: r.received_at,
          reason: r.reason,
          mailboxName: r.mailbox_name,
        }),
        ORDER,
      );
    },

    /** Pulpit: unknown mail waiting and the tenants' replies this user has not read, in the user's scope. */
    async counts(actor: Actor) {
      return repo.counts(db, { scope: await mailScope(actor), userId: actor.userId ?? '' });
    },

    async get(actor: Actor, id: string): Promise<TriageDetail> {
      const row = await loadVisible(db, actor, id);
      if (row.kind !== 'unknown') throw new NotFoundError(NOT_FOUND);
      const raw = row.raw_sha256 ? await deps.blobs.get(db, row.raw_sha256).catch(() => null) : null;
      const view = mailView(raw, row.reason);
      const message = row.message_id ? await repo.message(db, row.message_id) : null;
      const why: TriageWhy[] = [...view.why, message ? 'tied_weakly' : 'not_tied'];
      return {
        id: row.id,
        fromAddress: view.fromAddress ?? row.from_address,
        fromName: view.fromName ?? row.from_name,
        subject: view.subject || row.subject,
        receivedAt: row.received_at,
        reason: row.reason,
        mailboxName: row.mailbox_name,
        text: view.text || row.text,
        html: view.html,
        why,
        complete: view.complete,
        message: message
          ? {
              id: message.id,
              subject: message.subject,
              toAddress: message.to_address,
              status: message.status,
              sentAt: message.sent_at,
            }
          : null,
      };
    },

    async decide(actor: Actor, id: string, input: TriageDecisionInput): Promise<TriageDecisionResult> {
      return db.transaction().execute(async (tx) => {
        const row = await loadVisible(tx, actor, id);
        if (row.kind !== 'unknown' || row.reviewed_at) {
          throw new ConflictError('Tę wiadomość już przejrzano — odśwież listę.');
        }
        const message =
          input.decision === 'nothing' || !input.messageId ? null : await pickedMessage(tx, actor, input.messageId);
        const nowIso = clock.now().toISOString();
        const won = await repo.decide(tx, id, {
          kind: input.decision === 'reply' ? 'reply' : 'unknown',
          decision: input.decision,
          reviewedBy: actor.userId,
          nowIso,
          message,
        });
        if (!won) throw new ConflictError('Tę wiadomość już przejrzano — odśwież listę.');
        let changed = false;
        const address = message ? mailboxKey(message.to_address) : null;
        if (input.decision === 'bounce' && message) {
          changed = await applyHardBounce(
            { repo: deps.feedback, audit: deps.audit, events: deps.events },
            {
              tx,
              actor,
              eventId: id,
              message,
              address,
              failure: {
                reason: 'recipient_unknown',
                status: null,
                diagnosticCode: 'Adres nie istnieje (zwrot oznaczony przy przeglądaniu)',
              },
              at: nowIso,
              nowIso,
            },
          );
        }
        await repo.retagEvent(tx, id, {
          kind: input.decision === 'bounce' ? 'hard_bounce' : input.decision === 'reply' ? 'reply' : 'unknown',
          reason: input.decision === 'bounce' ? 'recipient_unknown' : input.decision === 'reply' ? 'reply' : row.reason,
          effect:
            input.decision === 'bounce'
              ? changed
                ? 'bounced'
                : 'none'
              : input.decision === 'reply'
                ? 'reply'
                : 'reviewed',
          message,
          address,
        });
        await deps.audit.record(tx, actor, {
          action: 'feedback_mail.triage',
          entityType: 'feedback_mail',
          entityId: id,
          details: { decision: input.decision, messageId: message?.id ?? null, subject: row.subject.slice(0, 200) },
        });
        return { id, decision: input.decision, changed };
      });
    },
  };
}

export type TriageService = ReturnType<typeof createTriageService>;
