import { Code, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/audit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a clerk reads one value: a name instead of an id, tak/nie, a list, a date; never raw JSON. */
function readable(value: unknown, e: AuditEntry, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'string') {
    if (UUID.test(value)) return e.names[value] ?? t('audit.unknownName');
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
      return new Date(value).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' });
    }
    return t(`audit.values.${value}`, { defaultValue: value });
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => readable(v, e, t)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${t(`audit.fields.${k}`, { defaultValue: k })}: ${readable(v, e, t)}`)
      .join('; ');
  }
  return String(value);
}

/** The details as "pole: było → jest" lines (a `from`/`to` pair or a previous status becomes one change). */
export function detailLines(e: AuditEntry, t: TFunction): string[] {
  const d = { ...e.details };
  const lines: string[] = [];
  const field = (k: string) => t(`audit.fields.${k}`, { defaultValue: k });
  if ('from' in d && 'to' in d && e.action === 'unit.bank_account') {
    lines.push(`${field('bankAccount')}: ${readable(d.from, e, t)} → ${readable(d.to, e, t)}`);
    delete d.from;
    delete d.to;
  }
  if ('previousStatus' in d) {
    lines.push(
      `${field('status')}: ${t(`audit.statuses.${String(d.previousStatus)}`, { defaultValue: String(d.previousStatus) })} → ${t(`audit.statusAfter.${e.action}`, { defaultValue: '…' })}`,
    );
    delete d.previousStatus;
  }
  for (const [k, v] of Object.entries(d)) lines.push(`${field(k)}: ${readable(v, e, t)}`);
  return lines;
}

/** What the entry is about: its kind and the name the server found (or one the details carry). */
function subjectOf(e: AuditEntry): string | null {
  const named = e.entityId ? e.names[e.entityId] : undefined;
  const d = e.details;
  const fallback = [d.name, d.subject, d.login, d.number].find((v) => typeof v === 'string') as string | undefined;
  return named ?? fallback ?? null;
}

/** One row of the audit log, for people: Polish action names, who, what, readable details; ids on request only. */
export function AuditEntryRow({ e }: { e: AuditEntry }) {
  const { t } = useTranslation('settings');
  const lines = detailLines(e, t);
  const subject = subjectOf(e);
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {new Date(e.at).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' })}
      </Table.Td>
      <Table.Td>
        {(e.actorId && e.names[e.actorId]) || e.actorLabel}
        {e.ip && (
          <Text size="xs" c="dimmed">
            {e.ip}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Table.Td>
      <Table.Td>
        {t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}
        {subject && (
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {subject}
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={420}>
        <Stack gap={2}>
          {lines.map((line) => (
            <Text key={line} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {line}
            </Text>
          ))}
          <details>
            <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>
              {t('audit.technical')}
            </summary>
            <Code block style={{ maxHeight: 180, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(
                {
                  action: e.action,
                  entityType: e.entityType,
                  entityId: e.entityId,
                  actorId: e.actorId,
                  details: e.details,
                },
                null,
                1,
              )}
            </Code>
          </details>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
