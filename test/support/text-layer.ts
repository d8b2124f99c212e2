/**
 * Varied documents of every type for text-layer tests: each type's complete sample with the parties, the amount
 * that is due (with its words), the dates and the NRB changed per document — Polish letters (capitals too) at the
 * start, inside and at the end of names and streets, amounts from grosze to millions — and the strings a reader
 * must be able to copy exactly out of the PDF.
 */
import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  POLISH_TOWNS,
  SURNAMES,
  surnameFor,
} from '../../src/server/demo/names.js';
import { documentType } from '../../src/server/documents/registry.js';
import type { RenderJob } from '../../src/server/documents/render.js';
import { DOCUMENT_TYPES, type DocumentParties } from '../../src/server/documents/types/document-type.js';
import { formatAccountNumber, formatDate, formatDateLong, formatMoney, moneyInWords } from '../../src/shared/format.js';
import { nrbWithCheckDigits } from '../../src/shared/nrb.js';

export interface TextCase {
  job: RenderJob;
  /** Strings that must appear exactly in the extracted text (compared on normalised whitespace). */
  expected: string[];
}

/** Every Polish letter, small and capital, at the start, inside and at the end of a word. */
const LETTERS = 'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ';
const polishWord = (i: number) => {
  const a = LETTERS[i % LETTERS.length]!;
  const b = LETTERS[(i * 7 + 3) % LETTERS.length]!;
  const c = LETTERS[(i * 11 + 5) % LETTERS.length]!;
  return `${a.toUpperCase()}${b}rze${c.toLowerCase()}`;
};
const CRAFTED_NAMES = [
  'Radosław Ślusarczyk',
  'Łucja Źdźbło-Ćwiek',
  'ŻANETA ŚWIĘCICKA-ŁĄCKA',
  'Ósemka Ńeść Gęśla',
  'Zofia Kościuszko',
  'Czesław Szczęsny',
];
const ISSUERS = [
  'Wspólnota Mieszkaniowa „Pod Lipami”',
  'Spółdzielnia Mieszkaniowa „Śródmieście”',
  'Zarządca Nieruchomości Żółkiewski i Ćwik sp. z o.o.',
];

/** Amounts due in grosze: thousands (grouped from 10 000 zł), teens, round hundreds, long words. */
const amountOf = (i: number) => {
  const fixed = [84345, 88888888, 117711, 1_000_000, 99, 1_234_567_89, 4_747_474, 1_919_19];
  return i % 3 === 0 ? fixed[(i / 3) % fixed.length]! : ((i * 7_919_113) % 150_000_000) + 1;
};
const dayOf = (i: number, from: string) => {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + ((i * 37) % 700));
  return d.toISOString().slice(0, 10);
};

function partiesOf(i: number): DocumentParties {
  const female = i % 2 === 1;
  const first = female
    ? FEMALE_FIRST_NAMES[i % FEMALE_FIRST_NAMES.length]!
    : MALE_FIRST_NAMES[i % MALE_FIRST_NAMES.length]!;
  const surname = surnameFor(SURNAMES[(i * 5) % SURNAMES.length]!, female ? 'f' : 'm');
  const name = i % 4 === 0 ? CRAFTED_NAMES[(i / 4) % CRAFTED_NAMES.length]! : `${first} ${surname}-${polishWord(i)}`;
  const town = POLISH_TOWNS[i % POLISH_TOWNS.length]!;
  const street = `${town.streets[i % town.streets.length]} ${polishWord(i + 1)} ${1 + (i % 97)}/${1 + (i % 13)}`;
  const nrb = nrbWithCheckDigits(
    `${String(10_201_026 + i * 31).padStart(8, '0')}${String(i * 7_654_321).padStart(16, '0')}`,
  );
  return {
    issuer: {
      name: ISSUERS[i % ISSUERS.length]!,
      street: `ul. ${polishWord(i + 2)} ${i % 50}`,
      postalCode: '90-001',
      city: 'Łódź',
      nip: '6762468029',
    },
    recipient: { name, street, postalCode: town.postalCode, city: town.city, country: 'PL' },
    unit: {
      number: `${1 + (i % 120)}${i % 5 === 0 ? 'A' : ''}`,
      address: `${street}, ${town.postalCode} ${town.city}`,
      nrb,
    },
  };
}

const partyLines = (p: DocumentParties) => [
  p.recipient.name,
  p.recipient.street,
  `${p.recipient.postalCode} ${p.recipient.city}`,
  p.issuer.name,
];

/** The amount box every type draws: the amount, in words, and the NRB when something is to be paid. */
const due = (amount: number, nrb: string | null) => [
  formatMoney(Math.abs(amount)),
  moneyInWords(Math.abs(amount)),
  ...(amount > 0 && nrb ? [formatAccountNumber(nrb)] : []),
];

type Data = Record<string, unknown> & { nrb?: string | null };

/** Document `i` of `type`: the sample's data with the varied values in place (already in schema output form). */
export function textCase(type: (typeof DOCUMENT_TYPES)[number], i: number): TextCase {
  const def = documentType(type);
  const d = def.schema.parse(def.sample()) as Data;
  const p = partiesOf(i);
  const nrb = p.unit!.nrb!;
  const amount = amountOf(i);
  const expected = partyLines(p);
  d.nrb = nrb;
  switch (type) {
    case 'fee_notice': {
      d.issueDate = dayOf(i, '2025-01-02');
      d.validFrom = `${2026 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
      d.total = amount;
      expected.push(p.unit!.address, formatDate(d.issueDate as string), formatDate(d.validFrom as string));
      expected.push(...due(amount, nrb));
      break;
    }
    case 'annual_settlement':
    case 'water_settlement': {
      const balance = i % 7 === 3 ? -amount : amount;
      d.issueDate = dayOf(i, '2026-01-05');
      d.paymentDeadline = dayOf(i + 1, '2026-03-01');
      d.balance = balance;
      expected.push(formatDate(d.issueDate as string), ...due(balance, nrb));
      if (balance > 0) expected.push(formatDate(d.paymentDeadline as string));
      break;
    }
    case 'ledger_card': {
      const balance = i % 7 === 3 ? -amount : amount;
      d.asOf = dayOf(i, '2026-06-30');
      d.closingBalance = balance;
      expected.push(formatDate(d.asOf as string), ...due(balance, nrb));
      break;
    }
    case 'sales_document': {
      const { name, street, postalCode, city } = p.recipient;
      d.buyer = { name, street, postalCode, city, nip: null };
      d.issueDate = dayOf(i, '2026-01-02');
      d.saleDate = d.issueDate;
      d.paymentDeadline = dayOf(i + 3, '2026-02-01');
      d.totalGross = amount;
      d.amountDue = amount;
      expected.push(formatDate(d.issueDate as string), formatDate(d.paymentDeadline as string), ...due(amount, nrb));
      break;
    }
    case 'general_letter': {
      d.date = dayOf(i, '2026-01-02');
      d.subject = `Zawiadomienie ${polishWord(i + 3)} o zebraniu — ${formatMoney(amount)} (${moneyInWords(amount)})`;
      expected.push(formatDateLong(d.date as string), d.subject as string);
      break;
    }
  }
  return {
    job: { type, data: d, parties: p, createdAt: '2026-03-20T08:00:00.000Z' },
    expected,
  };
}

/**
 * A first document for a fresh render thread whose text has the composed Polish letters (and the ellipsis) but,
 * as far as the layout allows, not the letters they are built from (s of ś, c of ć, the dot of …): those enter
 * the thread's font subsets as parts of other glyphs before any text asks for them.
 */
export function primerCase(): TextCase {
  const composed = 'Ść óź ż ę ą ń ć … Ł Ś Ć Ź Ż Ó Ń';
  const data = documentType('general_letter').schema.parse({
    place: 'Łęk',
    date: '2026-05-02',
    subject: composed,
    salutation: 'Ść,',
    body: composed,
    closing: 'Ćmy',
  });
  const parties: DocumentParties = {
    issuer: { name: 'Ślęża Ćwik', street: 'ul. Ćmy 1', postalCode: '90-001', city: 'Łódź', nip: null },
    recipient: { name: 'Źdźbła Ńiśki', street: 'ul. Źdźbła 2', postalCode: '90-001', city: 'Łódź', country: 'PL' },
    unit: null,
  };
  return {
    job: { type: 'general_letter', data, parties, createdAt: '2026-03-20T08:00:00.000Z' },
    expected: [...partyLines(parties), `Dotyczy: ${composed}`, composed, 'Łęk, 2 maja 2026 r.'],
  };
}

/** Whitespace as pdftotext may print it (line breaks, no-break spaces) folded to one space. */
export const normalised = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

export { DOCUMENT_TYPES };
