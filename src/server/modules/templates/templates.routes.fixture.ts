/** Shared set-up and helpers of templates.routes.*.test.ts. */
import { afterAll, beforeAll } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';
import { documentType } from '../../documents/registry.js';

export let t: TestApp;
export let w: DocumentWorld;

export const URL = '/api/templates/fee_notice';
export const BUILT_IN = documentType('fee_notice').template;

export const INSTALLATION = {
  subject: 'Opłaty od {{ document.validFrom | data }} — {{ unit.number }}',
  html: '<p>Szanowni Państwo,</p><p>opłata: <strong>{{ document.total | kwota }}</strong>.</p>',
  text: '',
};
export const ACCOUNT_A = {
  subject: 'Czynsze: opłaty od {{ document.validFrom | data: "długa" }}',
  html: '<p>Lokal {{ unit.number }}: {{ document.total | kwota }} ({{ document.total | slownie }}).</p>',
  text: 'Lokal {{ unit.number }}: {{ document.total | kwota }}. Rachunek: {{ document.nrb | nrb }}',
};

export const accountUrl = (accountId: string) => `${URL}/accounts/${accountId}`;

export async function effective(session: Session, accountId?: string) {
  return expectStatus(await call(t, session, 'GET', accountId ? `${URL}?accountId=${accountId}` : URL), 200);
}

/** The template.* entries of the audit log, oldest first, with their details. */
export async function templateAudit() {
  const rows = await t.container.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'entity_id', 'details'])
    .where('action', 'like', 'template.%')
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ action: r.action, actor: r.actor_id, entityId: r.entity_id, ...JSON.parse(r.details) }));
}

export async function storedTemplates() {
  return t.container.db.selectFrom('templates').selectAll().orderBy('id').execute();
}

export function setupTemplatesApp() {
  beforeAll(async () => {
    t = await createTestApp();
    w = await createDocumentWorld(t);
  }, 60_000);
  afterAll(() => t?.close());
}
