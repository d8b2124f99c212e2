import { describe, expect, it } from 'vitest';
import {
  inline,
  part,
  sharedStringBomb,
  sheetXml,
  streamedPart,
  workbookParts,
  xlsx,
  zipOf,
} from '../../../test/support/xlsx-bomb.js';
import { ValidationError } from './errors.js';
import { readTable } from './tabular.js';

const utf8 = (text: string) => Buffer.from(text, 'utf-8');

/** The refusal's message; every one must be short (no value repeated whole) and say what to do. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  // Numbers are grouped with a no-break space, as Polish writes them.
  const message = (err as ValidationError).message.replace(/\u00a0/g, ' ');
  expect(message.length).toBeLessThan(400);
  return message;
}

const long = (n: number, ch = 'x') => ch.repeat(n);

describe('readTable limits: CSV', () => {
  it.each([
    ['a data row with more than 500 columns', `a;b\n1;2${';'.repeat(600)}\n`, /Wiersz 2 ma więcej niż 500 kolumn/],
    ['a line of a million separators', `a\n${';'.repeat(1_000_000)}\n`, /Wiersz 2 ma więcej niż 500 kolumn/],
    [
      'a header with more than 500 columns',
      `${Array.from({ length: 501 }, (_, i) => `k${i}`).join(';')}\n`,
      /Wiersz 1 ma więcej niż 500 kolumn/,
    ],
    [
      'a cell longer than Excel allows (32 767 characters)',
      `a;b\n1;${long(40_000, 'ż')}\n`,
      /Wiersz 2, kolumna 2, ma ponad 32 767 znaków .* zaczyna się od „ż{40}…”/,
    ],
    [
      'a quoted cell longer than that',
      `a\n"${long(33_000)}"\n`,
      /Wiersz 2, kolumna 1, ma ponad 32 767 znaków .*„x{40}…”/,
    ],
    [
      'a line longer than 100 000 characters',
      `a;b;c;d\n${long(30_000)};${long(30_000)};${long(30_000)};${long(30_000)}\n`,
      /Wiersz 2 jest za długi: ma ponad 100 000 znaków/,
    ],
    [
      'a quote never closed, swallowing the rest of the file',
      `a;b\n1;"2\n${'3;4\n'.repeat(40_000)}`,
      /Wiersz 2, kolumna 2, ma ponad 32 767 znaków .* zamknij cudzysłów/,
    ],
    [
      'a header name longer than 200 characters',
      `${long(250, 'N')};b\n1;2\n`,
      /nazwa kolumny 1 ma ponad 200 znaków \(„N{40}…”\)/,
    ],
  ])('refuses %s, quoting at most 40 characters', async (_what, text, message) => {
    expect(await refusal(readTable(utf8(text), 'dane.csv'))).toMatch(message);
  });

  it('refuses more rows than the limit while parsing, blank lines too', async () => {
    const rows = `a;b\n${Array.from({ length: 50_001 }, (_, i) => `${i};x`).join('\n')}\n`;
    expect(await refusal(readTable(utf8(rows), 'dane.csv'))).toMatch(/więcej niż 50 000 wierszy/);
    const blanks = `a;b\n1;2\n${'\n'.repeat(60_000)}3;4\n`;
    expect(await refusal(readTable(utf8(blanks), 'dane.csv'))).toMatch(/więcej niż 50 000 wierszy/);
  });

  it('quotes a stray value and repeated header names by their first 40 characters', async () => {
    const stray = await refusal(readTable(utf8(`a;b\n1;2;${long(5000, 'q')}\n`), 'dane.csv'));
    expect(stray).toContain(`„${'q'.repeat(40)}…” w kolumnie 3`);
    const twice = await refusal(readTable(utf8(`${long(150, 'h')};${long(150, 'h')}\n1;2\n`), 'dane.csv'));
    expect(twice).toContain(`powtarzają się: „${'h'.repeat(40)}…”`);
  });

  it('still reads a file at the limits', async () => {
    const header = Array.from({ length: 500 }, (_, i) => `k${i}`).join(';');
    const table = await readTable(utf8(`${header}\n${long(32_767)};${'1;'.repeat(498)}2\n`), 'dane.csv');
    expect(table.headers).toHaveLength(500);
    expect(table.rows[0]?.cells.k0).toHaveLength(32_767);
    expect(table.rows[0]?.cells.k499).toBe('2');
  });
});

const header = `<row r="1">${inline('A1', 'Nazwa')}${inline('B1', 'Kwota')}</row>`;
const row = (r: number) => `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>${r * 2}</v></c></row>`;

describe('readTable limits: XLSX, checked before exceljs reads the workbook', () => {
  it('reads a hand-made workbook (the builder used below makes valid files)', async () => {
    const table = await readTable(xlsx(`${header}${row(2)}`), 'a.xlsx');
    expect(table).toMatchObject({ sheet: 'Dane', headers: ['Nazwa', 'Kwota'] });
    expect(table.rows).toEqual([{ line: 2, cells: { Nazwa: '2', Kwota: '4' } }]);
  });

  it('refuses more than 50 000 rows from the XML, before exceljs (which would choke on the broken end)', async () => {
    const rows = Array.from({ length: 50_002 }, (_, i) => row(i + 2)).join('');
    const file = xlsx(`${header}${rows}<row r="60000"><c r="A60000"`);
    expect(await refusal(readTable(file, 'a.xlsx'))).toMatch(/więcej niż 50 000 wierszy/);
  });

  it('refuses a cell beyond column 500, naming it', async () => {
    const file = xlsx(`${header}<row r="2"><c r="A2"><v>1</v></c><c r="SG2"><v>2</v></c></row>`);
    expect(await refusal(readTable(file, 'a.xlsx'))).toMatch(
      /Komórka SG2 leży w kolumnie 501, a plik może mieć najwyżej 500 kolumn/,
    );
  });

  it('refuses a cell longer than 32 767 characters, inline or shared, quoting 40', async () => {
    const inlineLong = xlsx(`${header}<row r="2">${inline('A2', long(33_000, 'ą'))}</row>`);
    expect(await refusal(readTable(inlineLong, 'a.xlsx'))).toMatch(
      /Komórka A2 arkusza „Dane” ma ponad 32 767 znaków .* zaczyna się od „ą{40}…”/,
    );
    const shared = xlsx(`${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`, { sharedStrings: [long(40_000)] });
    expect(await refusal(readTable(shared, 'a.xlsx'))).toMatch(
      /Tekst nr 1 skoroszytu ma ponad 32 767 znaków .*„x{40}…”/,
    );
  });

  it('refuses more than a million shared strings, and more characters in all than allowed', async () => {
    const many = zipOf([
      ...workbookParts(),
      part('xl/worksheets/sheet1.xml', sheetXml(header)),
      part(
        'xl/sharedStrings.xml',
        `<sst>${Array.from({ length: 1_000_001 }, (_, i) => `<si><t>${i}</t></si>`).join('')}</sst>`,
      ),
    ]);
    expect(await refusal(readTable(many, 'a.xlsx'))).toMatch(/ponad 1 000 000 różnych tekstów/);
    const big = xlsx(header, { sharedStrings: ['a'.repeat(600), 'b'.repeat(600)] });
    const message = await refusal(readTable(big, 'a.xlsx', { limits: { maxSharedStringChars: 1000 } }));
    expect(message).toMatch(/Teksty w skoroszycie mają razem ponad 1\s000 znaków/);
  });

  it('refuses a part over its unpacked size: declared, or found while inflating when the directory lies', async () => {
    const bombs = sharedStringBomb(120);
    for (const lie of [false, true]) {
      const bomb = lie ? bombs.lying : bombs.honest;
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(await refusal(readTable(bomb, 'a.xlsx'))).toMatch(
        lie
          ? /część „xl\/sharedStrings.xml” \(teksty komórek\) jest spakowana ponad 100 razy/
          : /część „xl\/sharedStrings.xml” \(teksty komórek\) ma po rozpakowaniu ponad 100 MB/,
      );
    }
    const sheet = zipOf([
      ...workbookParts(),
      streamedPart('xl/worksheets/sheet1.xml', '<worksheet><sheetData>', `${row(2)}`, 10, '</sheetData></worksheet>'),
    ]);
    const message = await refusal(readTable(sheet, 'a.xlsx', { limits: { maxSheetBytes: 500 } }));
    expect(message).toMatch(/część „xl\/worksheets\/sheet1.xml” \(arkusz „Dane”\) ma po rozpakowaniu ponad/);
  });

  it('refuses an entry packed more than 100 : 1 past its first megabyte', async () => {
    const zeros = zipOf([
      ...workbookParts(),
      part('xl/worksheets/sheet1.xml', sheetXml(header)),
      streamedPart('xl/styles.xml', '<styleSheet>', ' ', 5 * 1024 * 1024, '</styleSheet>'),
    ]);
    expect(await refusal(readTable(zeros, 'a.xlsx'))).toMatch(
      /część „xl\/styles.xml” \(style\) jest spakowana ponad 100 razy/,
    );
  });

  it('refuses too many entries, odd paths and a DTD', async () => {
    const extra = Array.from({ length: 1000 }, (_, i) => part(`xl/media/image${i}.png`, 'x'));
    expect(await refusal(readTable(xlsx(header, { extra }), 'a.xlsx'))).toMatch(/ponad 1\s000 części/);
    for (const name of ['../../etc/passwd', '/xl/evil.xml', 'xl\\evil.xml', `${'a/'.repeat(10)}b.xml`]) {
      const file = xlsx(header, { extra: [part(name, 'x')] });
      expect(await refusal(readTable(file, 'a.xlsx'))).toMatch(/nietypowej ścieżce/);
    }
    const dtd = zipOf([
      ...workbookParts(),
      part('xl/worksheets/sheet1.xml', `<!DOCTYPE x [<!ENTITY a "aaaa">]>${sheetXml(header)}`),
    ]);
    expect(await refusal(readTable(dtd, 'a.xlsx'))).toMatch(/nie jest prawidłowym skoroszytem/);
  });

  it('refuses a merged area over the cell budget, and reads past whole-sheet validations it does not need', async () => {
    const merged = xlsx(header, { after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' });
    expect(await refusal(readTable(merged, 'a.xlsx'))).toMatch(/ponad 1 000 000 komórek/);
    const validated = xlsx(`${header}${row(2)}`, {
      after:
        '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
    });
    expect((await readTable(validated, 'a.xlsx')).rows).toHaveLength(1);
  });
});
