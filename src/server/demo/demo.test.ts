import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { AccountCreate } from '../../shared/accounts.js';
import { systemActor } from '../modules/auth/auth.js';
import { DEMO_ACCOUNT_NAME, loadDemoData } from './demo.js';
import { generateDemoData } from './demo-data.js';

let t: TestApp | null = null;
const admin = systemActor('test');

afterEach(async () => {
  await t?.close();
  t = null;
});

async function count(app: TestApp, table: 'positions' | 'properties' | 'units' | 'recipients' | 'recipient_units') {
  const row = await app.container.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts(app: TestApp) {
  return {
    positions: await count(app, 'positions'),
    properties: await count(app, 'properties'),
    units: await count(app, 'units'),
    recipients: await count(app, 'recipients'),
    links: await count(app, 'recipient_units'),
  };
}

// The default demo (300 units) on PostgreSQL under load takes longer than the default 20 s.
describe('loadDemoData', { timeout: 60_000 }, () => {
  it('loads the default demo into a fresh database, and a second run adds nothing', async () => {
    t = await createTestApp();
    const { services, repos, db } = t.container;
    const data = generateDemoData();
    const links = data.recipients.reduce((sum, r) => sum + r.units.length, 0);

    const first = await loadDemoData(services);
    expect(first).toMatchObject({
      positions: 3,
      properties: 3,
      units: 300,
      recipients: data.recipients.length,
      skipped: 0,
    });
    expect(await counts(t)).toEqual({
      positions: 3,
      properties: 3,
      units: 300,
      recipients: data.recipients.length,
      links,
    });

    // No capture SMTP in the tests, so the loader made its own sandbox account and made it every default.
    expect(first.account.name).toBe(DEMO_ACCOUNT_NAME);
    const account = await repos.accounts.findById(db, first.account.id);
    expect(account).toMatchObject({ host: '127.0.0.1', port: 2525, security: 'none', kind: 'smtp' });
    for (const p of await services.positions.list(admin))
      expect(p.accounts).toEqual([{ accountId: first.account.id, role: 'default' }]);

    const second = await loadDemoData(services);
    expect(second).toEqual({
      positions: 0,
      properties: 0,
      units: 0,
      recipients: 0,
      skipped: 3 + 3 + 300 + data.recipients.length,
      account: first.account,
    });
    expect(await counts(t)).toEqual({
      positions: 3,
      properties: 3,
      units: 300,
      recipients: data.recipients.length,
      links,
    });
    expect(await count(t, 'recipients')).toBe(data.recipients.length);
    const accounts = await db.selectFrom('smtp_accounts').select('id').execute();
    expect(accounts).toHaveLength(1);
  });

  it('stores units and recipients as generated, linked to the capture account when there is one', async () => {
    t = await createTestApp();
    const { services, repos, db } = t.container;
    const capture = await services.accounts.ensureCaptureAccount('127.0.0.1', 2525);
    // A position the administrator set up before, bound to a real account, keeps its set-up.
    const office = await services.accounts.create(
      admin,
      AccountCreate.parse({
        name: 'Biuro',
        fromAddress: 'biuro@example.pl',
        feedbackAddress: 'zwrotne@example.pl',
        host: 'smtp.example.pl',
        port: 587,
      }),
    );
    const rent = await services.positions.create(admin, { name: 'Czynsze', description: '' });
    await services.positions.setAccounts(admin, rent.id, [{ accountId: office.id, role: 'default' }]);

    const summary = await loadDemoData(services, { units: 40, seed: 11 });
    expect(summary.account).toEqual({ id: capture.id, name: capture.name });
    expect(summary).toMatchObject({ positions: 2, properties: 3, units: 40, skipped: 1 });

    const data = generateDemoData({ units: 40, seed: 11 });
    const demoUnit = data.properties[0]!.units[0]!;
    const unit = await repos.properties.findUnitByExternalKey(db, demoUnit.externalKey);
    expect(unit).toMatchObject({ number: demoUnit.number, bank_account: demoUnit.bankAccount, kind: 'flat' });

    const demoRecipient = data.recipients.find((r) => r.emails.length === 2) ?? data.recipients[0]!;
    const row = await repos.recipients.findByExternalKey(db, demoRecipient.externalKey);
    const stored = await services.recipients.get(admin, row!.id);
    expect(stored).toMatchObject({
      name: demoRecipient.name,
      channel: demoRecipient.channel,
      emails: demoRecipient.emails,
      consent: demoRecipient.consent,
      country: demoRecipient.country,
    });
    expect(stored.units).toHaveLength(demoRecipient.units.length);

    const positions = await services.positions.list(admin);
    expect(Object.fromEntries(positions.map((p) => [p.name, p.accounts]))).toEqual({
      Czynsze: [{ accountId: office.id, role: 'default' }],
      Księgowość: [{ accountId: capture.id, role: 'default' }],
      'Dział techniczny': [{ accountId: capture.id, role: 'default' }],
    });
    const again = await loadDemoData(services, { units: 40, seed: 11 });
    expect(again.units + again.recipients + again.positions + again.properties).toBe(0);

    // Another size numbers the units differently: what is added must still fit together.
    const bigger = await loadDemoData(services, { units: 200, seed: 12 });
    expect(bigger.units).toBeGreaterThan(0);
    const rows = await db
      .selectFrom('recipients')
      .innerJoin('recipient_units', 'recipient_units.recipient_id', 'recipients.id')
      .innerJoin('units', 'units.id', 'recipient_units.unit_id')
      .select([
        'recipients.external_key as recipientKey',
        'recipients.street',
        'recipients.city',
        'units.external_key as unitKey',
        'units.address',
      ])
      .execute();
    const own = rows.filter((x) => x.recipientKey?.startsWith(`${x.unitKey}-`));
    expect(own.length).toBeGreaterThan(100);
    for (const r of own) {
      // Residents (in Łódź) get their post at the unit; owners living elsewhere are never in Łódź.
      if (r.city === 'Łódź') expect(r.street, r.recipientKey ?? '').toBe(r.address);
    }
    const orphans = await db
      .selectFrom('recipients')
      .leftJoin('recipient_units', 'recipient_units.recipient_id', 'recipients.id')
      .select('recipients.id')
      .where('recipient_units.unit_id', 'is', null)
      .execute();
    expect(orphans).toEqual([]);
  });
});
