import {
  type ImportAction,
  type ImportRowError,
  RECIPIENT_IMPORT_FIELDS,
  type RecipientImportCounts,
  type RecipientImportPreviewRow,
} from '../../../shared/imports.js';
import { UnitInput } from '../../../shared/properties.js';
import { RecipientInput } from '../../../shared/recipients.js';
import type { DeliveryChannel, RecipientUnitRole, Row, UnitKind } from '../../db/schema.js';
import { excerpt } from '../../lib/excerpt.js';
import {
  addressKey,
  groupRecipients,
  groupUnits,
  type ParsedRow,
  type PropertyRef,
  RECIPIENT_FIELD_OF,
  same,
  UNIT_FIELD_OF,
} from './imports-rows.js';
import type { Columns, Field } from './imports-words.js';

export * from './imports-rows.js';
export * from './imports-words.js';

/**
 * The pure rules of the recipients import: which column is which field, what the words in the cells mean, how
 * rows group into recipients, units and links, and what would be created or changed given what the database
 * already holds. The service reads the file, looks the rows up and stores the plan.
 */

// ------------------------------------------------------------------------------------------------- planning

/** What the database holds for the rows of one import (looked up by the service). */
export interface Existing {
  properties: Map<string, PropertyRef>;
  recipientsByKey: Map<string, Row<'recipients'>>;
  /** Recipients whose folded name occurs in the file, by addressKey. */
  recipientsByAddress: Map<string, Row<'recipients'>[]>;
  emails: Map<string, string[]>;
  links: Map<string, Map<string, RecipientUnitRole>>;
  unitsByKey: Map<string, Row<'units'>>;
  /** By `${propertyId}|${number}`. */
  unitsByNumber: Map<string, Row<'units'>>;
}

export interface PlannedRecipient {
  id: string;
  action: ImportAction;
  values: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    channel: DeliveryChannel;
    consent: { date: string; source: string } | null;
    externalKey: string | null;
    pdfCode: string | null;
    emails: string[];
  };
  emailsChanged: boolean;
  links: { unitId: string; role: RecipientUnitRole }[];
  linksChanged: boolean;
}

export interface PlannedUnit {
  id: string;
  action: ImportAction;
  values: {
    propertyId: string;
    number: string;
    kind: UnitKind;
    address: string;
    bankAccount: string | null;
    externalKey: string | null;
  };
}

export interface Plan {
  recipients: PlannedRecipient[];
  units: PlannedUnit[];
  errors: ImportRowError[];
  counts: RecipientImportCounts;
  /** Row → what it stands for, for the preview. */
  view(line: number): RecipientImportPreviewRow;
}

const noCounts = () => ({ create: 0, update: 0, unchanged: 0 });

export function emptyCounts(rows: number): RecipientImportCounts {
  return { rows, recipients: noCounts(), units: noCounts(), links: noCounts() };
}

export function sortErrors(errors: ImportRowError[]): ImportRowError[] {
  const order = (f: Field | null) => (f ? RECIPIENT_IMPORT_FIELDS.indexOf(f) : RECIPIENT_IMPORT_FIELDS.length);
  return [...errors].sort((a, b) => a.line - b.line || order(a.field) - order(b.field));
}

/**
 * Works out, for rows that passed their own checks, what each recipient, unit and link becomes. `newId` names
 * what will be created. Reports what only shows with the data: a key already used elsewhere, several matching
 * recipients, a repeated link, and the whole-record rules of the recipient and unit forms.
 */
export function planImport(rows: ParsedRow[], columns: Columns, existing: Existing, newId: () => string): Plan {
  const errors: ImportRowError[] = rows.flatMap((r) => r.errors);
  const failed = new Set(errors.map((e) => e.line));
  const rowError = (row: ParsedRow, field: Field | null, message: string) => {
    errors.push({ line: row.line, column: field ? (columns[field]?.[0] ?? null) : null, field, message });
    failed.add(row.line);
  };
  const fieldOfPath = (path: PropertyKey | undefined, fields: Record<string, Field>): Field | null =>
    typeof path === 'string' ? (fields[path] ?? null) : null;

  const recipientGroups = groupRecipients(rows, columns);
  const unitGroups = groupUnits(rows, columns);
  errors.push(...recipientGroups.errors, ...unitGroups.errors);
  for (const e of [...recipientGroups.errors, ...unitGroups.errors]) failed.add(e.line);

  // Units: by key, else by property and number; a key found on another unit is a conflict.
  const units = new Map<string, PlannedUnit>();
  const unitFinalNumbers = new Map<string, number>();
  const allFailed = (group: { rows: ParsedRow[] }) => group.rows.every((r) => failed.has(r.line));
  for (const group of unitGroups.groups) {
    if (allFailed(group)) continue;
    const first = group.rows[0]!;
    const v = group.values;
    const byNumber = v.propertyId && v.number ? existing.unitsByNumber.get(`${v.propertyId}|${v.number}`) : undefined;
    let current: Row<'units'> | undefined;
    if (v.externalKey) {
      current = existing.unitsByKey.get(v.externalKey);
      if (current && v.propertyId && current.property_id !== v.propertyId) {
        const other = existing.properties.get(current.property_id)?.name ?? current.property_id;
        rowError(
          first,
          'property',
          `Lokal o kluczu „${excerpt(v.externalKey)}” należy do nieruchomości „${excerpt(other)}”.`,
        );
        continue;
      }
      if (current && byNumber && byNumber.id !== current.id) {
        rowError(
          first,
          'unitNumber',
          `Lokal o kluczu „${excerpt(v.externalKey)}” ma nr ${current.number}, a nr ${excerpt(v.number ?? '')} ma w tej nieruchomości ` +
            'inny lokal.',
        );
        continue;
      }
      if (!current && byNumber?.external_key) {
        rowError(
          first,
          'unitExternalKey',
          `Lokal nr ${excerpt(v.number ?? '')} ma już klucz „${byNumber.external_key}”, a w pliku „${excerpt(v.externalKey)}”.`,
        );
        continue;
      }
      current ??= byNumber;
    } else {
      current = byNumber;
    }
    if (!current && (!v.propertyId || !v.number)) {
      rowError(
        first,
        'unitExternalKey',
        `Lokalu o kluczu „${excerpt(v.externalKey ?? '')}” nie ma w bazie — aby go dodać, podaj nieruchomość i nr lokalu.`,
      );
      continue;
    }
    const values: PlannedUnit['values'] = {
      propertyId: current?.property_id ?? v.propertyId!,
      number: v.number ?? current!.number,
      kind: v.kind ?? current?.kind ?? 'flat',
      address: v.address ?? current?.address ?? '',
      bankAccount: v.bankAccount ?? current?.bank_account ?? null,
      externalKey: v.externalKey ?? current?.external_key ?? null,
    };
    const numberKey = `${values.propertyId}|${values.number}`;
    const taken = unitFinalNumbers.get(numberKey);
    if (taken !== undefined) {
      rowError(first, 'unitNumber', `Lokal nr ${values.number} tej nieruchomości jest już w wierszu ${taken}.`);
      continue;
    }
    unitFinalNumbers.set(numberKey, first.line);
    const validated = UnitInput.safeParse(values);
    if (!validated.success) {
      for (const issue of validated.error.issues)
        rowError(first, fieldOfPath(issue.path[0], UNIT_FIELD_OF), issue.message);
      continue;
    }
    const changed =
      current &&
      (values.number !== current.number ||
        values.kind !== current.kind ||
        values.address !== current.address ||
        values.bankAccount !== current.bank_account ||
        values.externalKey !== current.external_key);
    units.set(group.key, {
      id: current?.id ?? newId(),
      action: !current ? 'create' : changed ? 'update' : 'unchanged',
      values,
    });
  }

  // Recipients: by key, else by name and address (a keyed row may adopt a recipient that has no key yet).
  const recipients = new Map<string, PlannedRecipient>();
  const claimed = new Map<string, number>();
  const linkLines = new Map<string, ParsedRow>();
  const linkActions = new Map<number, { action: ImportAction; role: RecipientUnitRole }>();
  for (const group of recipientGroups.groups) {
    if (allFailed(group)) continue;
    const first = group.rows[0]!;
    const v = group.values;
    const candidates = existing.recipientsByAddress.get(addressKey(v)) ?? [];
    let current: Row<'recipients'> | undefined;
    if (v.externalKey) {
      current = existing.recipientsByKey.get(v.externalKey);
      if (!current) {
        const free = candidates.filter((c) => c.external_key === null && !claimed.has(c.id));
        if (free.length === 1) current = free[0];
      }
    } else if (candidates.length > 1) {
      rowError(
        first,
        'name',
        `W bazie jest ${candidates.length} adresatów „${excerpt(v.name ?? '')}” pod tym adresem — dodaj do pliku kolumnę ` +
          'z kluczem adresata, żeby wskazać właściwego.',
      );
      continue;
    } else {
      current = candidates[0];
    }
    if (current && claimed.has(current.id)) {
      rowError(
        first,
        'recipientExternalKey',
        `To ten sam adresat co w wierszu ${claimed.get(current.id)} — podaj w obu wierszach ten sam klucz adresata.`,
      );
      continue;
    }
    if (current) claimed.set(current.id, first.line);
    const currentEmails = current ? (existing.emails.get(current.id) ?? []) : [];
    const currentConsent = current?.consent_at
      ? { date: current.consent_at, source: current.consent_source ?? '' }
      : null;
    const values: PlannedRecipient['values'] = {
      name: v.name ?? current?.name ?? '',
      street: v.street ?? current?.street ?? '',
      postalCode: v.postalCode ?? current?.postal_code ?? '',
      city: v.city ?? current?.city ?? '',
      country: v.country ?? current?.country ?? 'PL',
      channel: v.channel ?? current?.channel ?? 'paper',
      consent: v.consent ?? currentConsent,
      externalKey: v.externalKey ?? current?.external_key ?? null,
      pdfCode: v.pdfCode ?? current?.pdf_code ?? null,
      emails: v.emails ?? currentEmails,
    };

    // Links: the recipient's existing ones stay; the file's are added, or change their role.
    const id = current?.id ?? newId();
    const links = new Map(current ? (existing.links.get(current.id) ?? []) : []);
    let linksChanged = false;
    for (const row of group.rows) {
      if (failed.has(row.line)) continue;
      const unit = units.get(unitGroups.groupOf.get(row.line) ?? '');
      if (!unit) continue;
      const linkKey = `${group.key}→${unit.id}`;
      const earlier = linkLines.get(linkKey);
      if (earlier) {
        rowError(
          row,
          null,
          earlier.signature === row.signature
            ? `Wiersz powtarza wiersz ${earlier.line}.`
            : `Ten adresat i ten lokal są już w wierszu ${earlier.line} — jedno powiązanie adresata z lokalem to ` +
                'jeden wiersz.',
        );
        continue;
      }
      linkLines.set(linkKey, row);
      const was = links.get(unit.id);
      const role = row.role ?? was ?? 'owner';
      const action: ImportAction = was === undefined ? 'create' : was !== role ? 'update' : 'unchanged';
      if (action !== 'unchanged') linksChanged = true;
      links.set(unit.id, role);
      linkActions.set(row.line, { action, role });
    }
    const linkList = [...links].map(([unitId, role]) => ({ unitId, role }));

    const validated = RecipientInput.safeParse({ ...values, units: linkList });
    if (!validated.success) {
      for (const issue of validated.error.issues) {
        rowError(first, fieldOfPath(issue.path[0], RECIPIENT_FIELD_OF), issue.message);
      }
      for (const row of group.rows) linkActions.delete(row.line);
      continue;
    }
    const emailsChanged = !current || !same(values.emails, currentEmails);
    const changed =
      current &&
      (emailsChanged ||
        values.name !== current.name ||
        values.street !== current.street ||
        values.postalCode !== current.postal_code ||
        values.city !== current.city ||
        values.country !== current.country ||
        values.channel !== current.channel ||
        !same(values.consent, currentConsent) ||
        values.externalKey !== current.external_key ||
        values.pdfCode !== current.pdf_code);
    recipients.set(group.key, {
      id,
      action: !current ? 'create' : changed ? 'update' : 'unchanged',
      values,
      emailsChanged,
      links: linkList,
      linksChanged,
    });
  }

  const counts = emptyCounts(rows.length);
  for (const u of units.values()) counts.units[u.action]++;
  for (const r of recipients.values()) counts.recipients[r.action]++;
  for (const [line, link] of linkActions) if (!failed.has(line)) counts.links[link.action]++;

  return {
    recipients: [...recipients.values()],
    units: [...units.values()],
    errors: sortErrors(errors),
    counts,
    view(line) {
      const recipient = recipients.get(recipientGroups.groupOf.get(line) ?? '');
      const unit = units.get(unitGroups.groupOf.get(line) ?? '');
      const link = failed.has(line) ? undefined : linkActions.get(line);
      return {
        line,
        recipient: recipient
          ? { action: recipient.action, id: recipient.action === 'create' ? null : recipient.id, ...recipient.values }
          : null,
        unit: unit
          ? {
              action: unit.action,
              id: unit.action === 'create' ? null : unit.id,
              propertyName: existing.properties.get(unit.values.propertyId)?.name ?? '',
              ...unit.values,
            }
          : null,
        link: link ?? null,
      };
    },
  };
}
