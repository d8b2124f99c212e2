import { afterAll, beforeAll, expect } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import type { ImportRowError } from '../../../shared/imports.js';
import { formatNrb, nrbWithCheckDigits } from '../../../shared/nrb.js';
import type { Recipient } from '../../../shared/recipients.js';

export let t: TestApp;
export let w: World;
export let dluga: string;
export let zgoda: string;

export const NRB1 = nrbWithCheckDigits('109010140000071219812874');
export const NRB2 = nrbWithCheckDigits('124010370000000012345678');
export const BAD_SUM = `${NRB1.slice(0, 25)}${(Number(NRB1[25]) + 1) % 10}`;

export const PREVIEW = '/api/imports/recipients/preview';
export const IMPORT = '/api/imports/recipients';

export interface Upload {
  filename: string;
  data: Uint8Array;
  fields?: Record<string, string>;
}

/** multipart/form-data: the form fields first, then the file in "file" (as the web app sends it). */
export async function send(session: Session | null, url: string, upload: Upload, csrf = true) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields ?? {})) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(upload.data)]), upload.filename);
  const response = new Response(form);
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': response.headers.get('content-type') as string,
      ...(session ? { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) } : {}),
    },
    payload: Buffer.from(await response.arrayBuffer()),
  });
}

export const csv = (lines: string[]) => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf-8');

export const HEADER =
  'Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Adres e-mail;Kanał doręczenia;Data zgody;Źródło zgody;' +
  'Id kontrahenta;Nieruchomość;Nr lokalu;Rodzaj lokalu;NRB;Rola';

export const GOOD = csv([
  HEADER,
  `Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;"anna@example.pl; A.Kowalska@Example.PL";e-mail;15.01.2026;oświadczenie z zebrania;K-001;Wspólnota Długa 12;1;mieszkanie;${formatNrb(NRB1)};właściciel`,
  'Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;"anna@example.pl; A.Kowalska@Example.PL";e-mail;15.01.2026;oświadczenie z zebrania;K-001;Wspólnota Długa 12;G1;garaż;;Właścicielka',
  'Nowak Jan;ul. Długa 12/2;00-238;Warszawa;;papier;;;;Wspólnota Długa 12;2;;;najemca',
  'Wiśniewska Zofia;ul. Piotrkowska 5;90-001;Łódź;zofia@example.pl;;;;;Wspólnota Długa 12;2;;;współwłaściciel',
  `Żółć Łucja;Plac Wolności 3;61-738;Poznań;lucja@example.pl;papier;;;K-002;SM Zgoda;7;lokal użytkowy;PL${NRB2};najemca`,
]);

/** Everything an import may touch, in a stable order, with the audit log's length. */
export async function dbState() {
  const db = t.container.db;
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    recipients: await db.selectFrom('recipients').selectAll().orderBy('id').execute(),
    emails: await db.selectFrom('recipient_emails').selectAll().orderBy('id').execute(),
    links: await db.selectFrom('recipient_units').selectAll().orderBy('recipient_id').orderBy('unit_id').execute(),
    units: await db.selectFrom('units').selectAll().orderBy('id').execute(),
    audit: Number(audit.n),
  };
}

export async function findRecipient(q: string): Promise<Recipient> {
  const page = expectStatus(await call(t, w.admin, 'GET', `/api/recipients?q=${encodeURIComponent(q)}`), 200);
  expect(page.items, q).toHaveLength(1);
  return page.items[0];
}

export async function unitsOf(propertyId: string) {
  const page = expectStatus(await call(t, w.admin, 'GET', `/api/units?propertyId=${propertyId}&limit=200`), 200);
  return new Map<string, { id: string; kind: string; bankAccount: string | null; externalKey: string | null }>(
    page.items.map((u: { number: string }) => [u.number, u]),
  );
}

/** The 422 body: nothing stored, every error with a line and a Polish message. */
export function rejected(res: Awaited<ReturnType<typeof send>>) {
  const body = expectStatus(res, 422);
  expect(body.error.code).toBe('import_invalid');
  expect(body.error.message).toMatch(/niczego nie zapisano/);
  return body.error as { errors: ImportRowError[]; errorCount: number };
}

export function setupImportsApp() {
  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t);
    const property = (name: string, street: string) =>
      call(t, w.admin, 'POST', '/api/properties', {
        name,
        kind: 'community',
        street,
        postalCode: '00-238',
        city: 'Warszawa',
      });
    dluga = expectStatus(await property('Wspólnota Długa 12', 'ul. Długa 12'), 201).id;
    zgoda = expectStatus(await property('SM Zgoda', 'ul. Zgody 1'), 201).id;
  });
  afterAll(() => t?.close());
}
