import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  assignProperties,
  auditActions,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  rawRequest,
  type World,
} from '../../../../test/support/world.js';

let t: TestApp;
let w: World;
let unitId: string;
let recipientId: string;

const recipient = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  street: 'ul. Długa 12/1',
  postalCode: '00-238',
  city: 'Warszawa',
  ...extra,
});

async function rowCounts() {
  const count = async (table: 'recipients' | 'recipient_emails' | 'recipient_units') =>
    Number(
      (
        await t.container.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    recipients: await count('recipients'),
    emails: await count('recipient_emails'),
    units: await count('recipient_units'),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const propertyId = expectStatus(
    await call(t, w.admin, 'POST', '/api/properties', {
      name: 'Wspólnota Długa 12',
      kind: 'community',
      street: 'ul. Długa 12',
      postalCode: '00-238',
      city: 'Warszawa',
    }),
    201,
  ).id;
  unitId = expectStatus(await call(t, w.admin, 'POST', '/api/units', { propertyId, number: '1' }), 201).id;
  await assignProperties(t, w, w.positionA, [propertyId]);
  recipientId = expectStatus(
    await call(
      t,
      w.admin,
      'POST',
      '/api/recipients',
      recipient('Łukasz Żółkiewski', {
        channel: 'email',
        emails: ['Lukasz.Zolkiewski@Example.PL', 'lz@example.pl'],
        consent: { date: '2026-01-15', source: 'Oświadczenie z zebrania' },
        externalKey: 'K-0001',
        units: [{ unitId, role: 'owner' }],
      }),
    ),
    201,
  ).id;
});
afterAll(() => t?.close());

describe('recipients: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/recipients' },
    { method: 'GET', url: `/api/recipients/${MISSING_ID}` },
    { method: 'POST', url: '/api/recipients', body: recipient('Anonim') },
    { method: 'PATCH', url: `/api/recipients/${MISSING_ID}`, body: { city: 'Kraków' } },
    { method: 'DELETE', url: `/api/recipients/${MISSING_ID}` },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });
});

describe('recipients: authorisation', () => {
  it('a clerk reads, creates and corrects recipients', async () => {
    const got = expectStatus(await call(t, w.clerkA, 'GET', `/api/recipients/${recipientId}`), 200);
    expect(got).toMatchObject({
      name: 'Łukasz Żółkiewski',
      country: 'PL',
      channel: 'email',
      emails: ['Lukasz.Zolkiewski@example.pl', 'lz@example.pl'],
      consent: { date: '2026-01-15', source: 'Oświadczenie z zebrania' },
      units: [{ unitId, role: 'owner' }],
    });
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/recipients?q=zolk'), 200).items).toHaveLength(1);
    const created = expectStatus(
      await call(
        t,
        w.clerkA,
        'POST',
        '/api/recipients',
        recipient('Anna Nowak', { units: [{ unitId, role: 'tenant' }] }),
      ),
      201,
    );
    expect(created).toMatchObject({ channel: 'paper', emails: [], consent: null, externalKey: null });
    const patched = await call(t, w.clerkA, 'PATCH', `/api/recipients/${created.id}`, { city: 'Kraków' });
    expect(expectStatus(patched, 200)).toMatchObject({ name: 'Anna Nowak', city: 'Kraków', street: 'ul. Długa 12/1' });
    expect(await auditActions(t, created.id)).toEqual(['recipient.create', 'recipient.update']);
  });

  it('only an admin deletes a recipient', async () => {
    const id = expectStatus(await call(t, w.admin, 'POST', '/api/recipients', recipient('Do usunięcia')), 201).id;
    expectError(await call(t, w.clerkA, 'DELETE', `/api/recipients/${id}`), 403, 'forbidden', /tylko administrator/i);
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${id}`), 200).id).toBe(id);
    expectStatus(await call(t, w.admin, 'DELETE', `/api/recipients/${id}`), 204);
    expectError(await call(t, w.admin, 'GET', `/api/recipients/${id}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'DELETE', `/api/recipients/${id}`), 404, 'not_found');
    expect(await auditActions(t, id)).toEqual(['recipient.create', 'recipient.delete']);
  });

  it('a PATCH changes only what it sends; e-mails and units are replaced as given', async () => {
    const res = await call(t, w.clerkA, 'PATCH', `/api/recipients/${recipientId}`, { emails: ['nowy@example.pl'] });
    expect(expectStatus(res, 200)).toMatchObject({
      name: 'Łukasz Żółkiewski',
      emails: ['nowy@example.pl'],
      units: [{ unitId, role: 'owner' }],
      externalKey: 'K-0001',
    });
    const emails = await t.container.db
      .selectFrom('recipient_emails')
      .select('address')
      .where('recipient_id', '=', recipientId)
      .execute();
    expect(emails).toEqual([{ address: 'nowy@example.pl' }]);
  });
});

describe('recipients: kept to the properties of the clerk’s position', () => {
  let otherUnit: string;
  beforeAll(async () => {
    const other = expectStatus(
      await call(t, w.admin, 'POST', '/api/properties', {
        name: 'Spółdzielnia Zielona',
        kind: 'cooperative',
        street: 'ul. Zielona 8',
        postalCode: '00-238',
        city: 'Warszawa',
      }),
      201,
    ).id;
    otherUnit = expectStatus(await call(t, w.admin, 'POST', '/api/units', { propertyId: other, number: '5' }), 201).id;
    await assignProperties(t, w, w.positionB, [other]);
  });

  it('another position’s clerk neither lists, reads nor changes them', async () => {
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/recipients?q=zolk'), 200).items).toEqual([]);
    expectError(await call(t, w.clerkB, 'GET', `/api/recipients/${recipientId}`), 403, 'forbidden', /stanowiska/);
    const before = await rowCounts();
    expectError(
      await call(t, w.clerkB, 'PATCH', `/api/recipients/${recipientId}`, { emails: ['atak@example.pl'] }),
      403,
      'forbidden',
    );
    expectError(
      await rawRequest(t, w.clerkB, 'PATCH', `/api/recipients/${recipientId}`, '{"emails":'),
      403,
      'forbidden',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('a clerk links a recipient only to their own units and keeps the links of other positions', async () => {
    expectFieldError(await call(t, w.clerkA, 'POST', '/api/recipients', recipient('Bez lokalu')), 'units', /lokal/);
    expectError(
      await call(
        t,
        w.clerkA,
        'POST',
        '/api/recipients',
        recipient('Obcy', { units: [{ unitId: otherUnit, role: 'owner' }] }),
      ),
      403,
      'forbidden',
      /spoza Twojego stanowiska/,
    );
    const shared = expectStatus(
      await call(
        t,
        w.admin,
        'POST',
        '/api/recipients',
        recipient('Wspólny Adresat', {
          units: [
            { unitId, role: 'owner' },
            { unitId: otherUnit, role: 'owner' },
          ],
        }),
      ),
      201,
    ).id;
    // Clerk A names only their unit: the link to B's unit stays.
    const res = await call(t, w.clerkA, 'PATCH', `/api/recipients/${shared}`, { units: [{ unitId, role: 'tenant' }] });
    expect(expectStatus(res, 200).units).toEqual(
      expect.arrayContaining([
        { unitId, role: 'tenant' },
        { unitId: otherUnit, role: 'owner' },
      ]),
    );
    expect(expectStatus(await call(t, w.clerkB, 'GET', `/api/recipients/${shared}`), 200).name).toBe('Wspólny Adresat');
  });
});

describe('recipients: validation', () => {
  it('rejects bad e-mail addresses, naming the position in the list', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('Zły', { emails: ['ok@example.pl', 'zły@'] })),
      'emails.1',
      'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/recipients/${recipientId}`, { emails: ['bez-domeny'] }),
      'emails.0',
      /Nieprawidłowy adres e-mail/,
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('Zły', { emails: ['a@example.pl', 'A@example.pl'] })),
      'emails',
      'Adres e-mail powtarza się.',
    );
  });

  it('e-mail delivery needs an address; a Polish address needs NN-NNN', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('Bez adresu', { channel: 'email' })),
      'emails',
      'Doręczenie e-mailem wymaga co najmniej jednego adresu e-mail.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/recipients/${recipientId}`, { emails: [] }),
      'emails',
      /Dodaj adres e-mail/,
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('Zły kod', { postalCode: '00238' })),
      'postalCode',
      'Kod pocztowy wpisz w postaci 00-000.',
    );
    const foreign = await call(
      t,
      w.admin,
      'POST',
      '/api/recipients',
      recipient('Hans', { country: 'de', postalCode: '10115' }),
    );
    expect(expectStatus(foreign, 201)).toMatchObject({ country: 'DE', postalCode: '10115' });
  });

  it('names missing required fields and rejects unknown ones', async () => {
    const error = expectError(await call(t, w.admin, 'POST', '/api/recipients', {}), 400, 'validation_failed');
    for (const path of ['name', 'street', 'postalCode', 'city']) {
      expect(error.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('X', { consent: { source: 'Umowa' } })),
      'consent.date',
      'To pole jest wymagane.',
    );
    expectFieldError(
      await call(
        t,
        w.admin,
        'POST',
        '/api/recipients',
        recipient('X', { consent: { date: '15.01.2026', source: 'U' } }),
      ),
      'consent.date',
      'Data w postaci RRRR-MM-DD.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('X', { pesel: '90010112345' })),
      '',
      'Nieznane pola: pesel.',
    );
    expectFieldError(
      await call(
        t,
        w.admin,
        'POST',
        '/api/recipients',
        recipient('X', { units: [{ unitId, role: 'owner', share: 1 }] }),
      ),
      'units.0',
      'Nieznane pola: share.',
    );
  });

  it('rejects a malformed id, a bad cursor, malformed JSON and an oversized body', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/recipients/jan'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/recipients?cursor=WyJ4Il0'),
      'cursor',
      'Nieprawidłowy znacznik strony.',
    );
    expectFieldError(await call(t, w.admin, 'GET', '/api/recipients?channel=fax'), 'querystring.channel', /.+/);
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/recipients', '{"name": "Jan"'),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/recipients', JSON.stringify(recipient('y'.repeat(1_500_000)))),
      413,
      'fst_err_ctp_body_too_large',
    );
  });

  it('a duplicate rent-system key is a conflict', async () => {
    expectError(
      await call(t, w.admin, 'POST', '/api/recipients', recipient('Inny', { externalKey: 'K-0001' })),
      409,
      'conflict',
      /K-0001/,
    );
  });
});

describe('recipients: nothing half-stored', () => {
  it('a create with an unknown unit leaves no recipient, e-mail, unit link or audit row', async () => {
    const before = await rowCounts();
    const auditBefore = await auditActions(t);
    const res = await call(
      t,
      w.admin,
      'POST',
      '/api/recipients',
      recipient('Nieistniejący Lokal', {
        channel: 'email',
        emails: ['a@example.pl', 'b@example.pl'],
        units: [
          { unitId, role: 'owner' },
          { unitId: MISSING_ID, role: 'tenant' },
        ],
      }),
    );
    expectFieldError(res, 'units', 'Nieznany lokal.');
    expect(await rowCounts()).toEqual(before);
    expect(
      await t.container.db.selectFrom('recipients').select('id').where('name', '=', 'Nieistniejący Lokal').execute(),
    ).toEqual([]);
    expect(
      await t.container.db.selectFrom('recipient_emails').select('id').where('address', '=', 'b@example.pl').execute(),
    ).toEqual([]);
    expect(await auditActions(t)).toEqual(auditBefore);
  });

  it('an update with an unknown unit changes nothing', async () => {
    const before = expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${recipientId}`), 200);
    const res = await call(t, w.admin, 'PATCH', `/api/recipients/${recipientId}`, {
      name: 'Zmienione',
      emails: ['zmienione@example.pl'],
      units: [{ unitId: MISSING_ID, role: 'owner' }],
    });
    expectFieldError(res, 'units', 'Nieznany lokal.');
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/recipients/${recipientId}`), 200)).toEqual(before);
  });
});
