import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle, testDialect } from '../../../test/support/db.js';
import { foldForSearch } from '../lib/text.js';
import { searchWordsTerm } from './dialect.js';

/**
 * Substring search over `search_text` (dialect.ts): exactly the rows whose folded text contains the term, whatever
 * the index asked (both cut an address a character after its "@"; PostgreSQL asks its index for the term with
 * punctuation made a letter, SQLite its FTS5 trigram index).
 */
const TEXTS = [
  'Zawiadomienie nr 17 — ul. Lipowa 17/3 Jan Nowak jan.nowak.17@example.pl',
  'Zawiadomienie nr 1700 — ul. Lipowa 2/17 Anna Nowak anna.nowak.1700@example.pl',
  'Faktura FV/2026/12/0017 Jan Kowalski jan.kowalski@gmail.com',
  'Faktura FV-2026-12-0017 Ewa Kowalska ewa.kowalska@wp.pl',
  'Rozliczenie wody 2025 Łucja Wójcik lucja_wojcik@o2.pl',
  'Pismo 50% zaliczki Piotr Qwerty janq.nowak@example.pl',
  'Zaproszenie na zebranie Biuro biuro@rzadka-domena.pl',
  // Holds what the index is asked for an address (up to a character after its "@") and not the address itself.
  'Pismo Adam Zieliński adam.17@eu.example.pl jan.kowalski@gazeta.pl',
];

let t: TestDbHandle;
beforeAll(async () => {
  t = await createTestDb();
  const now = new Date().toISOString();
  await t.db
    .insertInto('recipients')
    .values(
      TEXTS.map((text, i) => ({
        id: `r${i}`,
        name: `R${i}`,
        street: '',
        postal_code: '',
        city: '',
        country: 'PL',
        channel: 'email' as const,
        search_text: foldForSearch(text),
        sort_name: `r${i}`,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
});
afterAll(() => t.destroy());

async function search(term: string): Promise<string[]> {
  const folded = foldForSearch(term);
  const rows = await t.db
    .selectFrom('recipients')
    .select('id')
    .where(await t.dialect.searchTextContains(t.db, 'recipients', folded))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

const expected = (term: string) =>
  TEXTS.flatMap((text, i) => (foldForSearch(text).includes(foldForSearch(term)) ? [`r${i}`] : []));

describe(`search_text contains a term (${testDialect})`, () => {
  it.each([
    '.17@example.pl',
    'nowak.17@',
    '.1700@example.pl',
    'jan.nowak',
    'janq',
    'FV/2026/12/0017',
    '2026-12',
    '/17',
    '17/',
    '50%',
    'lucja_wojcik',
    'lucja%wojcik',
    '@example.pl',
    'biuro@rzadka-domena.pl',
    'Łucja Wójcik',
    'nowak',
    'zz',
    'kowalski@gmail.com',
    '— ul.',
  ])('%s → exactly the rows that contain it', async (term) => {
    expect(await search(term)).toEqual(expected(term));
  });

  it('asks the index for an address up to the character after its "@", with punctuation made a letter', () => {
    expect(searchWordsTerm('jan.kowalski@gmail.com')).toBe('janqkowalskiqg');
    expect(searchWordsTerm('.17@example.pl')).toBe('q17qe');
    expect(searchWordsTerm('jo@wp.pl')).toBe('joqwpqpl');
    expect(searchWordsTerm('fv/2026/12')).toBe('fvq2026q12');
    expect(searchWordsTerm('50%_[x]^-')).toBe('50qqqxqqq');
  });

  it.skipIf(testDialect !== 'postgres')(
    'PostgreSQL answers a rare address from the punctuation-spanning index',
    async () => {
      await sql`analyze recipients`.execute(t.db);
      const where = await t.dialect.searchTextContains(t.db, 'recipients', foldForSearch('.17@example.pl'));
      // Seven rows are read faster whole; the planner is told not to, to show which index it would use.
      const plan = await t.db.connection().execute(async (c) => {
        await sql`set enable_seqscan = off`.execute(c);
        const explained = await sql<{ 'QUERY PLAN': string }>`explain select id from recipients where ${where}`.execute(
          c,
        );
        await sql`reset enable_seqscan`.execute(c);
        return explained;
      });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('recipients_search_words');
    },
  );
});
