import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { auditUsage } from '../../../../test/support/audit-usage.js';
import { AccountCreate, AccountUpdate } from '../../../shared/accounts.js';
import { AUDIT_ACTION_GROUPS } from '../../../shared/audit.js';
import { BatchSelection } from '../../../shared/batches.js';
import { ImportFileInfo, RecipientImportCounts } from '../../../shared/imports.js';
import { DraftUpdate } from '../../../shared/messages.js';
import { PositionInput, PositionUpdate } from '../../../shared/positions.js';
import { PropertyInput, PropertyUpdate, UnitInput, UnitUpdate } from '../../../shared/properties.js';
import { RecipientInput, RecipientUpdate } from '../../../shared/recipients.js';
import { UserUpdate } from '../../../shared/users.js';

/**
 * Every action, entity type and detail key the server writes into the audit log has a Polish and an English label
 * in the settings translations, so the log never shows a raw code (issue 11). The server's source is read for what
 * it writes (test/support/audit-usage.ts); what the text cannot tell is named here from the shared schemas.
 */
const root = join(import.meta.dirname, '../../../..');
const usage = auditUsage(root);

/** Property names of a zod schema, at any depth (objects, arrays, optional/nullable/default wrappers, refinements). */
function schemaKeys(schema: z.ZodType): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definition
  const def = (schema as any)._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => [k, ...schemaKeys(v)]);
    case 'array':
      return schemaKeys(def.element);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return schemaKeys(def.innerType);
    case 'pipe':
      return [...schemaKeys(def.in), ...schemaKeys(def.out)];
    case 'union':
      return (def.options as z.ZodType[]).flatMap(schemaKeys);
    default:
      return [];
  }
}

/** Details the source gives as a variable or a call: the keys they can carry. Unknown ones fail the test. */
const OPAQUE: Record<string, string[]> = {
  // users.service: the validated update without the password; messages.service: the draft update without bodies.
  changed: [...schemaKeys(UserUpdate), ...schemaKeys(DraftUpdate)],
  // positions, properties/units, recipients: the validated input as given.
  input: [
    ...schemaKeys(PositionInput),
    ...schemaKeys(PositionUpdate),
    ...schemaKeys(PropertyInput),
    ...schemaKeys(PropertyUpdate),
    ...schemaKeys(UnitInput),
    ...schemaKeys(UnitUpdate),
    ...schemaKeys(RecipientInput),
    ...schemaKeys(RecipientUpdate),
  ],
  // accounts.service: the account's fields, the password said as changed/removed, the DKIM key's domain/selector.
  auditDetails: [
    ...schemaKeys(AccountCreate),
    ...schemaKeys(AccountUpdate),
    'password',
    'dkim',
    'domain',
    'selector',
    'keyChanged',
  ],
  // recipients.service: the validated input with the PDF code said as set, never written out (D71).
  withoutCode: [...schemaKeys(RecipientInput), ...schemaKeys(RecipientUpdate)],
  smtpUtf8Column: ['smtputf8'],
  // repeat.ts: the callers' `details: {…}` literals, read with the rest.
  'req.details': [],
};

/** Objects put whole into details whose keys the source does not spell out. */
const NESTED: Record<string, string[]> = {
  lock: ['scope', 'until', 'addresses'],
  selection: schemaKeys(BatchSelection),
  counts: schemaKeys(RecipientImportCounts),
  file: schemaKeys(ImportFileInfo),
};

type Labels = {
  audit: {
    actions: Record<string, string>;
    groups: Record<string, string>;
    entityTypes: Record<string, string>;
    fields: Record<string, string>;
  };
};
const labels = (lang: 'pl' | 'en') =>
  JSON.parse(readFileSync(join(root, 'src/web/i18n', lang, 'settings.json'), 'utf8')) as Labels;

const unlabelled = (found: Iterable<string>, table: Record<string, string>) =>
  [...new Set(found)].filter((k) => typeof table[k] !== 'string' || table[k].trim() === '').sort();

describe('audit log labels', () => {
  it('reads the actions, entity types and detail keys the server writes', () => {
    expect(usage.actions.has('batch.create')).toBe(true);
    expect(usage.actions.has('account.retry_now')).toBe(true);
    expect(usage.entityTypes.has('suppression')).toBe(true);
    // From a literal with a comment inside, a spread of a conditional object and a nested object.
    for (const key of ['includeAlreadySent', 'held', 'messages', 'mapping'])
      expect(usage.detailKeys.has(key)).toBe(true);
  });

  it('offers every action prefix in the audit log filter', () => {
    const prefixes = new Set([...usage.actions.keys()].map((a) => a.split('.')[0] as string));
    expect([...prefixes].filter((p) => !(AUDIT_ACTION_GROUPS as readonly string[]).includes(p))).toEqual([]);
  });

  it('knows the keys of every details object the source does not spell out', () => {
    expect([...usage.opaque.keys()].filter((e) => !(e in OPAQUE)).sort()).toEqual([]);
  });

  const detailKeys = [
    ...usage.detailKeys.keys(),
    ...[...usage.opaque.keys()].flatMap((e) => OPAQUE[e] ?? []),
    ...Object.entries(NESTED).flatMap(([k, keys]) => (usage.detailKeys.has(k) ? keys : [])),
  ];

  it.each(['pl', 'en'] as const)('labels every action, group, entity type and detail key in %s', (lang) => {
    const { audit } = labels(lang);
    expect({
      actions: unlabelled(usage.actions.keys(), audit.actions),
      groups: unlabelled(
        [...usage.actions.keys()].map((a) => a.split('.')[0] as string),
        audit.groups,
      ),
      entityTypes: unlabelled(usage.entityTypes.keys(), audit.entityTypes),
      fields: unlabelled(detailKeys, audit.fields),
    }).toEqual({ actions: [], groups: [], entityTypes: [], fields: [] });
  });
});
