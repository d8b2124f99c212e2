import { decodeWords, header, parseMime, partText, walk } from '../../feedback/mime.js';
import type { FeedbackKind, FeedbackReason } from '../../feedback/report.js';

/** One feedback event as the receipt shows it (D52): what came back, when, from whom, and the kept report's hash. */
export interface ReceiptFeedback {
  occurredAt: string;
  kind: string;
  reason: string;
  /** Correlation confidence (D46) and whether a VERP tag failed its signature. */
  confidence: string;
  forged: boolean;
  /** For a reply or receipt: who wrote it (mailbox key). */
  address: string | null;
  details: { status?: string | null; diagnostic?: string | null; remoteMta?: string | null; subject?: string | null };
  /** Read from the kept report: its From and its Reporting-MTA / Reporting-UA. */
  origin: ReportOrigin | null;
  raw: { sha256: string; size: number } | null;
}

/** The same sentences as the UI's pl `mailboxes.feedback.reason` table (a test keeps them equal). */
export const REASON_PL: Record<FeedbackReason, string> = {
  recipient_unknown: 'Skrzynka adresata nie istnieje.',
  domain_unknown: 'Domena adresata nie istnieje.',
  mailbox_full: 'Skrzynka adresata jest pełna.',
  mailbox_unavailable: 'Skrzynka adresata jest chwilowo niedostępna.',
  greylisted: 'Serwer adresata kazał spróbować później (greylisting).',
  expired: 'Wiadomość wygasła w kolejce serwera po wielu nieudanych próbach.',
  recipient_busy: 'Serwer adresata był zajęty.',
  message_too_big: 'Wiadomość była za duża dla skrzynki adresata.',
  temporary: 'Przejściowy błąd doręczenia.',
  spam: 'Serwer adresata uznał wiadomość za spam — to problem konta nadawczego.',
  blocklisted: 'Serwer nadawczy jest na czarnej liście — to problem konta nadawczego.',
  sender_authentication: 'Nie powiodło się uwierzytelnienie nadawcy (SPF/DKIM/DMARC) — to problem konta nadawczego.',
  rate_limited: 'Przekroczono limit wysyłki.',
  relay_denied: 'Serwer odmówił przekazania poczty.',
  sender_refused: 'Serwer adresata odrzucił nadawcę.',
  policy: 'Odrzucona przez zasady serwera adresata.',
  delayed: 'Doręczenie się opóźnia; serwer próbuje dalej.',
  complaint_abuse: 'Adresat zgłosił wiadomość jako spam.',
  complaint_fraud: 'Adresat zgłosił wiadomość jako oszustwo.',
  complaint_virus: 'Zgłoszono wirusa w wiadomości.',
  complaint_other: 'Adresat złożył skargę na wiadomość.',
  auto_reply_header: 'Automatyczna odpowiedź — wiadomość dotarła do skrzynki.',
  auto_reply_subject: 'Automatyczna odpowiedź — wiadomość dotarła do skrzynki.',
  read_displayed: 'Adresat otworzył wiadomość.',
  read_deleted: 'Wiadomość usunięto bez przeczytania.',
  read_other: 'Potwierdzenie od programu pocztowego adresata.',
  reply: 'Adresat odpowiedział.',
  delivered: 'Serwer potwierdził doręczenie.',
  unrecognised: 'Nie rozpoznano — wymaga przejrzenia.',
  too_large: 'Za duża do odczytania — wymaga przejrzenia.',
};

const TITLE_PL: Record<FeedbackKind, string> = {
  hard_bounce: 'Zwrócona',
  soft_bounce: 'Zwrot przejściowy',
  policy_block: 'Odrzucona przez zasady serwera',
  delay: 'Opóźnienie doręczenia',
  complaint: 'Skarga na spam',
  auto_reply: 'Autoodpowiedź — dotarła do skrzynki',
  read_receipt: 'Potwierdzenie od programu pocztowego',
  reply: 'Otrzymano odpowiedź adresata',
  unknown: 'Wiadomość nierozpoznana',
};

const STRONG = ['verp', 'envid', 'message_id'];

/** "Przeczytano" only for a `displayed` receipt: a receipt saying "deleted" is not evidence of reading. */
export function feedbackTitle(kind: string, reason: string): string {
  if (kind === 'read_receipt' && reason === 'read_displayed') return 'Przeczytano';
  if (kind === 'read_receipt' && reason === 'read_deleted') return 'Usunięto bez przeczytania';
  return TITLE_PL[kind as FeedbackKind] ?? kind;
}

export function reasonText(reason: string): string {
  return REASON_PL[reason as FeedbackReason] ?? reason;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Who reported it, in short: the reporting server or program, the sender, the status and diagnostic (bounded). */
export function feedbackSource(e: ReceiptFeedback): string[] {
  const lines: string[] = [];
  const reporter = e.origin?.reporter ?? e.details.remoteMta ?? null;
  if (reporter) lines.push(`Zgłosił: ${cut(reporter, 120)}`);
  const from = e.origin?.from ?? (['reply', 'read_receipt', 'auto_reply'].includes(e.kind) ? e.address : null);
  if (from) lines.push(`Nadawca raportu: ${cut(from, 120)}`);
  const { status, diagnostic } = e.details;
  const diag = (status && diagnostic?.includes(status) ? diagnostic : [status, diagnostic].filter(Boolean).join(' '))
    .replace(/\s+/g, ' ')
    .trim();
  if (diag) lines.push(`Odpowiedź serwera: ${cut(diag, 200)}`);
  if (e.details.subject && ['reply', 'auto_reply', 'read_receipt', 'unknown'].includes(e.kind)) {
    lines.push(`Temat: ${cut(e.details.subject.replace(/\s+/g, ' '), 160)}`);
  }
  return lines;
}

/** How sure the tie to this message is, when it is not a clue only we or the receiving side can make. */
export function tieNote(e: ReceiptFeedback): string | null {
  if (e.forged)
    return 'Uwaga: znacznik zwrotny z nieprawidłowym podpisem (prawdopodobnie podrobiony) — nic nie zmieniono.';
  if (STRONG.includes(e.confidence)) return null;
  if (e.confidence === 'original_message_id' || e.confidence === 'in_reply_to') return null;
  return 'Powiązanie z wiadomością niepewne (tylko po adresie lub starym znaczniku).';
}

export interface ReportOrigin {
  from: string | null;
  reporter: string | null;
}

const REPORT_PARTS = [
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
];

/** The kept report's From and its Reporting-MTA (DSN, ARF) or Reporting-UA (read receipt), read with D44's bounded MIME reader. */
export function reportOrigin(raw: Buffer): ReportOrigin {
  const root = parseMime(raw);
  const fromHeader = header(root, 'from');
  const from = fromHeader ? decodeWords(fromHeader).replace(/\s+/g, ' ').trim() || null : null;
  let reporter: string | null = null;
  for (const part of walk(root)) {
    if (!REPORT_PARTS.includes(part.type)) continue;
    const m = /^Reporting-(?:MTA|UA):[ \t]*(?:[\w-]+;[ \t]*)?(.+)$/im.exec(partText(part, 8 * 1024));
    if (m?.[1]) {
      reporter = m[1].trim();
      break;
    }
  }
  return { from, reporter };
}
