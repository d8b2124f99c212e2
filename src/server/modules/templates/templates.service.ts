import type { DocumentTypeName } from '../../../shared/documents.js';
import type { EffectiveTemplate, Preview, PreviewInput, TemplateBody } from '../../../shared/templates.js';
import type { Db } from '../../db/schema.js';
import { readyPdfProblems } from '../../documents/ready-pdf-template.js';
import { documentType } from '../../documents/registry.js';
import {
  checkTemplate,
  cleanTemplate,
  isLimitMessage,
  renderTemplate,
  sampleContext,
  TemplateLimitError,
} from '../../documents/templates.js';
import type { TemplateText } from '../../documents/types/document-type.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import type { Actor, Scope } from '../auth/auth.js';
import { templateContext } from '../documents/context.js';
import type { DocumentsRepository } from '../documents/documents.repository.js';
import type { TemplatesRepository } from './templates.repository.js';

export interface TemplatesDeps {
  db: Db;
  repo: TemplatesRepository;
  accounts: AccountsRepository;
  documents: DocumentsRepository;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
  /** The properties an actor may reach: a preview reads only documents of these. */
  propertyScope: (actor: Actor, tx?: Db) => Promise<Scope>;
}

/** For documents that came as ready PDFs (no structured data): only the title and the parties are known. */
export const READY_PDF_TEMPLATE: TemplateText = {
  subject: '{{ document.title }}',
  html:
    '<p>Szanowni Państwo,</p>\n' +
    '<p>w załączeniu przesyłamy dokument: <strong>{{ document.title }}</strong>{% if unit %} dotyczący lokalu ' +
    '{{ unit.label }}{% endif %}.</p>\n' +
    '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
  text: '',
};

const assertAdmin = adminOnly('Szablony zmienia administrator — poproś go o zmianę.');

export function createTemplatesService(deps: TemplatesDeps) {
  const { db, repo, accounts, documents, audit, clock, scopeFor } = deps;

  async function effective(tx: Db, type: DocumentTypeName, accountId: string | null): Promise<EffectiveTemplate> {
    const rows = await repo.findForType(tx, type, accountId);
    const own = accountId ? rows.find((r) => r.account_id === accountId) : undefined;
    const installation = rows.find((r) => r.account_id === null);
    const chosen = own ?? installation;
    return {
      documentType: type,
      accountId,
      source: own ? 'account' : installation ? 'installation' : 'built_in',
      template: chosen
        ? { subject: chosen.subject, html: chosen.html, text: chosen.text }
        : { ...documentType(type).template },
      updatedAt: chosen?.updated_at ?? null,
    };
  }

  async function assertAccount(tx: Db, actor: Actor, accountId: string) {
    if (!(await accounts.findById(tx, accountId))) throw new NotFoundError('Nie znaleziono konta e-mail.');
    if (!inScope(await scopeFor(actor, tx), accountId)) {
      throw new ForbiddenError('To konto należy do innego stanowiska.');
    }
  }

  /** Checks and cleans a template; a problem is a validation error on the field it is in. */
  function validated(type: DocumentTypeName, body: TemplateBody): TemplateText {
    const def = documentType(type);
    const clean = cleanTemplate(body);
    const problems = checkTemplate(def, clean, sampleContext(def));
    if (problems.length > 0) throw new ValidationError('Szablon ma błędy — popraw zaznaczone miejsca.', problems);
    return clean;
  }

  return {
    /** Pass the transaction when inside one. */
    effective: (type: DocumentTypeName, accountId: string | null, tx: Db = db) => effective(tx, type, accountId),

    async get(actor: Actor, type: DocumentTypeName, accountId: string | null): Promise<EffectiveTemplate> {
      if (accountId) await assertAccount(db, actor, accountId);
      return effective(db, type, accountId);
    },

    /** Sets the installation default (accountId null) or one account's own template. Admin only (route). */
    async save(actor: Actor, type: DocumentTypeName, accountId: string | null, body: TemplateBody) {
      assertAdmin(actor);
      const clean = validated(type, body);
      return db.transaction().execute(async (tx) => {
        if (accountId) await assertAccount(tx, actor, accountId);
        const now = clock.now().toISOString();
        const id = await repo.upsert(tx, {
          id: newId(),
          document_type: type,
          account_id: accountId,
          ...clean,
          updated_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, actor, {
          action: 'template.save',
          entityType: 'template',
          entityId: id,
          details: { documentType: type, accountId, subject: clean.subject },
        });
        return effective(tx, type, accountId);
      });
    },

    /** Drops a stored template: the account falls back to the installation default, that to the built-in one. */
    async reset(actor: Actor, type: DocumentTypeName, accountId: string | null) {
      assertAdmin(actor);
      return db.transaction().execute(async (tx) => {
        if (accountId) await assertAccount(tx, actor, accountId);
        if (await repo.remove(tx, type, accountId)) {
          await audit.record(tx, actor, {
            action: 'template.reset',
            entityType: 'template',
            entityId: null,
            details: { documentType: type, accountId },
          });
        }
        return effective(tx, type, accountId);
      });
    },

    /** Renders a template for the sample data or a real document, with its problems (never throws on them). */
    async preview(actor: Actor, input: PreviewInput): Promise<Preview> {
      const def = documentType(input.documentType);
      const clean = cleanTemplate(input.template);
      let context = sampleContext(def);
      if (input.accountId) {
        await assertAccount(db, actor, input.accountId);
        const a = (await accounts.findById(db, input.accountId))!;
        context = {
          ...context,
          account: { fromName: a.from_name, fromAddress: a.from_address, feedbackAddress: a.feedback_address },
        };
      }
      let problems = checkTemplate(def, clean, context);
      // A template over a limit is not rendered again: each render could take the limit's time once more.
      if (problems.some((p) => isLimitMessage(p.message))) return { subject: '', html: '', text: '', problems };
      let readyPdf = false;
      if (input.documentId) {
        const doc = await documents.findById(db, input.documentId);
        if (!doc) throw new NotFoundError('Nie znaleziono dokumentu.');
        if (!inScope(await deps.propertyScope(actor), doc.property_id)) {
          throw new ForbiddenError('Ten dokument dotyczy nieruchomości spoza Twojego stanowiska.');
        }
        const parties = JSON.parse(doc.parties);
        const recipient = {
          name: parties.recipient.name,
          street: parties.recipient.street,
          postal_code: parties.recipient.postalCode,
          city: parties.recipient.city,
          country: parties.recipient.country,
        };
        const real = templateContext(doc, recipient, context.recipient.email, {
          from_name: context.account.fromName,
          from_address: context.account.fromAddress,
          feedback_address: context.account.feedbackAddress,
        });
        // A ready PDF has no structured data: judge the template by what this document has.
        readyPdf = doc.source !== 'data';
        if (readyPdf) {
          // Named as in a batch: which variable such documents lack, not an empty place in the message.
          const lacking = readyPdfProblems(clean, Object.keys(JSON.parse(doc.data) as object));
          problems = [...problems.filter((p) => !p.message.startsWith('Nieznana zmienna')), ...lacking];
          if (lacking.length > 0) return { subject: '', html: '', text: '', problems };
        }
        context = real;
      }
      try {
        return { ...renderTemplate(clean, context), problems };
      } catch (e) {
        if (e instanceof TemplateLimitError) {
          const path = e.part === 'text' && !clean.text.trim() ? 'html' : (e.part ?? 'html');
          return { subject: '', html: '', text: '', problems: [...problems, { path, message: e.message }] };
        }
        // Name each part that fails for this context once, in Polish: the same check, against this context
        // (for a ready PDF, leaving out the type's variables it does not have, as above).
        const named = new Set(problems.map((p) => p.path));
        const reasons = checkTemplate(def, clean, context).filter(
          (p) => !named.has(p.path) && !(readyPdf && p.message.endsWith('z listy zmiennych.')),
        );
        if (problems.length + reasons.length === 0) {
          reasons.push({
            path: 'html',
            message: 'Szablonu nie da się wypełnić danymi tego dokumentu — sprawdź zmienne.',
          });
        }
        return { subject: '', html: '', text: '', problems: [...problems, ...reasons] };
      }
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
