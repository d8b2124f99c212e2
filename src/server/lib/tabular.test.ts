import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { readTable } from './tabular.js';

const utf8 = (text: string) => Buffer.from(text, 'utf-8');
const withBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);

async function rejects(promise: Promise<unknown>, message: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).message).toMatch(message);
}

describe('readTable: CSV', () => {
  it('reads UTF-8 with a BOM: header without the BOM, trimmed cells, line numbers as in the file', async () => {
    const file = withBom(
      'Nazwisko i imię;Adres e-mail;Nr lokalu\r\n' +
        ' Żółć Łucja ; lucja@example.pl ;1\r\n' +
        '\r\n' +
        ';;\r\n' +
        '"Wiśniewski\r\nJan";"jan@example.pl";"2"\r\n' +
        'Nowak Anna;;3\r\n',
    );
    const table = await readTable(file, 'adresaci.csv');
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';' });
    expect(table.headers).toEqual(['Nazwisko i imię', 'Adres e-mail', 'Nr lokalu']);
    expect(table.rows).toEqual([
      { line: 2, cells: { 'Nazwisko i imię': 'Żółć Łucja', 'Adres e-mail': 'lucja@example.pl', 'Nr lokalu': '1' } },
      { line: 5, cells: { 'Nazwisko i imię': 'Wiśniewski\nJan', 'Adres e-mail': 'jan@example.pl', 'Nr lokalu': '2' } },
      { line: 7, cells: { 'Nazwisko i imię': 'Nowak Anna', 'Adres e-mail': '', 'Nr lokalu': '3' } },
    ]);
  });

  it('reads UTF-8 without a BOM, comma-separated, with quoted commas; blank lines before the header count', async () => {
    const table = await readTable(utf8('\n\nname,city\n"Kowalski, Jan",Kraków\nNowak,"Łódź"\n'), 'a.csv');
    expect(table.delimiter).toBe(',');
    expect(table.rows).toEqual([
      { line: 4, cells: { name: 'Kowalski, Jan', city: 'Kraków' } },
      { line: 5, cells: { name: 'Nowak', city: 'Łódź' } },
    ]);
  });

  it('reads Windows-1250 with ";" as Polish Excel writes it, commas inside values included', async () => {
    const text = 'Nazwisko i imię;Miejscowość;Uwagi\r\nŻabiński Paweł;Łódź, Gęślą;zażółć gęślą jaźń\r\n';
    const file = iconv.encode(text, 'windows-1250');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const table = await readTable(file, 'export.csv');
    expect(table).toMatchObject({ encoding: 'windows-1250', delimiter: ';' });
    expect(table.headers).toEqual(['Nazwisko i imię', 'Miejscowość', 'Uwagi']);
    expect(table.rows).toEqual([
      {
        line: 2,
        cells: { 'Nazwisko i imię': 'Żabiński Paweł', Miejscowość: 'Łódź, Gęślą', Uwagi: 'zażółć gęślą jaźń' },
      },
    ]);
  });

  it('honours a forced encoding', async () => {
    const file = iconv.encode('Miasto\nŁódź\n', 'windows-1250');
    expect((await readTable(file, 'a.csv', { encoding: 'windows-1250' })).rows[0]?.cells.Miasto).toBe('Łódź');
    await rejects(readTable(file, 'a.csv', { encoding: 'utf-8' }), /nie jest zapisany w kodowaniu UTF-8/);
  });

  it('reads tab-separated text (also UTF-16 "Unicode text" from Excel)', async () => {
    const text = 'Nr lokalu\tNRB\tKwota\n12\t61 1090 1014 0000 0712 1981 2874\t1234,50\n';
    const table = await readTable(utf8(text), 'lokale.txt');
    expect(table.delimiter).toBe('\t');
    expect(table.rows[0]).toEqual({
      line: 2,
      cells: { 'Nr lokalu': '12', NRB: '61 1090 1014 0000 0712 1981 2874', Kwota: '1234,50' },
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    const unicode = await readTable(utf16, 'lokale.txt');
    expect(unicode).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(unicode.rows).toEqual(table.rows);
  });

  it('keeps quotes that are part of an unquoted value', async () => {
    const table = await readTable(utf8('Nazwa;Miasto\nSM "Zgoda";Płock\n'), 'a.csv');
    expect(table.rows[0]?.cells.Nazwa).toBe('SM "Zgoda"');
  });

  it('rejects an empty file, a blank one and one without a header', async () => {
    await rejects(readTable(Buffer.alloc(0), 'a.csv'), /Plik jest pusty/);
    await rejects(readTable(utf8('\r\n  \r\n'), 'a.csv'), /Plik jest pusty/);
    await rejects(readTable(utf8(';;\n1;2;3\n'), 'a.csv'), /Brak wiersza nagłówka/);
    await rejects(readTable(utf8('jan@example.pl;12\n'), 'a.csv'), /wygląda na dane, a nie na nagłówek/);
  });

  it('rejects duplicate header names, also differing only in case or spacing', async () => {
    await rejects(readTable(utf8('Nazwisko;E-mail;e-mail\nA;b;c\n'), 'a.csv'), /powtarzają się: „e-mail”/);
    await rejects(readTable(utf8('Nr  lokalu;Nr lokalu\n1;2\n'), 'a.csv'), /powtarzają się/);
  });

  it('rejects a value in a column without a header name, with its line', async () => {
    await rejects(readTable(utf8('a;b\n1;2\n3;4;5\n'), 'a.csv'), /Wiersz 3: wartość „5” w kolumnie 3/);
  });

  it('reports an unclosed quote with its line', async () => {
    await rejects(readTable(utf8('a;b\n1;2\n"3;4\n5;6\n'), 'a.csv'), /Wiersz 3: cudzysłów otwarty i niezamknięty/);
  });

  it('rejects more rows than the limit', async () => {
    const text = `a;b\n${Array.from({ length: 11 }, (_, i) => `${i};x`).join('\n')}\n`;
    expect((await readTable(utf8(text), 'a.csv', { maxRows: 11 })).rows).toHaveLength(11);
    await rejects(readTable(utf8(text), 'a.csv', { maxRows: 10 }), /więcej niż 10 wierszy/);
  });

  it('rejects garbage binary, an old .xls and a broken .xlsx', async () => {
    const garbage = randomBytes(4096);
    garbage[0] = 0x00; // a random buffer may start with anything; keep it from looking like a ZIP or OLE file
    await rejects(readTable(garbage, 'dane.csv'), /nie da się odczytać jako tabeli/);
    await rejects(readTable(Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n\u0001\u0002'), 'x.csv'), /jako tabeli/);
    await rejects(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'stary.xls'), /\.xls/);
    await rejects(readTable(utf8('a;b\n1;2\n'), 'arkusz.xlsx'), /nie jest prawidłowym skoroszytem XLSX/);
    const zipNotXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    await rejects(readTable(zipNotXlsx, 'arkusz.xlsx'), /nie jest prawidłowym skoroszytem XLSX/);
  });
});

describe('readTable: XLSX', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first visible sheet: numbers as typed, dates as YYYY-MM-DD, rich text, formulas, links', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Ukryty', { state: 'hidden' }).addRow(['x']);
      const ws = wb.addWorksheet('Adresaci');
      ws.addRow(['Nazwisko i imię', 'Kwota', 'Data zgody', 'Nr lokalu', 'Suma', 'E-mail', 'Uwagi']);
      ws.addRow([
        { richText: [{ text: 'Żółć ', font: { bold: true } }, { text: 'Łucja' }] },
        1234.5,
        new Date(Date.UTC(2026, 0, 15)),
        12,
        { formula: 'B2*2', result: 2469 },
        { text: 'lucja@example.pl', hyperlink: 'mailto:lucja@example.pl' },
        '  z odstępami  ',
      ]);
      ws.addRow([]);
      ws.addRow(['Nowak Anna', 0.1 + 0.2, null, '12A']);
    });
    const table = await readTable(file, 'adresaci.xlsx');
    expect(table).toMatchObject({ format: 'xlsx', sheet: 'Adresaci' });
    expect(table.encoding).toBeUndefined();
    expect(table.headers).toEqual(['Nazwisko i imię', 'Kwota', 'Data zgody', 'Nr lokalu', 'Suma', 'E-mail', 'Uwagi']);
    expect(table.rows).toEqual([
      {
        line: 2,
        cells: {
          'Nazwisko i imię': 'Żółć Łucja',
          Kwota: '1234.5',
          'Data zgody': '2026-01-15',
          'Nr lokalu': '12',
          Suma: '2469',
          'E-mail': 'lucja@example.pl',
          Uwagi: 'z odstępami',
        },
      },
      {
        line: 4,
        cells: {
          'Nazwisko i imię': 'Nowak Anna',
          Kwota: '0.3',
          'Data zgody': '',
          'Nr lokalu': '12A',
          Suma: '',
          'E-mail': '',
          Uwagi: '',
        },
      },
    ]);
  });

  it('reads a named sheet; the header may start below blank rows; an unknown sheet is named in the error', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Pierwszy').addRow(['a']);
      const ws = wb.addWorksheet('Lokale');
      ws.getCell('A3').value = 'Nr lokalu';
      ws.getCell('B3').value = 'NRB';
      ws.getCell('A4').value = '1';
      ws.getCell('B4').value = '61109010140000071219812874';
    });
    const table = await readTable(file, 'x.xlsx', { sheet: 'Lokale' });
    expect(table.rows).toEqual([{ line: 4, cells: { 'Nr lokalu': '1', NRB: '61109010140000071219812874' } }]);
    await rejects(readTable(file, 'x.xlsx', { sheet: 'Brak' }), /nie ma arkusza „Brak”.*„Pierwszy”, „Lokale”/);
  });

  it('rejects an empty sheet and duplicate headers', async () => {
    await rejects(readTable(await workbook((wb) => wb.addWorksheet('Pusty')), 'x.xlsx'), /Arkusz „Pusty” jest pusty/);
    const dup = await workbook((wb) => {
      const ws = wb.addWorksheet('A');
      ws.addRow(['Nazwa', 'NAZWA']);
      ws.addRow(['x', 'y']);
    });
    await rejects(readTable(dup, 'x.xlsx'), /powtarzają się: „NAZWA”/);
  });
});
