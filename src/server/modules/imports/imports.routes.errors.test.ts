import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import {
  BAD_SUM,
  csv,
  dbState,
  GOOD,
  HEADER,
  IMPORT,
  PREVIEW,
  rejected,
  send,
  setupImportsApp,
  t,
  w,
} from './imports.routes.fixture.js';

setupImportsApp();

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
