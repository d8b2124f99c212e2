import { PdfPasswordRule, pdfPasswordHint, TypePdfPasswords } from '../../../shared/pdf-password.js';

/** The instance setting holding the per-type rules (JSON TypePdfPasswords['types']). */
export const PDF_PASSWORD_TYPES_KEY = 'pdf_password_types';

/** A stored rule read back through its schema; anything unreadable counts as none (null). */
export function parseRule(json: string | null | undefined): PdfPasswordRule | null {
  if (!json) return null;
  try {
    const parsed = PdfPasswordRule.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function parseTypeRules(json: string | null | undefined): TypePdfPasswords['types'] {
  if (!json) return {};
  try {
    const parsed = TypePdfPasswords.shape.types.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The batch's rule overrides the type's, which overrides the account's; none of them: no password (D71). */
export function effectiveRule(
  batch: PdfPasswordRule | null,
  type: PdfPasswordRule | null | undefined,
  account: PdfPasswordRule | null,
): PdfPasswordRule {
  return batch ?? type ?? account ?? { kind: 'off' };
}

/** What a rule needs that a recipient lacks: the reason in Polish for the pre-check, or null when it has it. */
export type PasswordSource = { nrb: string | null; code: string | null };

/** The password the rule gives for this recipient and unit; null when the data it needs is missing. */
export function passwordFor(rule: PdfPasswordRule, data: PasswordSource): string | null {
  if (rule.kind === 'nrb_digits') {
    const digits = (data.nrb ?? '').replace(/\D/g, '');
    return digits.length === 26 ? digits.slice(-(rule.digits ?? 6)) : null;
  }
  if (rule.kind === 'recipient_code') {
    const code = data.code?.trim() ?? '';
    // As PdfCode allows: qpdf would read a leading dash as an option.
    return /^[A-Za-z0-9][A-Za-z0-9-]{3,}$/.test(code) ? code : null;
  }
  return null;
}

/** Why a rule gives no password, in Polish (listed by the pre-check). */
export function missingReason(rule: PdfPasswordRule): string {
  return rule.kind === 'nrb_digits' ? 'lokal bez numeru rachunku (NRB)' : 'brak kodu do PDF-u na karcie adresata';
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Adds how to open the file to both parts: the text part's end, the HTML part before `</body>` (or its end). */
export function withPasswordHint(body: { html: string; text: string }, rule: PdfPasswordRule) {
  const hint = pdfPasswordHint(rule);
  if (!hint) return body;
  const text = body.text ? `${body.text.replace(/\s+$/, '')}\n\n${hint}\n` : `${hint}\n`;
  let html = body.html;
  if (html) {
    const block = `<p style="margin-top:16px"><strong>${escapeHtml(hint)}</strong></p>`;
    const end = html.search(/<\/body\s*>/i);
    html = end >= 0 ? `${html.slice(0, end)}${block}${html.slice(end)}` : `${html}${block}`;
  }
  return { html, text };
}

/**
 * Whether a message would give its own password away: the subject or a body part holds it once spaces are taken out
 * (a template printing the unit's NRB — the fee notice's built-in one does — holds the NRB's last digits).
 */
export function revealsPassword(password: string, parts: (string | null | undefined)[]): boolean {
  const wanted = password.toLowerCase();
  return parts.some((p) =>
    (p ?? '')
      .replace(/&nbsp;|&#160;|[\s\u00a0\u202f]/gi, '')
      .toLowerCase()
      .includes(wanted),
  );
}

/** The refusal when a message's text holds its PDF password. */
export const REVEALS_PASSWORD =
  'treść lub temat wiadomości zawiera hasło (np. szablon podaje numer rachunku lokalu) — usuń je z szablonu albo wybierz inną regułę hasła';
