import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectError, expectStatus, type World } from '../../../../test/support/world.js';
import type { ImportRowError } from '../../../shared/imports.js';
import { formatNrb, nrbWithCheckDigits } from '../../../shared/nrb.js';
import type { Recipient } from '../../../shared/recipients.js';

let t: TestApp;
let w: World;
let dluga: string;
let zgoda: string;

const NRB1 = nrbWithCheckDigits('109010140000071219812874');
const NRB2 = nrbWithCheckDigits('124010370000000012345678');
const BAD_SUM = `${NRB1.slice(0, 25)}${(Number(NRB1[25]) + 1) % 10}`;

const PREVIEW = '/api/imports/recipients/preview';
const IMPORT = '/api/imports/recipients';

interface Upload {
  filename: string;
  data: Uint8Array;
  fields?: Record<string, string>;
}

/** multipart/form-data: the form fields first, then the file in "file" (as the web app sends it). */
async function send(session: Session | null, url: string, upload: Upload, csrf = true) {
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

const csv = (lines: string[]) => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf-8');

const HEADER =
  'Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Adres e-mail;Kanał doręczenia;Data zgody;Źródło zgody;' +
  'Id kontrahenta;Nieruchomość;Nr lokalu;Rodzaj lokalu;NRB;Rola';

const GOOD = csv([
  HEADER,
  `Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;"anna@example.pl; A.Kowalska@Example.PL";e-mail;15.01.2026;oświadczenie z zebrania;K-001;Wspólnota Długa 12;1;mieszkanie;${formatNrb(NRB1)};właściciel`,
  'Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;"anna@example.pl; A.Kowalska@Example.PL";e-mail;15.01.2026;oświadczenie z zebrania;K-001;Wspólnota Długa 12;G1;garaż;;Właścicielka',
  'Nowak Jan;ul. Długa 12/2;00-238;Warszawa;;papier;;;;Wspólnota Długa 12;2;;;najemca',
  'Wiśniewska Zofia;ul. Piotrkowska 5;90-001;Łódź;zofia@example.pl;;;;;Wspólnota Długa 12;2;;;współwłaściciel',
  `Żółć Łucja;Plac Wolności 3;61-738;Poznań;lucja@example.pl;papier;;;K-002;SM Zgoda;7;lokal użytkowy;PL${NRB2};najemca`,
]);

/** Everything an import may touch, in a stable order, with the audit log's length. */
async function dbState() {
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

async function findRecipient(q: string): Promise<Recipient> {
  const page = expectStatus(await call(t, w.admin, 'GET', `/api/recipients?q=${encodeURIComponent(q)}`), 200);
  expect(page.items, q).toHaveLength(1);
  return page.items[0];
}

async function unitsOf(propertyId: string) {
  const page = expectStatus(await call(t, w.admin, 'GET', `/api/units?propertyId=${propertyId}&limit=200`), 200);
  return new Map<string, { id: string; kind: string; bankAccount: string | null; externalKey: string | null }>(
    page.items.map((u: { number: string }) => [u.number, u]),
  );
}

/** The 422 body: nothing stored, every error with a line and a Polish message. */
function rejected(res: Awaited<ReturnType<typeof send>>) {
  const body = expectStatus(res, 422);
  expect(body.error.code).toBe('import_invalid');
  expect(body.error.message).toMatch(/niczego nie zapisano/);
  return body.error as { errors: ImportRowError[]; errorCount: number };
}

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

describe('recipients import: access', () => {
  it('anonymous → 401; a clerk → 403; without the CSRF token → 403; nothing stored', async () => {
    const before = await dbState();
    for (const url of [PREVIEW, IMPORT]) {
      expectError(await send(null, url, { filename: 'a.csv', data: GOOD }), 401, 'unauthenticated');
      expectError(
        await send(w.clerkA, url, { filename: 'a.csv', data: GOOD }),
        403,
        'forbidden',
        'Importować adresatów i lokale może tylko administrator.',
      );
      expectError(
        await send(w.admin, url, { filename: 'a.csv', data: GOOD }, false),
        403,
        'forbidden',
        /Sesja wygasła/,
      );
    }
    expect(await dbState()).toEqual(before);
  });
});

describe('recipients import: a good file', () => {
  it('preview: suggested mapping from Polish headers, rows as they would be stored, counts; stores nothing', async () => {
    const before = await dbState();
    const preview = expectStatus(
      await send(w.admin, `${PREVIEW}?rows=3`, { filename: 'adresaci.csv', data: GOOD }),
      200,
    );
    expect(preview.file).toMatchObject({
      name: 'adresaci.csv',
      sha256: createHash('sha256').update(GOOD).digest('hex'),
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
    });
    expect(preview.suggestedMapping).toEqual({
      'Nazwisko i imię': 'name',
      Ulica: 'street',
      'Kod pocztowy': 'postalCode',
      Miejscowość: 'city',
      'Adres e-mail': 'emails',
      'Kanał doręczenia': 'channel',
      'Data zgody': 'consentDate',
      'Źródło zgody': 'consentSource',
      'Id kontrahenta': 'recipientExternalKey',
      Nieruchomość: 'property',
      'Nr lokalu': 'unitNumber',
      'Rodzaj lokalu': 'unitKind',
      NRB: 'unitNrb',
      Rola: 'role',
    });
    expect(preview.mapping).toEqual(preview.suggestedMapping);
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({
      rows: 5,
      recipients: { create: 4, update: 0, unchanged: 0 },
      units: { create: 4, update: 0, unchanged: 0 },
      links: { create: 5, update: 0, unchanged: 0 },
    });
    expect(preview.rows).toHaveLength(3);
    expect(preview.rows[0]).toEqual({
      line: 2,
      recipient: {
        action: 'create',
        id: null,
        name: 'Kowalska Anna',
        street: 'ul. Długa 12/1',
        postalCode: '00-238',
        city: 'Warszawa',
        country: 'PL',
        channel: 'email',
        emails: ['anna@example.pl', 'a.kowalska@example.pl'],
        consent: { date: '2026-01-15', source: 'oświadczenie z zebrania' },
        externalKey: 'K-001',
      },
      unit: {
        action: 'create',
        id: null,
        propertyId: dluga,
        propertyName: 'Wspólnota Długa 12',
        number: '1',
        kind: 'flat',
        address: '',
        bankAccount: NRB1,
        externalKey: null,
      },
      link: { action: 'create', role: 'owner' },
    });
    expect(preview.rows[1]).toMatchObject({ line: 3, unit: { number: 'G1', kind: 'garage' }, link: { role: 'owner' } });
    expect(await dbState()).toEqual(before);
  });

  it('import creates the recipients, units and links; one audit entry', async () => {
    const before = await dbState();
    const result = expectStatus(await send(w.admin, IMPORT, { filename: 'adresaci.csv', data: GOOD }), 200);
    expect(result.counts).toEqual({
      rows: 5,
      recipients: { create: 4, update: 0, unchanged: 0 },
      units: { create: 4, update: 0, unchanged: 0 },
      links: { create: 5, update: 0, unchanged: 0 },
    });
    const after = await dbState();
    expect(after.recipients.length - before.recipients.length).toBe(4);
    expect(after.units.length - before.units.length).toBe(4);
    expect(after.links.length - before.links.length).toBe(5);
    expect(after.audit - before.audit).toBe(1);

    const dlugaUnits = await unitsOf(dluga);
    expect([...dlugaUnits.keys()].sort()).toEqual(['1', '2', 'G1']);
    expect(dlugaUnits.get('1')).toMatchObject({ kind: 'flat', bankAccount: NRB1 });
    expect(dlugaUnits.get('G1')).toMatchObject({ kind: 'garage', bankAccount: null });
    const zgodaUnits = await unitsOf(zgoda);
    expect(zgodaUnits.get('7')).toMatchObject({ kind: 'commercial', bankAccount: NRB2 });

    const anna = await findRecipient('Kowalska');
    expect(anna).toMatchObject({
      street: 'ul. Długa 12/1',
      channel: 'email',
      emails: ['anna@example.pl', 'a.kowalska@example.pl'],
      consent: { date: '2026-01-15', source: 'oświadczenie z zebrania' },
      externalKey: 'K-001',
    });
    expect(anna.units).toEqual(
      expect.arrayContaining([
        { unitId: dlugaUnits.get('1')?.id, role: 'owner' },
        { unitId: dlugaUnits.get('G1')?.id, role: 'owner' },
      ]),
    );
    expect(anna.units).toHaveLength(2);
    expect(await findRecipient('Nowak Jan')).toMatchObject({
      channel: 'paper',
      emails: [],
      externalKey: null,
      units: [{ unitId: dlugaUnits.get('2')?.id, role: 'tenant' }],
    });
    expect(await findRecipient('Wiśniewska')).toMatchObject({
      city: 'Łódź',
      channel: 'paper',
      emails: ['zofia@example.pl'],
      units: [{ unitId: dlugaUnits.get('2')?.id, role: 'co_owner' }],
    });
    expect(await findRecipient('Żółć')).toMatchObject({
      externalKey: 'K-002',
      units: [{ unitId: zgodaUnits.get('7')?.id, role: 'tenant' }],
    });

    const audit = expectStatus(await call(t, w.admin, 'GET', '/api/audit?action=import.'), 200).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'import.recipients',
      entityType: 'import',
      details: {
        file: { name: 'adresaci.csv', sha256: createHash('sha256').update(GOOD).digest('hex') },
        counts: result.counts,
      },
    });
  });

  it('importing the same file again changes nothing', async () => {
    t.clock.advance(60_000);
    const before = await dbState();
    const preview = expectStatus(await send(w.admin, PREVIEW, { filename: 'adresaci.csv', data: GOOD }), 200);
    expect(preview.rows.map((r: { recipient: { action: string } }) => r.recipient.action)).toEqual(
      Array(5).fill('unchanged'),
    );
    const result = expectStatus(await send(w.admin, IMPORT, { filename: 'adresaci.csv', data: GOOD }), 200);
    expect(result.counts).toEqual({
      rows: 5,
      recipients: { create: 0, update: 0, unchanged: 4 },
      units: { create: 0, update: 0, unchanged: 4 },
      links: { create: 0, update: 0, unchanged: 5 },
    });
    expect(await dbState()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it('a later file updates by key, adds links and changes roles, and keeps links it does not mention', async () => {
    t.clock.advance(60_000);
    const file = csv([
      'Id kontrahenta;Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;E-mail;Nieruchomość;Nr lokalu;Rola',
      'K-001;Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;anna.nowa@example.pl;Wspólnota Długa 12;3;członek',
      'K-001;Kowalska Anna;ul. Długa 12/1;00-238;Warszawa;anna.nowa@example.pl;Wspólnota Długa 12;G1;współwłaściciel',
    ]);
    const result = expectStatus(await send(w.admin, IMPORT, { filename: 'zmiany.csv', data: file }), 200);
    expect(result.counts).toEqual({
      rows: 2,
      recipients: { create: 0, update: 1, unchanged: 0 },
      units: { create: 1, update: 0, unchanged: 1 },
      links: { create: 1, update: 1, unchanged: 0 },
    });
    const units = await unitsOf(dluga);
    const anna = await findRecipient('Kowalska');
    expect(anna).toMatchObject({
      emails: ['anna.nowa@example.pl'],
      channel: 'email',
      consent: { date: '2026-01-15', source: 'oświadczenie z zebrania' },
    });
    expect([...anna.units].sort((a, b) => a.unitId.localeCompare(b.unitId))).toEqual(
      [
        { unitId: units.get('1')?.id, role: 'owner' },
        { unitId: units.get('G1')?.id, role: 'co_owner' },
        { unitId: units.get('3')?.id, role: 'member' },
      ].sort((a, b) => String(a.unitId).localeCompare(String(b.unitId))),
    );
  });

  it('reads a Windows-1250 CSV as Polish Excel saves it', async () => {
    const text =
      'Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Nieruchomość;Nr lokalu;Rodzaj lokalu\r\n' +
      'Gęślą Jaźń;ul. Źródlana 1;90-001;Łódź, Bałuty;SM Zgoda;8;Garaż\r\n';
    const data = iconv.encode(text, 'windows-1250');
    const preview = expectStatus(await send(w.admin, PREVIEW, { filename: 'eksport.csv', data }), 200);
    expect(preview.file).toMatchObject({ encoding: 'windows-1250', delimiter: ';' });
    expect(preview.headers).toContain('Miejscowość');
    const result = expectStatus(await send(w.admin, IMPORT, { filename: 'eksport.csv', data }), 200);
    expect(result.counts.recipients.create).toBe(1);
    expect(await findRecipient('Jaźń')).toMatchObject({
      name: 'Gęślą Jaźń',
      street: 'ul. Źródlana 1',
      city: 'Łódź, Bałuty',
      units: [{ unitId: (await unitsOf(zgoda)).get('8')?.id, role: 'owner' }],
    });
    expect((await unitsOf(zgoda)).get('8')?.kind).toBe('garage');
  });

  it('imports an XLSX sheet with a mapping sent by the user', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lokatorzy');
    ws.addRow(['Lokator', 'Adres', 'Kod', 'Miasto', 'Mail', 'Budynek', 'Lokal', 'Typ', 'Konto', 'Od kiedy zgoda']);
    ws.addRow([
      'Zielińska Ewa',
      'ul. Długa 12/9',
      '00-238',
      'Warszawa',
      'ewa@example.pl',
      'Wspólnota Długa 12',
      9,
      'mieszkanie',
      NRB2,
      new Date(Date.UTC(2026, 1, 1)),
    ]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const mapping = {
      Lokator: 'name',
      Adres: 'street',
      Kod: 'postalCode',
      Miasto: 'city',
      Mail: 'emails',
      Budynek: 'property',
      Lokal: 'unitNumber',
      Typ: 'unitKind',
      Konto: 'unitNrb',
      'Od kiedy zgoda': null,
    };
    const upload = { filename: 'lokatorzy.xlsx', data, fields: { mapping: JSON.stringify(mapping) } };
    const preview = expectStatus(await send(w.admin, PREVIEW, upload), 200);
    expect(preview.file).toMatchObject({ format: 'xlsx', sheet: 'Lokatorzy', encoding: null });
    expect(preview.mapping).toEqual(mapping);
    expect(preview.errors).toEqual([]);
    const result = expectStatus(await send(w.admin, IMPORT, upload), 200);
    expect(result.counts).toMatchObject({ rows: 1, recipients: { create: 1 }, units: { create: 1 } });
    const unit = (await unitsOf(dluga)).get('9');
    expect(unit).toMatchObject({ kind: 'flat', bankAccount: NRB2 });
    expect(await findRecipient('Zielińska')).toMatchObject({
      emails: ['ewa@example.pl'],
      consent: null,
      units: [{ unitId: unit?.id, role: 'owner' }],
    });
  });
});

describe('recipients import: a file with errors stores nothing', () => {
  it('wrong columns: 422 with the missing fields at line 1', async () => {
    const before = await dbState();
    const data = csv(['Imię;Telefon;Uwagi', 'Jan;123 456 789;—']);
    const error = rejected(await send(w.admin, IMPORT, { filename: 'zle.csv', data }));
    expect(error.errors.every((e) => e.line === 1)).toBe(true);
    expect(error.errors.map((e) => e.field)).toEqual(['property', 'name', 'street', 'postalCode', 'city']);
    expect(error.errors[1]?.message).toBe(
      'Brak kolumny z polem „nazwisko i imię / nazwa” — dodaj ją do pliku albo wskaż w przypisaniu kolumn.',
    );
    expect(error.errors[0]?.message).toMatch(/Brak kolumn wskazujących lokal/);
    const preview = expectStatus(await send(w.admin, PREVIEW, { filename: 'zle.csv', data }), 200);
    expect(preview).toMatchObject({ headers: ['Imię', 'Telefon', 'Uwagi'], errorCount: 5 });
    expect(preview.suggestedMapping).toEqual({ Imię: null, Telefon: null, Uwagi: null });
    expect(await dbState()).toEqual(before);
  });

  it('bad values, unknown words and property, duplicates, conflicts: each with its line and column', async () => {
    const before = await dbState();
    const data = csv([
      HEADER,
      'Zły Mail;ul. A 1;00-001;Warszawa;"ok@example.pl, zły@";e-mail;;;;Wspólnota Długa 12;10;;;',
      'Złe NRB;ul. A 2;00-001;Warszawa;;;;;;Wspólnota Długa 12;11;;12 3456;',
      `Zła suma;ul. A 3;00-001;Warszawa;;;;;;Wspólnota Długa 12;12;;${BAD_SUM};`,
      'Nieznana;ul. A 4;00-001;Warszawa;;;;;;Wspólnota Krzywa 1;1;;;',
      'Słowa;ul. A 5;00-001;Warszawa;;faks;;;;Wspólnota Długa 12;13;pałac;;prezes',
      ';ul. A 6;00-001;Warszawa;;;;;;Wspólnota Długa 12;14;;;',
      'Bez maila;ul. A 7;00-001;Warszawa;;e-mail;;;;Wspólnota Długa 12;15;;;',
      'Dubel;ul. A 8;00-001;Warszawa;;;;;;Wspólnota Długa 12;16;;;',
      'Dubel;ul. A 8;00-001;Warszawa;;;;;;Wspólnota Długa 12;16;;;',
      'Konflikt;ul. A 9;00-001;Warszawa;;;;;K-900;Wspólnota Długa 12;17;;;',
      'Konflikt;ul. Inna 1;00-001;Warszawa;;;;;K-900;Wspólnota Długa 12;18;;;',
      'Zły kod;ul. A 10;00950;Warszawa;;;;;;Wspólnota Długa 12;19;;;',
      'Dobry;ul. A 11;00-001;Warszawa;;;;;;Wspólnota Długa 12;20;;;',
      'Zgoda;ul. A 12;00-001;Warszawa;;;2026-13-01;;;Wspólnota Długa 12;21;;;',
    ]);
    const error = rejected(await send(w.admin, IMPORT, { filename: 'bledy.csv', data }));
    const at = (line: number) => error.errors.filter((e) => e.line === line);
    expect(at(2)).toEqual([
      {
        line: 2,
        column: 'Adres e-mail',
        field: 'emails',
        message: 'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki (wpisano: „zły@”).',
      },
    ]);
    expect(at(3)).toEqual([
      { line: 3, column: 'NRB', field: 'unitNrb', message: 'Numer rachunku musi mieć 26 cyfr (wpisano: „12 3456”).' },
    ]);
    expect(at(4)).toEqual([
      expect.objectContaining({ column: 'NRB', message: expect.stringMatching(/błędna suma kontrolna/) }),
    ]);
    expect(at(5)).toEqual([
      expect.objectContaining({
        column: 'Nieruchomość',
        field: 'property',
        message: 'Nieznana nieruchomość „Wspólnota Krzywa 1” — dodaj ją w Nieruchomościach albo popraw nazwę w pliku.',
      }),
    ]);
    expect(at(6).map((e) => [e.column, e.message])).toEqual([
      ['Rodzaj lokalu', expect.stringMatching(/^Nieznana wartość „pałac” w polu „rodzaj lokalu”/)],
      ['Kanał doręczenia', 'Nieznana wartość „faks” w polu „kanał doręczenia” — wpisz „e-mail” albo „papier”.'],
      ['Rola', expect.stringMatching(/^Nieznana wartość „prezes” w polu „rola w lokalu”/)],
    ]);
    expect(at(7)).toEqual([
      expect.objectContaining({
        column: 'Nazwisko i imię',
        message: 'Brak wartości w polu „nazwisko i imię / nazwa”.',
      }),
    ]);
    expect(at(8)).toEqual([
      expect.objectContaining({
        field: 'emails',
        message: 'Doręczenie e-mailem wymaga co najmniej jednego adresu e-mail.',
      }),
    ]);
    expect(at(9)).toEqual([]);
    expect(at(10)).toEqual([expect.objectContaining({ message: 'Wiersz powtarza wiersz 9.' })]);
    expect(at(11)).toEqual([]);
    expect(at(12)).toEqual([
      expect.objectContaining({
        column: 'Ulica',
        field: 'street',
        message: expect.stringMatching(/^Adresat „Konflikt” ma w wierszu 11 inną wartość w polu „ulica i numer”/),
      }),
    ]);
    expect(at(13)).toEqual([
      expect.objectContaining({
        column: 'Kod pocztowy',
        message: expect.stringMatching(/Kod pocztowy wpisz w postaci 00-000/),
      }),
    ]);
    expect(at(14)).toEqual([]);
    expect(at(15).map((e) => e.field)).toEqual(['consentDate', 'consentSource']);
    expect(error.errorCount).toBe(error.errors.length);

    const preview = expectStatus(await send(w.admin, PREVIEW, { filename: 'bledy.csv', data }), 200);
    expect(preview.errors).toEqual(error.errors);
    expect(await dbState()).toEqual(before);
  });

  it('one unit key with two numbers in the file is a conflict', async () => {
    const before = await dbState();
    const data = csv([
      'Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Nieruchomość;Nr lokalu;Klucz lokalu',
      'Nowy Adresat;ul. Nowa 1;00-001;Warszawa;Wspólnota Długa 12;30;L-30',
      'Drugi Adresat;ul. Nowa 2;00-001;Warszawa;Wspólnota Długa 12;31;L-30',
    ]);
    const error = rejected(await send(w.admin, IMPORT, { filename: 'klucze.csv', data }));
    expect(error.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'Nr lokalu',
        field: 'unitNumber',
        message: 'Lokal 30 ma w wierszu 2 inną wartość w polu „nr lokalu” („30”) niż w tym wierszu („31”).',
      }),
    ]);
    expect(await dbState()).toEqual(before);
  });

  it('keys: stored ones are adopted by existing rows; a unit key of another property is refused', async () => {
    const adopt = csv([
      'Id kontrahenta;Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Nieruchomość;Nr lokalu;Klucz lokalu;Rola',
      'K-003;Nowak Jan;ul. Długa 12/2;00-238;Warszawa;Wspólnota Długa 12;2;L-2;najemca',
    ]);
    const adopted = expectStatus(await send(w.admin, IMPORT, { filename: 'klucze.csv', data: adopt }), 200);
    expect(adopted.counts).toMatchObject({
      recipients: { create: 0, update: 1 },
      units: { create: 0, update: 1 },
      links: { unchanged: 1 },
    });
    const unit2 = (await unitsOf(dluga)).get('2');
    expect(unit2?.externalKey).toBe('L-2');
    expect(await findRecipient('Nowak Jan')).toMatchObject({
      externalKey: 'K-003',
      units: [{ unitId: unit2?.id, role: 'tenant' }],
    });

    const before = await dbState();
    const moved = csv([
      'Id kontrahenta;Nazwisko i imię;Ulica;Kod pocztowy;Miejscowość;Nieruchomość;Nr lokalu;Klucz lokalu',
      'K-004;Nowa Osoba;ul. Zgody 1/2;00-238;Warszawa;SM Zgoda;2;L-2',
    ]);
    const error = rejected(await send(w.admin, IMPORT, { filename: 'klucze.csv', data: moved }));
    expect(error.errors).toEqual([
      {
        line: 2,
        column: 'Nieruchomość',
        field: 'property',
        message: 'Lokal o kluczu „L-2” należy do nieruchomości „Wspólnota Długa 12”.',
      },
    ]);
    expect(await dbState()).toEqual(before);
  });
});

describe('recipients import: request checks', () => {
  it('a mapping with an unknown field or bad JSON → 400; a column not in the file → 422 at line 1', async () => {
    const upload = (mapping: string) => ({ filename: 'a.csv', data: GOOD, fields: { mapping } });
    const unknown = expectError(
      await send(w.admin, IMPORT, upload(JSON.stringify({ 'Nazwisko i imię': 'surname' }))),
      400,
      'validation_failed',
    );
    expect(unknown.fields).toEqual([
      {
        path: 'mapping.Nazwisko i imię',
        message: expect.stringMatching(/^Nieznane pole „surname” — dozwolone: property/),
      },
    ]);
    expectError(await send(w.admin, PREVIEW, upload('{"a":')), 400, 'validation_failed', /nie jest poprawnym JSON/);
    expectError(await send(w.admin, PREVIEW, upload('["name"]')), 400, 'validation_failed');
    const error = rejected(
      await send(w.admin, IMPORT, upload(JSON.stringify({ 'Nazwisko i imię': 'name', Telefon: 'emails' }))),
    );
    expect(error.errors.find((e) => e.column === 'Telefon')).toMatchObject({
      line: 1,
      field: 'emails',
      message: expect.stringMatching(/^Kolumny „Telefon” nie ma w pliku/),
    });
  });

  it('a file that is not a table, an empty one, or none → 400 with a Polish message', async () => {
    const garbage = randomBytes(2048);
    garbage[0] = 0;
    expectError(
      await send(w.admin, PREVIEW, { filename: 'x.csv', data: garbage }),
      400,
      'validation_failed',
      /nie da się odczytać jako tabeli/,
    );
    expectError(
      await send(w.admin, IMPORT, { filename: 'x.csv', data: new Uint8Array() }),
      400,
      'validation_failed',
      'Plik jest pusty.',
    );
    const noFile = await t.app.inject({
      method: 'POST',
      url: IMPORT,
      headers: {
        cookie: w.admin.cookie,
        'x-csrf-token': w.admin.csrf,
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n{}\r\n--x--\r\n',
    });
    expectError(noFile, 400, 'validation_failed', /Wybierz plik do importu/);
    expectError(await call(t, w.admin, 'POST', IMPORT, { file: 'x' }), 415, 'fst_invalid_multipart_content_type');
  });
});
