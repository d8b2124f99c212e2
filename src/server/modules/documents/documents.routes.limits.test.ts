import { beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/support/world.js';
import { sharedStringBomb } from '../../../../test/support/xlsx-bomb.js';
import { counts, csvFile, importFile, setupDocumentsApp } from './documents.routes.fixture.js';

setupDocumentsApp();

const MB = 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most memory the process has ever held (resident), in bytes: a peak, so a freed bomb still shows. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

describe('POST /api/documents/import-file: data files that unpack or parse to far more than they weigh', () => {
  let bombs: { honest: Buffer; lying: Buffer };
  beforeAll(() => {
    // The finding's file: 400 MB of one shared string (the first column's name) in ~410 KB.
    bombs = sharedStringBomb(400);
  }, 120_000);

  it('refuses a <1 MB XLSX whose shared string unpacks to 400 MB, the process growing by under 100 MB', async () => {
    for (const data of [bombs.honest, bombs.lying]) {
      expect(data.length).toBeLessThan(MB);
      const before = await counts();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = peakRss();
      const res = await importFile({ filename: 'bomba.xlsx', contentType: XLSX, data });
      const rssGrowth = peakRss() - rssBefore;
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      const body = expectError(
        res,
        400,
        'validation_failed',
        /xl\/sharedStrings\.xml.*(po rozpakowaniu ponad|spakowana ponad)/,
      );
      expect(rssGrowth).toBeLessThan(100 * MB);
      expect(heapGrowth).toBeLessThan(100 * MB);
      // The error names the part and the limit, and repeats none of the value.
      expect(body.message).not.toMatch(/AAAA/);
      expect(res.payload.length).toBeLessThan(2000);
      expect(await counts()).toEqual(before);
    }
  });

  it('four at once: all refused, the server alive and its memory bounded', async () => {
    const rssBefore = peakRss();
    const results = await Promise.all(
      [bombs.honest, bombs.lying, bombs.honest, bombs.lying].map((data) =>
        importFile({ filename: 'bomba.xlsx', contentType: XLSX, data }),
      ),
    );
    for (const res of results) expect(res.statusCode).toBe(400);
    expect(peakRss() - rssBefore).toBeLessThan(100 * MB);
  });

  it('a CSV whose header is a million-character column name: refused, quoting 40 characters of it', async () => {
    const res = await importFile(csvFile(`recipientKey;${'N'.repeat(1_000_000)}\nSMP-0001;1\n`));
    const body = expectError(res, 400, 'validation_failed', /Wiersz 1, kolumna 2, ma ponad 32\s767 znaków .*„N{40}…”/);
    expect(body.message.length).toBeLessThan(300);
    expect(res.payload.length).toBeLessThan(2000);
  });

  it('an unknown column with a long name is quoted by its first 40 characters, in the message and the path', async () => {
    const res = await importFile(csvFile(`recipientKey;${'Z'.repeat(150)}\nSMP-0001;1\n`));
    expect(res.statusCode).toBe(422);
    expect(res.payload.length).toBeLessThan(2000);
    expect(res.payload).toContain(`Nieznana kolumna „${'Z'.repeat(40)}…”`);
    expect(res.payload).not.toContain('Z'.repeat(41));
  });

  it('a JSON data file of more than 50 000 items is refused before its items are checked', async () => {
    const items = JSON.stringify(Array.from({ length: 50_001 }, () => ({ recipientKey: 'X', data: {} })));
    const res = await importFile({ filename: 'dane.json', contentType: 'application/json', data: Buffer.from(items) });
    expectError(res, 400, 'validation_failed', /więcej niż 50\s000 pozycji/);
  });
});
