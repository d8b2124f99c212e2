import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import {
  csv,
  dbState,
  dluga,
  findRecipient,
  GOOD,
  IMPORT,
  NRB1,
  NRB2,
  PREVIEW,
  rejected,
  send,
  setupImportsApp,
  t,
  unitsOf,
  w,
  zgoda,
} from './imports.routes.fixture.js';

setupImportsApp();

describe('recipients import: access', () => {
  it('anonymous → 401; a clerk → 403; without the CSRF token → 403; nothing stored', async () => {
    const before = await dbState();
    for (const url of [PREVIEW, IMPORT]) {
      expectError(await send(null, url, { filename: 'a.csv', data: GOOD }), 401, 'unauthenticated');
      expectError(
        await send(w.clerkA, url, { filename: 'a.csv', data: GOOD }),
        403,
        'forbidden',
        /tylko administrator/i,
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
        emails: ['anna@example.pl', 'A.Kowalska@example.pl'],
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
      emails: ['anna@example.pl', 'A.Kowalska@example.pl'],
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
