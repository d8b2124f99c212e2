import { simpleParser } from 'mailparser';
import { contentRemovedText } from '../../../shared/retention.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { smtpSettingsOf } from '../../mail/account-secrets.js';
import { describeConnectionError } from '../../mail/error-hints.js';
import type { SmtpSettings } from '../../mail/smtp.js';
import { classifyFailure, type SmtpFailure } from '../../sending/classify.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { LinkApplier } from '../download-links/download-links.service.js';
import type { FeedbackRepository } from '../feedback/feedback.repository.js';
import { messageIdHeader } from '../messages/messages.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import { composeMessage } from './compose.js';
import type { DeliveryRepository } from './delivery.repository.js';
import type { DeliveryService } from './delivery.service.js';
import { type ReceiptFeedback, reportOrigin } from './receipt-feedback.js';
import type { ReceiptRenderer } from './receipt-pool.js';
import { smtpUtf8Problems, smtpUtf8Refusal } from './smtputf8-check.js';

export interface ProofDeps {
  db: Db;
  delivery: DeliveryService;
  repo: DeliveryRepository;
  messages: MessagesRepository;
  feedback: FeedbackRepository;
  accounts: AccountsRepository;
  users: UsersRepository;
  blobs: BlobStore;
  secrets: SecretBox;
  /** Signed download links put in at build time (D70); none without it. */
  links?: LinkApplier;
  audit: AuditLog;
  clock: Clock;
  /** Draws the receipt PDF off the thread that answers requests (receipt-pool.ts). */
  receipts: ReceiptRenderer;
  /** Port: sends one message over a fresh SMTP connection and returns the server's reply. */
  sendOnce: (settings: SmtpSettings, raw: Buffer, envelope: { from: string; to: string }) => Promise<string>;
}

/** Proof of sending (.eml and the PDF receipt) and the "send a test to me" action. */
export function createProofService(deps: ProofDeps) {
  const { db, delivery, repo, messages, feedback, accounts, users, blobs, secrets, links, audit, clock, sendOnce } =
    deps;

  async function accountOf(id: string) {
    const account = await accounts.findById(db, id);
    if (!account) throw new NotFoundError('Nie znaleziono konta e-mail.');
    return account;
  }

  /** The From of the frozen .eml: what was sent, even if the account's name or address changed since. */
  async function frozenSender(sha256: string) {
    const raw = await blobs.get(db, sha256);
    const end = raw.indexOf('\r\n\r\n');
    const head = await simpleParser(end >= 0 ? raw.subarray(0, end + 4) : raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
    const from = head.from?.value[0];
    return from?.address ? { name: from.name, address: from.address } : null;
  }

  /** The message's feedback events for the receipt, each with who reported it read from the kept report. */
  async function feedbackOf(id: string): Promise<ReceiptFeedback[]> {
    const rows = await feedback.receiptEventsOf(db, id);
    return Promise.all(
      rows.map(async (e) => {
        let details: ReceiptFeedback['details'] = {};
        try {
          details = JSON.parse(e.details) as ReceiptFeedback['details'];
        } catch {
          // Kept as stored; the receipt shows the rest.
        }
        const raw = e.raw_sha256 ? await blobs.get(db, e.raw_sha256).catch(() => null) : null;
        return {
          occurredAt: e.occurred_at,
          kind: e.kind,
          reason: e.reason,
          confidence: e.confidence,
          forged: e.forged === 1,
          address: e.address,
          details,
          origin: raw ? reportOrigin(raw) : null,
          raw: e.raw_sha256 ? { sha256: e.raw_sha256, size: Number(e.raw_size ?? raw?.length ?? 0) } : null,
        };
      }),
    );
  }

  return {
    /** The exact bytes every attempt sent (or will send). */
    async eml(actor: Actor, id: string) {
      const message = await delivery.visibleMessage(actor, id);
      if (!message.eml_sha256) throw new ConflictError('Wiadomość nie była jeszcze wysyłana — to wersja robocza.');
      if (message.content_removed_at) throw new ConflictError(contentRemovedText(message.content_removed_at));
      return { filename: `wiadomosc-${message.id}.eml`, data: await blobs.get(db, message.eml_sha256) };
    },

    /** The raw report of one feedback event (a bounce, receipt, reply…) as it came, kept beside the proof. */
    async rawReport(actor: Actor, id: string, eventId: string) {
      const message = await delivery.visibleMessage(actor, id);
      const event = await feedback.rawReportOf(db, message.id, eventId);
      if (!event) throw new NotFoundError('Nie znaleziono tej informacji zwrotnej przy wiadomości.');
      if (!event.raw_sha256) throw new NotFoundError('Oryginalny raport tej informacji zwrotnej nie został zachowany.');
      return {
        filename: `raport-${event.kind.replace(/_/g, '-')}-${event.id}.eml`,
        data: await blobs.get(db, event.raw_sha256),
      };
    },

    /** PDF "Potwierdzenie wysyłki" for a message the server accepted, with the feedback that came back later. */
    async receipt(actor: Actor, id: string) {
      const message = await delivery.visibleMessage(actor, id);
      if (!message.sent_at || !message.smtp_response || !message.eml_sha256) {
        throw new ConflictError('Potwierdzenie wysyłki jest dostępne dopiero po przyjęciu wiadomości przez serwer.');
      }
      const [account, attachments, attempts, sender, events, linkRecord] = await Promise.all([
        accountOf(message.account_id),
        messages.attachmentsOf(db, id),
        messages.attemptsOf(db, id),
        message.content_removed_at ? null : frozenSender(message.eml_sha256),
        feedbackOf(message.id),
        links?.receiptOf(message.id),
      ]);
      const data = await deps.receipts.render({
        messageId: message.id,
        messageIdHeader: message.message_id_header,
        account: {
          name: account.name,
          fromName: sender?.name ?? account.from_name,
          fromAddress: sender?.address ?? account.from_address,
          host: account.host,
        },
        to: { name: message.to_name, address: message.to_address },
        envelopeFrom: message.envelope_from ?? '',
        subject: message.subject,
        sentAt: message.sent_at,
        smtpResponse: message.smtp_response,
        smtpQueueId: message.smtp_queue_id,
        eml: { sha256: message.eml_sha256, size: message.eml_size ?? 0 },
        attachments: attachments.map((a) => ({ filename: a.filename, sha256: a.blob_sha256, size: a.size })),
        attempts: attempts.map((a) => ({ startedAt: a.started_at, outcome: a.outcome, response: a.response })),
        feedback: events,
        links: linkRecord,
        generatedAt: clock.now().toISOString(),
      });
      return { filename: `potwierdzenie-wysylki-${message.id}.pdf`, data };
    },

    /** Sends the message, marked [TEST], to the current user's own address at once; the message itself is untouched. */
    async testSend(actor: Actor, id: string) {
      const message = await delivery.visibleMessage(actor, id);
      const user = actor.userId ? await users.findById(db, actor.userId) : undefined;
      if (!user?.email) {
        throw new ValidationError('Nie masz zapisanego adresu e-mail — poproś administratora o jego uzupełnienie.', [
          { path: 'email', message: 'Brak adresu e-mail użytkownika.' },
        ]);
      }
      const account = await accountOf(message.account_id);
      const problems = smtpUtf8Problems(new Map([[account.id, account]]), [
        { account_id: account.id, to_address: user.email },
      ]);
      if (problems.length > 0) throw new ConflictError(`${smtpUtf8Refusal(problems)} Wiadomości testowej nie wysłano.`);
      // Its own Message-ID: a provider that saw the real message's ID would drop the test, or the other way round.
      const testId = newId();
      const testHeader = messageIdHeader(testId, account.from_address);
      const { raw, envelopeFrom: sender } = await composeMessage(
        { db, messages, delivery: repo, secrets, links },
        message,
        account,
        {
          date: clock.now(),
          to: { name: user.display_name, address: user.email },
          subjectPrefix: '[TEST] ',
          as: { id: testId, messageIdHeader: testHeader },
          references: [message.message_id_header],
        },
      );
      const settings = smtpSettingsOf(account, secrets);
      let outcome: { ok: boolean; message: string; response: string | null };
      try {
        const response = await sendOnce(settings, raw, { from: sender, to: user.email });
        outcome = { ok: true, message: `Wysłano wiadomość testową na adres ${user.email}.`, response };
      } catch (err) {
        const failure = err as SmtpFailure;
        const hint = failure.responseCode
          ? classifyFailure(failure).hint
          : describeConnectionError(failure, account).message;
        outcome = { ok: false, message: hint, response: failure.response ?? failure.message ?? null };
      }
      await db.transaction().execute((tx) =>
        audit.record(tx, actor, {
          action: 'message.test_send',
          entityType: 'message',
          entityId: id,
          details: { to: user.email, ok: outcome.ok, response: outcome.response, messageIdHeader: testHeader },
        }),
      );
      return { ...outcome, to: user.email, messageIdHeader: testHeader };
    },
  };
}

export type ProofService = ReturnType<typeof createProofService>;
