import { AccountCreate } from '../../shared/accounts.js';
import { type Position, PositionInput } from '../../shared/positions.js';
import { PropertyInput, UnitInput } from '../../shared/properties.js';
import { RecipientInput } from '../../shared/recipients.js';
import type { Services } from '../container.js';
import { ConflictError } from '../lib/errors.js';
import { type Actor, systemActor } from '../modules/auth/auth.js';
import { type DemoDataOptions, type DemoProperty, generateDemoData } from './demo-data.js';
import { demoFeeNotice } from './demo-documents.js';

export const DEMO_ACCOUNT_NAME = 'Piaskownica (demo)';

export interface LoadDemoOptions extends DemoDataOptions {
  actor?: Actor;
}

export interface DemoSummary {
  /** What this run created; `skipped` counts what was already there. */
  positions: number;
  properties: number;
  units: number;
  recipients: number;
  skipped: number;
  /** The account every demo position sends from by default. */
  account: { id: string; name: string };
}

type DemoServices = Pick<Services, 'accounts' | 'positions' | 'properties' | 'recipients'>;

/**
 * Fee notices (zawiadomienia o wysokości opłat) for every demo unit, valid from `period`, so a new user can run the
 * batch wizard at once. Skipped when fee notices for that period exist already. Returns how many were created.
 */
export async function loadDemoDocuments(
  services: Pick<Services, 'documents'>,
  options: DemoDataOptions & { period: string; actor?: Actor },
): Promise<number> {
  const actor = options.actor ?? systemActor('demo');
  const existing = await services.documents.list(actor, { type: 'fee_notice', period: options.period, limit: 1 });
  if (existing.items.length > 0) return 0;
  const data = generateDemoData(options);
  const items = data.properties.flatMap((p) =>
    p.units.map((u) => ({
      line: 0,
      recipientKey: u.externalKey,
      data: demoFeeNotice({ key: u.externalKey, kind: u.kind, propertyKind: p.kind }, options.period),
    })),
  );
  items.forEach((it, i) => {
    it.line = i + 1;
  });
  const result = await services.documents.importData(actor, 'fee_notice', items);
  return result.created;
}

/**
 * Writes the demo data through the ordinary services (validation, audit log and all). Idempotent: positions and
 * properties are recognised by name, units and recipients by their external key, and whatever exists is skipped.
 */
export async function loadDemoData(services: DemoServices, options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const actor = options.actor ?? systemActor('demo');
  const data = generateDemoData(options);
  const summary: DemoSummary = {
    positions: 0,
    properties: 0,
    units: 0,
    recipients: 0,
    skipped: 0,
    account: await sandboxAccount(services, actor),
  };

  const existingPositions = new Map((await services.positions.list(actor)).map((p) => [p.name, p]));
  const demoPositions: Position[] = [];
  for (const demo of data.positions) {
    let position = existingPositions.get(demo.name);
    if (position) summary.skipped++;
    else {
      position = await services.positions.create(actor, PositionInput.parse(demo));
      summary.positions++;
    }
    // Bind the sandbox only where nothing is bound yet: an administrator's own choice stays.
    if (position.accounts.length === 0) {
      await services.positions.setAccounts(actor, position.id, [{ accountId: summary.account.id, role: 'default' }]);
    }
    demoPositions.push(position);
  }

  const existingProperties = new Map((await services.properties.list(actor)).map((p) => [p.name, p.id]));
  const unitIds = new Map<string, string>();
  const demoPropertyIds: string[] = [];
  for (const demo of data.properties) {
    let propertyId = existingProperties.get(demo.name);
    if (propertyId) summary.skipped++;
    else {
      const { units: _units, ...fields } = demo;
      propertyId = (await services.properties.create(actor, PropertyInput.parse(fields))).id;
      summary.properties++;
    }
    await loadUnits(services, actor, propertyId, demo, unitIds, summary);
    demoPropertyIds.push(propertyId);
  }
  // Every demo position serves the demo's properties, unless an administrator has already chosen its properties.
  for (const position of demoPositions) {
    if (position.propertyIds.length === 0) await services.positions.setProperties(actor, position.id, demoPropertyIds);
  }

  for (const demo of data.recipients) {
    const { person: _person, units, ...fields } = demo;
    const links = units.flatMap((u) => {
      const unitId = unitIds.get(u.unitKey);
      return unitId ? [{ unitId, role: u.role }] : [];
    });
    if (units.length > 0 && links.length === 0) {
      summary.skipped++; // none of its units was stored: a recipient of nothing would only confuse
      continue;
    }
    try {
      await services.recipients.create(actor, RecipientInput.parse({ ...fields, units: links }));
      summary.recipients++;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      summary.skipped++;
    }
  }
  return summary;
}

/** The built-in capture account; without one (capture SMTP off), a plain SMTP account aimed at 127.0.0.1:2525. */
async function sandboxAccount(services: DemoServices, actor: Actor): Promise<{ id: string; name: string }> {
  const accounts = await services.accounts.list(actor);
  const found = accounts.find((a) => a.kind === 'capture') ?? accounts.find((a) => a.name === DEMO_ACCOUNT_NAME);
  if (found) return { id: found.id, name: found.name };
  const created = await services.accounts.create(
    actor,
    AccountCreate.parse({
      name: DEMO_ACCOUNT_NAME,
      fromName: 'Administracja (demo)',
      fromAddress: 'administracja@example.pl',
      feedbackAddress: 'zwrotne@example.pl',
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
    }),
  );
  return { id: created.id, name: created.name };
}

async function loadUnits(
  services: DemoServices,
  actor: Actor,
  propertyId: string,
  demo: DemoProperty,
  unitIds: Map<string, string>,
  summary: DemoSummary,
) {
  const existing = new Map<string, { id: string; number: string }>();
  let cursor: string | undefined;
  do {
    const page = await services.properties.listUnits(actor, { propertyId, cursor, limit: 200 });
    for (const u of page.items) if (u.externalKey) existing.set(u.externalKey, { id: u.id, number: u.number });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  for (const unit of demo.units) {
    const found = existing.get(unit.externalKey);
    if (found) {
      // Linked only when it is the same unit (a run with another --units or --seed numbers units differently).
      if (found.number === unit.number) unitIds.set(unit.externalKey, found.id);
      summary.skipped++;
      continue;
    }
    try {
      const created = await services.properties.createUnit(actor, UnitInput.parse({ ...unit, propertyId }));
      unitIds.set(unit.externalKey, created.id);
      summary.units++;
    } catch (err) {
      // The number or key is taken by a unit someone changed by hand: leave it alone.
      if (!(err instanceof ConflictError)) throw err;
      summary.skipped++;
    }
  }
}
