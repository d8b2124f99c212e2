import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoReply, deliveryReport, readReceipt } from '../../../../test/support/feedback-reports.js';
import {
  feedbackSource,
  feedbackTitle,
  REASON_PL,
  type ReceiptFeedback,
  reasonText,
  reportOrigin,
  tieNote,
} from './receipt-feedback.js';

const o = { id: 'x', messageIdHeader: '<x@zarzadca.example.pl>', to: 'jan@example.pl' };
const event = (over: Partial<ReceiptFeedback>): ReceiptFeedback => ({
  occurredAt: '2026-12-06T09:00:00.000Z',
  kind: 'hard_bounce',
  reason: 'recipient_unknown',
  confidence: 'verp',
  forged: false,
  address: 'jan@example.pl',
  details: {},
  origin: null,
  raw: null,
  ...over,
});

describe('the receipt’s feedback wording (D52)', () => {
  it('says every reason exactly as the UI’s Polish table does', () => {
    const pl = JSON.parse(readFileSync(path.resolve('src/web/i18n/pl/mailboxes.json'), 'utf8'));
    expect(REASON_PL).toEqual(pl.feedback.reason);
    expect(reasonText('cos_nowego')).toBe('cos_nowego');
  });

  it.each([
    ['read_receipt', 'read_displayed', 'Przeczytano'],
    ['read_receipt', 'read_deleted', 'Usunięto bez przeczytania'],
    ['read_receipt', 'read_other', 'Potwierdzenie od programu pocztowego'],
    ['auto_reply', 'auto_reply_header', 'Autoodpowiedź — dotarła do skrzynki'],
    ['hard_bounce', 'recipient_unknown', 'Zwrócona'],
    ['soft_bounce', 'mailbox_full', 'Zwrot przejściowy'],
    ['complaint', 'complaint_abuse', 'Skarga na spam'],
    ['reply', 'reply', 'Otrzymano odpowiedź adresata'],
  ])('%s / %s is "%s"', (kind, reason, title) => {
    expect(feedbackTitle(kind, reason)).toBe(title);
  });

  it('flags a forged tag and an address-only tie, not the clues a receipt or a reply normally has', () => {
    expect(tieNote(event({ forged: true, confidence: 'message_id' }))).toMatch(/nieprawidłowym podpisem/);
    expect(tieNote(event({ confidence: 'address' }))).toMatch(/niepewne/);
    expect(tieNote(event({ confidence: 'legacy_verp' }))).toMatch(/niepewne/);
    for (const confidence of ['verp', 'envid', 'message_id', 'original_message_id', 'in_reply_to']) {
      expect(tieNote(event({ confidence }))).toBeNull();
    }
  });

  it('reads who reported it from the kept report: Reporting-MTA of a DSN, Reporting-UA of a receipt', () => {
    const dsn = deliveryReport(o, {
      returnPath: 'zwroty@zarzadca.example.pl',
      status: '5.1.1',
      diag: '550 5.1.1 nope',
    });
    expect(reportOrigin(dsn)).toEqual({
      from: 'Mail Delivery System <MAILER-DAEMON@mx.zarzadca.example.pl>',
      reporter: 'mx.zarzadca.example.pl',
    });
    expect(reportOrigin(readReceipt(o, { returnPath: 'zwroty@zarzadca.example.pl' }))).toEqual({
      from: 'Jan Kowalski <jan@example.pl>',
      reporter: 'Thunderbird 128.5.0',
    });
    expect(reportOrigin(autoReply(o))).toEqual({ from: 'Jan Kowalski <jan@example.pl>', reporter: null });
  });

  it('keeps the diagnostic short and does not repeat the status it already names', () => {
    const long = `550 5.1.1 ${'x'.repeat(400)}`;
    const lines = feedbackSource(event({ details: { status: '5.1.1', diagnostic: long } }));
    const diag = lines.find((l) => l.startsWith('Odpowiedź serwera: ')) as string;
    expect(diag.startsWith('Odpowiedź serwera: 550 5.1.1 xxx')).toBe(true);
    expect(diag.length).toBeLessThanOrEqual('Odpowiedź serwera: '.length + 200);
    expect(feedbackSource(event({ details: { status: '4.2.2', diagnostic: 'Mailbox full' } }))).toContain(
      'Odpowiedź serwera: 4.2.2 Mailbox full',
    );
  });
});
