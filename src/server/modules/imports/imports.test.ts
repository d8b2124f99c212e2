import { describe, expect, it } from 'vitest';
import {
  parseChannel,
  parseCountry,
  parseDate,
  parseRole,
  parseRow,
  parseUnitKind,
  resolveMapping,
  splitEmails,
  suggestMapping,
} from './imports.js';

describe('suggestMapping', () => {
  it('recognises Polish header names whatever the case, diacritics and punctuation', () => {
    expect(
      suggestMapping([
        'IMIĘ I NAZWISKO',
        'Nr. lokalu',
        'Adres e-mail',
        'E-mail 2',
        'Indywidualny rachunek',
        'Tytuł prawny',
        'Kod poczt.',
        'Miasto',
        'Ulica, nr domu',
        'Telefon',
      ]),
    ).toEqual({
      'IMIĘ I NAZWISKO': 'name',
      'Nr. lokalu': 'unitNumber',
      'Adres e-mail': 'emails',
      'E-mail 2': 'emails',
      'Indywidualny rachunek': 'unitNrb',
      'Tytuł prawny': 'role',
      'Kod poczt.': 'postalCode',
      Miasto: 'city',
      'Ulica, nr domu': 'street',
      Telefon: null,
    });
  });

  it('gives a field to one column only (e-mails excepted)', () => {
    expect(suggestMapping(['Nazwisko', 'Nazwa', 'Mail', 'E-mail'])).toEqual({
      Nazwisko: 'name',
      Nazwa: null,
      Mail: 'emails',
      'E-mail': 'emails',
    });
  });
});

describe('resolveMapping', () => {
  const headers = ['Nazwa', 'Ulica', 'Kod', 'Miasto', 'Lokal', 'Wspólnota', 'Mail 1', 'Mail 2', 'Imię'];
  const base = {
    Nazwa: 'name',
    Ulica: 'street',
    Kod: 'postalCode',
    Miasto: 'city',
    Lokal: 'unitNumber',
    Wspólnota: 'property',
  } as const;

  it('accepts several e-mail columns and ignored ones', () => {
    const { columns, errors } = resolveMapping(
      { ...base, 'Mail 1': 'emails', 'Mail 2': 'emails', Imię: null },
      headers,
    );
    expect(errors).toEqual([]);
    expect(columns.emails).toEqual(['Mail 1', 'Mail 2']);
  });

  it('reports a field mapped twice and a missing unit at line 1', () => {
    const { errors } = resolveMapping({ ...base, Imię: 'name', Lokal: null }, headers);
    expect(errors).toEqual([
      expect.objectContaining({
        line: 1,
        field: 'name',
        column: 'Imię',
        message: expect.stringMatching(/kilku kolumn/),
      }),
      expect.objectContaining({
        line: 1,
        field: 'unitNumber',
        message: expect.stringMatching(/Brak kolumn wskazujących/),
      }),
    ]);
  });
});

describe('cell words', () => {
  it.each([
    ['Mieszkanie', 'flat'],
    ['lokal użytkowy', 'commercial'],
    ['LOKAL UZYTKOWY', 'commercial'],
    ['Garaż', 'garage'],
    ['garage', 'garage'],
    ['inne', 'other'],
    ['pałac', undefined],
  ])('unit kind %s → %s', (word, kind) => expect(parseUnitKind(word)).toBe(kind));

  it.each([
    ['e-mail', 'email'],
    ['E-MAIL', 'email'],
    ['email', 'email'],
    ['papier', 'paper'],
    ['Paper', 'paper'],
    ['faks', undefined],
  ])('channel %s → %s', (word, channel) => expect(parseChannel(word)).toBe(channel));

  it.each([
    ['Właściciel', 'owner'],
    ['współwłaścicielka', 'co_owner'],
    ['co-owner', 'co_owner'],
    ['najemca', 'tenant'],
    ['Członek spółdzielni', 'member'],
    ['member', 'member'],
    ['prezes', undefined],
  ])('role %s → %s', (word, role) => expect(parseRole(word)).toBe(role));

  it.each([
    ['2026-01-15', '2026-01-15'],
    ['2026-01-15 10:30', '2026-01-15'],
    ['15.01.2026', '2026-01-15'],
    ['5.1.2026 r.', '2026-01-05'],
    ['15/01/2026', '2026-01-15'],
    ['31.02.2026', '2026-02-31'], // the form is right: the date field's check names the missing day
    ['2026-13-01', '2026-13-01'],
    ['wczoraj', null],
  ])('date %s → %s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it('splits e-mail lists and reads country names', () => {
    expect(splitEmails('a@x.pl; b@x.pl,c@x.pl  d@x.pl')).toEqual(['a@x.pl', 'b@x.pl', 'c@x.pl', 'd@x.pl']);
    expect(parseCountry('Polska')).toBe('PL');
    expect(parseCountry('de')).toBe('DE');
  });
});

describe('parseRow', () => {
  const columns = {
    name: ['N'],
    street: ['U'],
    postalCode: ['K'],
    city: ['M'],
    country: ['Kraj'],
    property: ['P'],
    unitNumber: ['L'],
  };
  const property = { id: '0190a5b0-0000-7000-8000-000000000001', name: 'Wspólnota Długa 12' };
  const find = (v: string) => (v.toLowerCase() === property.name.toLowerCase() ? property : undefined);

  it('gives only what the row has; a foreign postal code keeps its format', () => {
    const row = parseRow(
      {
        line: 4,
        cells: {
          N: 'Hans Müller',
          U: 'Hauptstr. 1',
          K: '10115',
          M: 'Berlin',
          Kraj: 'de',
          P: 'wspólnota długa 12',
          L: '3',
        },
      },
      columns,
      find,
    );
    expect(row.errors).toEqual([]);
    expect(row.recipient).toEqual({
      name: 'Hans Müller',
      street: 'Hauptstr. 1',
      postalCode: '10115',
      city: 'Berlin',
      country: 'DE',
    });
    expect(row.unit).toEqual({ propertyId: property.id, number: '3' });
  });

  it('drops hidden characters from a name (bidi marks pasted from elsewhere) rather than refusing the row', () => {
    const row = parseRow(
      {
        line: 5,
        cells: { N: 'Jan\u202E Kowalski\u200F', U: 'ul. Lipowa 7', K: '31-042', M: 'Kraków', P: property.name, L: '7' },
      },
      columns,
      find,
    );
    expect(row.errors).toEqual([]);
    expect(row.recipient.name).toBe('Jan Kowalski');
  });
});
