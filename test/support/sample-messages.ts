import type { MessageStatus, NewRow } from '../../src/server/db/schema.js';
import { newId } from '../../src/server/lib/ids.js';
import { messageIdHeader, messageSearchFields } from '../../src/server/modules/messages/messages.js';
import { mailboxOf } from '../../src/shared/messages.js';

/**
 * Realistic messages for volume (bench/mailbox.ts seeds 200 000 through the API's database layer, the browser
 * tests write them into a running server's SQLite file): Polish names, addresses and subjects, and a busy
 * month's mix of statuses. Deterministic for a given random source.
 */
export const FIRST = [
  'Anna',
  'Łukasz',
  'Małgorzata',
  'Józef',
  'Zofia',
  'Paweł',
  'Grażyna',
  'Michał',
  'Bożena',
  'Jędrzej',
  'Żaneta',
  'Piotr',
];
export const LAST = [
  'Kowalsk',
  'Wiśniewsk',
  'Nowak',
  'Wójcik',
  'Kamińsk',
  'Lewandowsk',
  'Zielińsk',
  'Szymańsk',
  'Woźniak',
  'Dąbrowsk',
  'Łukasik',
  'Żak',
];
export const STREETS = ['Słoneczna', 'Długa', 'Kwiatowa', 'Ogrodowa', 'Lipowa', 'Źródlana', 'Świętokrzyska', 'Polna'];
export const SUBJECTS = [
  'Zawiadomienie o wysokości opłat od 01.04.2026',
  'Faktura VAT nr {n}/03/2026',
  'Rozliczenie wody za okres 01.07–31.12.2025',
  'Rozliczenie roczne zaliczek za 2025 r.',
  'Zawiadomienie o zebraniu ogółu właścicieli',
  'Kartoteka lokalu — stan na 28.02.2026',
];
/** Share of messages per status, roughly a busy month of a mid-size administrator. */
export const STATUS_MIX: [MessageStatus, number][] = [
  ['sent', 0.58],
  ['queued', 0.14],
  ['retry_wait', 0.04],
  ['held', 0.05],
  ['draft', 0.12],
  ['failed', 0.04],
  ['bounced', 0.01],
  ['cancelled', 0.02],
];

export function pickStatus(r: number): MessageStatus {
  let acc = 0;
  for (const [status, share] of STATUS_MIX) {
    acc += share;
    if (r < acc) return status;
  }
  return 'sent';
}

export const DOCUMENT_TYPES = [
  'fee_notice',
  'sales_document',
  'water_settlement',
  'annual_settlement',
  'general_letter',
  'ledger_card',
] as const;

/** Name, unique address and subject of the i-th message. */
export function sampleMessage(i: number, random: () => number) {
  const first = FIRST[Math.floor(random() * FIRST.length)] as string;
  const lastStem = LAST[Math.floor(random() * LAST.length)] as string;
  const last = lastStem.endsWith('sk') ? `${lastStem}${first.endsWith('a') ? 'a' : 'i'}` : lastStem;
  const street = STREETS[Math.floor(random() * STREETS.length)] as string;
  const toName = `${first} ${last}`;
  const toAddress = `${first}.${last}.${i}@example.pl`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l');
  const subject = `${(SUBJECTS[i % SUBJECTS.length] as string).replace('{n}', String(i))} — ul. ${street} ${1 + (i % 40)}/${1 + (i % 60)}`;
  return { toName, toAddress, subject };
}

/**
 * The i-th of a set of messages written straight into the database ("Lokator <i>", lokator.<i>@example.pl), made a
 * second apart from 1 January 2026, with the derived columns filled as the app fills them.
 */
export function messageRow(i: number, accountId: string, status: MessageStatus): NewRow<'messages'> {
  const id = newId();
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const m = { subject: `Zawiadomienie ${i}`, toName: `Lokator ${i}`, toAddress: `lokator.${i}@example.pl` };
  return {
    id,
    account_id: accountId,
    recipient_id: null,
    to_name: m.toName,
    to_address: m.toAddress,
    subject: m.subject,
    status,
    mailbox: mailboxOf(status),
    message_id_header: messageIdHeader(id, 'konto@example.pl'),
    document_type: null,
    send_at: null,
    queued_at: status === 'draft' ? null : at,
    sent_at: status === 'sent' ? at : null,
    last_error: null,
    ...messageSearchFields(m),
    created_by: null,
    created_at: at,
    updated_at: at,
  };
}
