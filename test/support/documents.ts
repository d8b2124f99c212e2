import { loadDemoData } from '../../src/server/demo/demo.js';
import { generateDemoData } from '../../src/server/demo/demo-data.js';
import { demoFeeNotice } from '../../src/server/demo/demo-documents.js';
import { call, type TestApp } from './app.js';
import { createWorld, expectStatus, type World } from './world.js';

export const PERIOD = '2026-04';

export interface DocumentWorld extends World {
  /** Unit keys of the demo data with the property kind each belongs to. */
  units: { key: string; kind: 'flat' | 'commercial' | 'garage'; propertyKind: 'cooperative' | 'community' }[];
}

/** The scoping world plus the demo's properties, units and recipients (small), as the demo command loads them. */
export async function createDocumentWorld(t: TestApp, unitCount = 30): Promise<DocumentWorld> {
  const world = await createWorld(t);
  const s = t.container.services;
  await loadDemoData(s, { units: unitCount });
  const data = generateDemoData({ units: unitCount });
  const units = data.properties.flatMap((p) =>
    p.units.map((u) => ({ key: u.externalKey, kind: u.kind, propertyKind: p.kind })),
  );
  return { ...world, units };
}

/** Imports a fee notice for every unit of the world through the API; returns the import result. */
export async function importFeeNotices(t: TestApp, w: DocumentWorld, period = PERIOD) {
  const items = w.units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, period) }));
  return expectStatus(await call(t, w.admin, 'POST', '/api/documents/import', { type: 'fee_notice', items }), 201);
}

/** What the batch should make, worked out from the database: drafts per e-mail address, paper by reason. */
export async function expectedAudience(t: TestApp, documentIds: string[]) {
  const db = t.container.db;
  const docs = await db
    .selectFrom('documents')
    .select(['id', 'unit_id', 'type'])
    .where('id', 'in', documentIds)
    .execute();
  let email = 0;
  const paper: Record<string, number> = {};
  for (const d of docs) {
    const links = await db
      .selectFrom('recipient_units')
      .innerJoin('recipients', 'recipients.id', 'recipient_units.recipient_id')
      .select(['recipients.id', 'recipients.channel', 'recipients.consent_at', 'recipient_units.role'])
      .where('recipient_units.unit_id', '=', d.unit_id as string)
      .execute();
    for (const r of links) {
      const emails = await db
        .selectFrom('recipient_emails')
        .select('address')
        .where('recipient_id', '=', r.id)
        .execute();
      // A fee notice to a tenant needs written form (art. 8a uopl, D68): paper whatever the channel.
      const reason =
        d.type === 'fee_notice' && r.role === 'tenant'
          ? 'written_form'
          : r.channel === 'paper'
            ? 'paper_channel'
            : !r.consent_at
              ? 'no_consent'
              : emails.length === 0
                ? 'no_email'
                : null;
      if (reason) paper[reason] = (paper[reason] ?? 0) + 1;
      else email += emails.length;
    }
  }
  return { email, paper };
}
