import type { Db, Row } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';
import { ConflictError } from '../../lib/errors.js';
import {
  effectiveRule,
  missingReason,
  parseRule,
  parseTypeRules,
  passwordFor,
  REVEALS_PASSWORD,
  revealsPassword,
  withPasswordHint,
} from './pdf-password.js';
import { type PdfPasswordSource, pdfPasswordRepository as repo } from './pdf-password.repository.js';
import { pdfEncryptor } from './qpdf.js';

export const QPDF_MISSING =
  'Zabezpieczanie PDF-ów hasłem wymaga programu qpdf, którego na serwerze nie ma — administrator musi go zainstalować ' +
  '(Debian/Ubuntu: apt-get install qpdf) albo wyłączyć hasło do PDF-ów. Wiadomości z PDF-em bez hasła nie zostaną wysłane zamiast nich.';
/** Names listed in one refusal; the rest are counted. */
const LISTED = 20;

async function ruleOf(db: Db, source: PdfPasswordSource) {
  const types = parseTypeRules(await repo.typeRulesJson(db));
  return effectiveRule(
    parseRule(source.batch_rule),
    types[source.type as keyof typeof types],
    parseRule(source.account_rule),
  );
}

type Attachment = { filename: string; content_type: string; size: number; blob_sha256: string; data: Uint8Array };

/**
 * Called once by composeMessage (D71): when the message's rule asks for a password, its document's PDF is encrypted
 * (AES-256) and both parts say how to open it — never the password. The stored document stays as it was. A message
 * whose password cannot be made, or a server without qpdf, is refused: never sent unprotected instead.
 */
export async function protectPdfs<A extends Attachment>(
  db: Db,
  message: Row<'messages'>,
  attachments: A[],
  body: { html: string; text: string },
): Promise<{ attachments: A[]; body: { html: string; text: string } }> {
  if (!message.document_id) return { attachments, body };
  const [source] = await repo.sourcesOf(db, [message.id]);
  if (!source) return { attachments, body };
  const rule = await ruleOf(db, source);
  if (rule.kind === 'off' || !attachments.some((a) => a.blob_sha256 === source.pdf_sha256)) {
    return { attachments, body };
  }
  const password = passwordFor(rule, { nrb: source.bank_account, code: source.pdf_code });
  if (!password) {
    throw new ConflictError(
      `Nie da się ustalić hasła do PDF-u dla: ${source.recipient_name ?? source.to_name} (${missingReason(rule)}).`,
    );
  }
  if (revealsPassword(password, [message.subject, body.html, body.text])) {
    throw new ConflictError(
      `PDF-u dla ${source.recipient_name ?? source.to_name} nie można zabezpieczyć: ${REVEALS_PASSWORD}.`,
    );
  }
  const encryptor = pdfEncryptor();
  if (!(await encryptor.available())) throw new ConflictError(QPDF_MISSING);
  const out: A[] = [];
  for (const a of attachments) {
    if (a.blob_sha256 !== source.pdf_sha256) out.push(a);
    else {
      const data = await encryptor.encrypt(a.data, password);
      out.push({ ...a, data, size: data.length });
    }
  }
  return { attachments: out, body: withPasswordHint(body, rule) };
}

/**
 * Before anything is queued: every message that needs a PDF password must get one, and the server must be able to
 * encrypt. Refuses the whole queueing, in Polish, naming who lacks what (D71).
 */
export async function assertPdfPasswords(db: Db, messageIds: string[]): Promise<void> {
  const missing: string[] = [];
  const revealing: string[] = [];
  const passwords = new Map<string, { who: string; password: string }>();
  let protectedCount = 0;
  const types = parseTypeRules(await repo.typeRulesJson(db));
  for (const ids of chunks(messageIds, 500)) {
    for (const s of await repo.sourcesOf(db, ids)) {
      const rule = effectiveRule(
        parseRule(s.batch_rule),
        types[s.type as keyof typeof types],
        parseRule(s.account_rule),
      );
      if (rule.kind === 'off') continue;
      protectedCount++;
      const password = passwordFor(rule, { nrb: s.bank_account, code: s.pdf_code });
      const who = `${s.recipient_name ?? s.to_name} <${s.to_address}>${s.unit_number ? `, lokal ${s.unit_number}` : ''}`;
      if (!password) missing.push(`${who} — ${missingReason(rule)}`);
      else passwords.set(s.id, { who, password });
    }
  }
  // A password the message itself prints protects nothing: refused too.
  for (const ids of chunks([...passwords.keys()], 500)) {
    for (const m of await repo.textsOf(db, ids)) {
      const p = passwords.get(m.id);
      if (p && revealsPassword(p.password, [m.subject, m.html, m.text])) revealing.push(p.who);
    }
  }
  if (revealing.length > 0) {
    const more = revealing.length > LISTED ? ` i ${revealing.length - LISTED} innych` : '';
    throw new ConflictError(
      `PDF-ów nie można zabezpieczyć hasłem: ${REVEALS_PASSWORD}. Dotyczy: ${revealing.slice(0, LISTED).join('; ')}${more}. Nic nie zostało zakolejkowane.`,
    );
  }
  if (missing.length > 0) {
    const more = missing.length > LISTED ? ` i ${missing.length - LISTED} innych` : '';
    throw new ConflictError(
      `PDF-y tej wysyłki mają być zabezpieczone hasłem, ale dla ${missing.length} ${missing.length === 1 ? 'adresata' : 'adresatów'} nie da się go ustalić: ` +
        `${missing.slice(0, LISTED).join('; ')}${more}. Uzupełnij dane (kod adresata albo numer rachunku lokalu) albo zmień regułę hasła. Nic nie zostało zakolejkowane.`,
    );
  }
  if (protectedCount > 0 && !(await pdfEncryptor().available())) {
    throw new ConflictError(`${QPDF_MISSING} Nic nie zostało zakolejkowane.`);
  }
}
