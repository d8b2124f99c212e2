/**
 * Turning a batch's documents into drafts: for each document, the people it is for; for each person, their
 * channel and consent decide e-mail or the paper pack; one draft per e-mail address (never a shared To/CC),
 * with the document's PDF and the batch's extra attachments. Items are keyed (batch, document, recipient,
 * address), so running a batch again — after a crash, or on purpose — never makes a second draft.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BuyerProblem, PaperReason } from '../../../shared/batches.js';
import { cleanLine } from '../../../shared/plain-text.js';
import type { Db, NewRow, Row } from '../../db/schema.js';
import { isOutsideControl } from '../../documents/notice-period.js';
import { documentType } from '../../documents/registry.js';
import {
  type CompiledTemplate,
  compileTemplate,
  liquidMessage,
  type RenderedMessage,
  renderCompiled,
  type TemplateContext,
  TemplateLimitError,
} from '../../documents/templates.js';
import type { DocumentTypeName, TemplateText } from '../../documents/types/document-type.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import { templateContext } from '../documents/context.js';
import type { DocumentsRepository } from '../documents/documents.repository.js';
import { messageIdHeader, messageSearchFields } from '../messages/messages.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import { sentBefore, sentKey } from './already-sent.js';
import type { BatchesRepository } from './batches.repository.js';
import { buyerNameOf, chooseBuyer } from './buyer.js';
import { documentPages } from './document-pages.js';

/** Documents handled per transaction; progress is written after each. */
export const RUN_CHUNK = 100;
/** Rendering hands the event loop back this often, so a slow template cannot hold up other requests. */
const RENDER_SLICE_MS = 50;

/** A message of the batch went over a template limit: the run stops, saying where and why. */
class TemplateStopped extends Error {}

/** One message rendered; over the time limit, once more after a turn of the event loop (a pause is not a loop). */
async function renderWithinLimits(template: CompiledTemplate, context: TemplateContext): Promise<RenderedMessage> {
  try {
    return renderCompiled(template, context);
  } catch (e) {
    if (!(e instanceof TemplateLimitError && e.limit === 'time')) throw e;
    await nextTurn();
    return renderCompiled(template, context);
  }
}

export interface RunnerDeps {
  db: Db;
  repo: BatchesRepository;
  documents: DocumentsRepository;
  messages: MessagesRepository;
  audit: AuditLog;
  clock: Clock;
}

type Person = Awaited<ReturnType<DocumentsRepository['recipientsByIds']>>[number];

/** A fee notice to a tenant needs written form (art. 8a uopl) unless it changes only fees outside the owner's control. */
export function feeNoticeNeedsWrittenForm(data: string): boolean {
  const names = ((JSON.parse(data) as { components?: { name?: string }[] }).components ?? []).map((c) => c.name ?? '');
  return !(names.length > 0 && names.every(isOutsideControl));
}

/** E-mail or paper for one person, and why paper. */
export function channelFor(
  person: Pick<Person, 'channel' | 'consent_at'>,
  emails: string[],
  legalStrength: string,
): { channel: 'email' } | { channel: 'paper'; reason: PaperReason } {
  if (legalStrength === 'written_form_required') return { channel: 'paper', reason: 'written_form' };
  if (person.channel === 'paper') return { channel: 'paper', reason: 'paper_channel' };
  if (!person.consent_at) return { channel: 'paper', reason: 'no_consent' };
  if (emails.length === 0) return { channel: 'paper', reason: 'no_email' };
  return { channel: 'email' };
}

/**
 * Who each document is for: its recipient, or everyone linked to its unit — but a sales document only the buyer
 * it names (buyer.ts); one whose buyer cannot be told is for nobody and comes back as a problem.
 */
export async function audiences(
  deps: Pick<RunnerDeps, 'documents'>,
  db: Db,
  docs: Pick<Row<'documents'>, 'id' | 'unit_id' | 'recipient_id' | 'data' | 'title'>[],
  documentType: string,
) {
  const unitIds = [...new Set(docs.flatMap((d) => (d.recipient_id || !d.unit_id ? [] : [d.unit_id])))];
  const links = await deps.documents.linksOfUnits(db, unitIds);
  const byUnit = new Map<string, string[]>();
  for (const l of links) byUnit.set(l.unit_id, [...(byUnit.get(l.unit_id) ?? []), l.recipient_id]);
  const linked = [...new Set(links.map((l) => l.recipient_id))];
  const direct = docs.flatMap((d) => (d.recipient_id ? [d.recipient_id] : []));
  const ids = [...new Set([...linked, ...direct])];
  const people = new Map((await deps.documents.recipientsByIds(db, ids)).map((p) => [p.id, p]));
  const problems: BuyerProblem[] = [];
  const forDoc = new Map<string, string[]>();
  /** Each person's role on a unit, `unit|recipient` (a fee notice to a tenant needs written form, D68). */
  const roles = new Map(links.map((l) => [`${l.unit_id}|${l.recipient_id}`, l.role]));
  for (const d of docs) {
    if (d.recipient_id) forDoc.set(d.id, [d.recipient_id]);
    else if (!d.unit_id) forDoc.set(d.id, []);
    else if (documentType !== 'sales_document') forDoc.set(d.id, byUnit.get(d.unit_id) ?? []);
    else {
      const onUnit = (byUnit.get(d.unit_id) ?? []).flatMap((id) => {
        const p = people.get(id);
        return p ? [{ id, name: p.name }] : [];
      });
      const choice = chooseBuyer(buyerNameOf(JSON.parse(d.data) as Record<string, unknown>), onUnit);
      if (choice.ok) forDoc.set(d.id, choice.recipientIds);
      else {
        forDoc.set(d.id, []);
        problems.push({ documentId: d.id, title: d.title, ...choice.problem });
      }
    }
  }
  const emails = new Map<string, string[]>();
  for (const e of await deps.documents.emailsOf(db, ids)) {
    emails.set(e.recipient_id, [...(emails.get(e.recipient_id) ?? []), e.address]);
  }
  return { forDoc, people, emails, problems, roles };
}

export function createBatchRunner(deps: RunnerDeps) {
  const { db, repo, documents, messages, audit, clock } = deps;

  async function processChunk(
    batch: Row<'batches'>,
    account: Row<'smtp_accounts'>,
    template: CompiledTemplate,
    extras: Row<'batch_attachments'>[],
    docIds: string[],
  ) {
    const def = documentType(batch.document_type as DocumentTypeName);
    const docs = await repo.documentsByIds(db, docIds);
    const { forDoc, people, emails, problems, roles } = await audiences({ documents }, db, docs, batch.document_type);
    const done = new Set(
      (await repo.existingItems(db, batch.id, docIds)).map((i) => `${i.document_id}|${i.recipient_id}|${i.address}`),
    );
    // What already went to an address is left out, unless the clerk chose to send it again (already-sent.ts).
    const sent =
      batch.include_sent === 'yes'
        ? new Set<string>()
        : new Set((await sentBefore(db, docIds, batch.id)).map((r) => sentKey(r.documentId, r.address)));
    const now = clock.now().toISOString();
    let sliceStart = performance.now();
    const out = {
      messages: [] as NewRow<'messages'>[],
      bodies: [] as NewRow<'message_bodies'>[],
      attachments: [] as NewRow<'message_attachments'>[],
      items: [] as NewRow<'batch_items'>[],
      problems,
    };
    for (const doc of docs) {
      for (const personId of forDoc.get(doc.id) ?? []) {
        const person = people.get(personId);
        if (!person) continue;
        const addresses = emails.get(personId) ?? [];
        const writtenForm =
          batch.written_form === 'yes' ||
          (batch.document_type === 'fee_notice' &&
            roles.get(`${doc.unit_id}|${personId}`) === 'tenant' &&
            feeNoticeNeedsWrittenForm(doc.data));
        const decision = channelFor(person, addresses, writtenForm ? 'written_form_required' : def.legalStrength);
        if (decision.channel === 'paper') {
          if (done.has(`${doc.id}|${personId}|`)) continue;
          out.items.push({
            batch_id: batch.id,
            document_id: doc.id,
            recipient_id: personId,
            address: '',
            channel: 'paper',
            reason: decision.reason,
            message_id: null,
            created_at: now,
          });
          continue;
        }
        for (const address of addresses) {
          if (done.has(`${doc.id}|${personId}|${address}`)) continue;
          if (sent.has(sentKey(doc.id, address))) {
            out.items.push({
              batch_id: batch.id,
              document_id: doc.id,
              recipient_id: personId,
              address,
              channel: 'email',
              reason: 'already_sent',
              message_id: null,
              created_at: now,
            });
            continue;
          }
          const id = newId();
          if (performance.now() - sliceStart > RENDER_SLICE_MS) {
            await nextTurn();
            sliceStart = performance.now();
          }
          let rendered: RenderedMessage;
          const context = templateContext(doc, person, address, account);
          try {
            rendered = await renderWithinLimits(template, context);
          } catch (e) {
            // Over a limit, or a variable this document does not have (strict variables): say which, never send
            // an empty place.
            throw new TemplateStopped(
              `Tworzenie wiadomości zatrzymane przy dokumencie „${doc.title}”. ${liquidMessage(e)} Popraw szablon i utwórz wysyłkę od nowa.`,
            );
          }
          // Names and file names come from data (imports, the API): hidden characters are dropped, not refused.
          const toName = cleanLine(person.name);
          out.messages.push({
            id,
            account_id: account.id,
            recipient_id: personId,
            to_name: toName,
            to_address: address,
            subject: rendered.subject,
            status: 'draft',
            mailbox: 'drafts',
            message_id_header: messageIdHeader(id, account.from_address),
            document_type: batch.document_type,
            send_at: null,
            queued_at: null,
            sent_at: null,
            last_error: null,
            ...messageSearchFields({ subject: rendered.subject, toName, toAddress: address }),
            created_by: batch.created_by,
            created_at: now,
            updated_at: now,
            batch_id: batch.id,
            document_id: doc.id,
          });
          out.bodies.push({ message_id: id, html: rendered.html, text: rendered.text });
          const files = [
            { blob: doc.pdf_sha256, name: doc.filename, type: 'application/pdf', size: doc.pdf_size },
            ...extras.map((x) => ({ blob: x.blob_sha256, name: x.filename, type: x.content_type, size: x.size })),
          ];
          files.forEach((f, position) => {
            out.attachments.push({
              id: newId(),
              message_id: id,
              blob_sha256: f.blob,
              filename: cleanLine(f.name),
              content_type: f.type,
              size: f.size,
              position,
            });
          });
          out.items.push({
            batch_id: batch.id,
            document_id: doc.id,
            recipient_id: personId,
            address,
            channel: 'email',
            reason: null,
            message_id: id,
            created_at: now,
          });
        }
      }
    }
    return out;
  }

  return {
    /** Processes every document of a batch (already claimed as running); returns the counts. */
    async run(actor: Actor, batchId: string): Promise<void> {
      const batch = (await repo.findById(db, batchId))!;
      try {
        const account = await db
          .selectFrom('smtp_accounts')
          .selectAll()
          .where('id', '=', batch.account_id)
          .executeTakeFirstOrThrow();
        const template = compileTemplate(JSON.parse(batch.template) as TemplateText);
        const selection = JSON.parse(batch.selection);
        const selected = { type: batch.document_type, ...selection, positionId: batch.position_id };
        // The documents there are as the run starts, read page by page (D88): one imported meanwhile is not taken.
        const { total, createdUpTo } = await repo.selectionSnapshot(db, selected);
        const scope = { ...selected, createdUpTo: createdUpTo ?? '' };
        const extras = await repo.attachmentsOf(db, batch.id);
        await repo.update(db, batch.id, { total, done: 0, updated_at: clock.now().toISOString() });
        let done = 0;
        const buyerProblems: BuyerProblem[] = [];
        // The documents' ids a page at a time, never all at once (D88).
        for await (const page of documentPages(repo, db, scope)) {
          const ids = page.map((r) => r.id);
          for (let i = 0; i < ids.length; i += RUN_CHUNK) {
            const chunk = ids.slice(i, i + RUN_CHUNK);
            const made = await processChunk(batch, account, template, extras, chunk);
            buyerProblems.push(...made.problems);
            done += chunk.length;
            await db.transaction().execute(async (tx) => {
              await messages.insertMany(tx, made);
              await repo.insertItems(tx, made.items);
              await repo.update(tx, batch.id, { done, updated_at: clock.now().toISOString() });
            });
          }
        }
        // The next run's "already sent" check looks these messages up by document: statistics first (D64).
        await repo.analyzeAfterRun(db, done);
        const counts = await repo.countItems(db, batch.id);
        const emailCount = counts
          .filter((c) => c.channel === 'email' && c.reason !== 'already_sent')
          .reduce((s, c) => s + Number(c.n), 0);
        const paperCount = counts.filter((c) => c.channel === 'paper').reduce((s, c) => s + Number(c.n), 0);
        await db.transaction().execute(async (tx) => {
          await repo.update(tx, batch.id, {
            total: done,
            email_count: emailCount,
            paper_count: paperCount,
            buyer_problems: buyerProblems.length > 0 ? JSON.stringify(buyerProblems) : null,
            updated_at: clock.now().toISOString(),
          });
          await audit.record(tx, actor, {
            action: 'batch.run',
            entityType: 'batch',
            entityId: batch.id,
            details: {
              documents: done,
              drafts: emailCount,
              paper: paperCount,
              ...(buyerProblems.length > 0 ? { buyerProblems: buyerProblems.length } : {}),
              alreadySentLeftOut: counts
                .filter((c) => c.reason === 'already_sent')
                .reduce((s, c) => s + Number(c.n), 0),
            },
          });
        });
      } catch (err) {
        await repo.update(db, batch.id, {
          status: 'failed',
          error:
            err instanceof TemplateStopped
              ? err.message
              : 'Tworzenie wiadomości przerwał błąd. Uruchom wysyłkę ponownie — to, co już powstało, nie zostanie zdublowane.',
          updated_at: clock.now().toISOString(),
        });
        throw err;
      }
    },
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
