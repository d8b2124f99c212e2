/** The message both sides of bench:send send: the same sender, subject, bodies and (for 100KB) PDF-sized attachment. */
import { randomBytes } from 'node:crypto';

export const SIZES = { '2KB': 0, '100KB': 72_000 } as const;
export type Size = keyof typeof SIZES;

export const FROM_NAME = 'Spółdzielnia Mieszkaniowa „Przyszłość”';
export const FROM_ADDRESS = 'czynsze@example.pl';
export const FEEDBACK_ADDRESS = 'zwroty@example.pl';

export const toName = (i: number) => `Adresat ${i} Żółć`;
export const toAddress = (i: number) => `adresat${i}@example.pl`;
export const subject = (i: number) => `Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${i}`;
export const attachmentName = (i: number) => `zawiadomienie_${i}.pdf`;

const filler = (size: Size) => 'Treść. '.repeat(size === '2KB' ? 60 : 10);
export const text = (size: Size) => `Szanowni Państwo,\n\nw załączeniu przesyłamy zawiadomienie. ${filler(size)}`;
export const html = (size: Size) =>
  `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy zawiadomienie o wysokości opłat za lokal.</p><p>${filler(size)}</p>`;

/** Random bytes (incompressible, like a PDF) of the size's attachment, or null for the 2KB message. */
export const attachmentBytes = (size: Size) => (SIZES[size] > 0 ? randomBytes(SIZES[size]) : null);
