/**
 * Who a document is for. Rent systems identify the recipient by a key: a unit's external key (e.g. "L0012"),
 * a recipient's external key, or the unit's individual account number (NRB). A unit's document is addressed
 * to the people linked to it (owners first); its issuer is the unit's property.
 */
import { normalizeNrb } from '../../../shared/nrb.js';
import type { Db } from '../../db/schema.js';
import type { DocumentParties } from '../../documents/types/document-type.js';
import { inScope, type Scope } from '../auth/auth.js';
import type { DocumentsRepository } from './documents.repository.js';

export interface Target {
  unitId: string | null;
  recipientId: string | null;
  propertyId: string | null;
  parties: DocumentParties;
}

export type Resolution = { ok: true; target: Target } | { ok: false; message: string };

/** Who a unit's document is addressed to first: the title holder (an owner, or a cooperative's member), co-owners, tenants. */
const ROLE_ORDER: Record<string, number> = { owner: 0, member: 0, co_owner: 1, tenant: 2 };

type UnitRow = Awaited<ReturnType<DocumentsRepository['unitsWithProperty']>>[number];
type RecipientRow = Awaited<ReturnType<DocumentsRepository['recipientsByIds']>>[number];

function issuerOf(u: UnitRow) {
  return {
    name: u.property_name,
    street: u.property_street,
    postalCode: u.property_postal_code,
    city: u.property_city,
    nip: u.property_nip,
  };
}

function unitOf(u: UnitRow) {
  return { number: u.number, address: u.address, nrb: u.bank_account };
}

function addressOf(r: RecipientRow, name = r.name) {
  return { name, street: r.street, postalCode: r.postal_code, city: r.city, country: r.country };
}

/** "Jan Kowalski, Anna Kowalska" — co-owners share one document; more than three are summarised. */
function jointName(people: RecipientRow[]): string {
  const names = people.map((p) => p.name);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} i inni` : names.join(', ');
}

export async function resolveTargets(
  db: Db,
  repo: DocumentsRepository,
  keys: string[],
): Promise<Map<string, Resolution>> {
  const unique = [...new Set(keys)];
  const nrbOf = new Map<string, string>();
  for (const k of unique) {
    const n = normalizeNrb(k);
    if (n) nrbOf.set(k, n);
  }
  const found = await repo.lookupKeys(db, unique, [...new Set(nrbOf.values())]);
  const unitByKey = new Map<string, string>();
  const unitByNrb = new Map<string, string[]>();
  for (const u of found.units) {
    if (u.external_key) unitByKey.set(u.external_key, u.id);
    if (u.bank_account) unitByNrb.set(u.bank_account, [...(unitByNrb.get(u.bank_account) ?? []), u.id]);
  }
  const recipientByKey = new Map(found.recipients.map((r) => [r.external_key as string, r.id]));

  // Which unit or recipient each key names.
  const named = new Map<string, { unitId: string } | { recipientId: string } | { error: string }>();
  for (const k of unique) {
    const unitId = unitByKey.get(k);
    const recipientId = recipientByKey.get(k);
    const nrb = nrbOf.get(k);
    const byNrb = nrb ? (unitByNrb.get(nrb) ?? []) : [];
    if (unitId) named.set(k, { unitId });
    else if (recipientId) named.set(k, { recipientId });
    else if (byNrb.length === 1) named.set(k, { unitId: byNrb[0]! });
    else if (byNrb.length > 1) named.set(k, { error: `Numer rachunku ${k} ma kilka lokali — użyj klucza lokalu.` });
    else named.set(k, { error: `Nie znaleziono lokalu ani adresata o kluczu „${k}”.` });
  }

  const recipientIds = [...named.values()].flatMap((n) => ('recipientId' in n ? [n.recipientId] : []));
  const recipientLinks = await repo.linksOfRecipients(db, recipientIds);
  const unitIds = new Set([
    ...[...named.values()].flatMap((n) => ('unitId' in n ? [n.unitId] : [])),
    ...recipientLinks.map((l) => l.unit_id),
  ]);
  const units = new Map((await repo.unitsWithProperty(db, [...unitIds])).map((u) => [u.unit_id, u]));
  const unitLinks = await repo.linksOfUnits(db, [...unitIds]);
  const people = new Map(
    (await repo.recipientsByIds(db, [...new Set([...recipientIds, ...unitLinks.map((l) => l.recipient_id)])])).map(
      (r) => [r.id, r],
    ),
  );
  const linksByUnit = new Map<string, typeof unitLinks>();
  for (const l of unitLinks) linksByUnit.set(l.unit_id, [...(linksByUnit.get(l.unit_id) ?? []), l]);
  const linksByRecipient = new Map<string, typeof recipientLinks>();
  for (const l of recipientLinks)
    linksByRecipient.set(l.recipient_id, [...(linksByRecipient.get(l.recipient_id) ?? []), l]);

  const out = new Map<string, Resolution>();
  for (const [k, n] of named) {
    if ('error' in n) {
      out.set(k, { ok: false, message: n.error });
    } else if ('unitId' in n) {
      const u = units.get(n.unitId)!;
      const holders = (linksByUnit.get(n.unitId) ?? [])
        .map((l) => ({ person: people.get(l.recipient_id)!, order: ROLE_ORDER[l.role] ?? 9 }))
        .sort((a, b) => a.order - b.order || a.person.sort_name.localeCompare(b.person.sort_name))
        .map((h) => h.person);
      const first = holders[0];
      if (!first) {
        out.set(k, {
          ok: false,
          message: `Lokal ${u.number} (${u.property_name}) nie ma przypisanego adresata — przypisz właściciela lub najemcę.`,
        });
        continue;
      }
      out.set(k, {
        ok: true,
        target: {
          unitId: n.unitId,
          recipientId: null,
          propertyId: u.property_id,
          parties: { issuer: issuerOf(u), recipient: addressOf(first, jointName(holders)), unit: unitOf(u) },
        },
      });
    } else {
      const r = people.get(n.recipientId)!;
      const links = linksByRecipient.get(n.recipientId) ?? [];
      const own = links.map((l) => units.get(l.unit_id)).filter((u): u is UnitRow => u !== undefined);
      const home = own[0];
      if (!home) {
        out.set(k, {
          ok: false,
          message: `Adresat „${r.name}” nie jest przypisany do żadnego lokalu — nie wiadomo, która nieruchomość wystawia dokument.`,
        });
        continue;
      }
      const single = own.length === 1 ? home : null;
      out.set(k, {
        ok: true,
        target: {
          unitId: single?.unit_id ?? null,
          recipientId: n.recipientId,
          propertyId: home.property_id,
          parties: { issuer: issuerOf(home), recipient: addressOf(r), unit: single ? unitOf(single) : null },
        },
      });
    }
  }
  return out;
}

/** A clerk imports only for their positions' properties: a key outside them is an error of that row. */
export function limitToScope(resolutions: Map<string, Resolution>, scope: Scope): Map<string, Resolution> {
  if (scope.all) return resolutions;
  const out = new Map<string, Resolution>();
  for (const [key, r] of resolutions) {
    out.set(
      key,
      r.ok && !inScope(scope, r.target.propertyId)
        ? {
            ok: false,
            message: r.target.propertyId
              ? `Klucz „${key}” należy do nieruchomości spoza Twojego stanowiska.`
              : `Adresat „${key}” nie jest przypisany do lokalu w nieruchomościach Twojego stanowiska.`,
          }
        : r,
    );
  }
  return out;
}
