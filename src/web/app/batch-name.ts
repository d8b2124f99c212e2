import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BatchNameParts } from '../../shared/batches.js';
import { formatDateLong, formatPeriod } from '../../shared/format.js';

/** What a batch's name is read from: the stored name, and its parts when Listonosz made it. */
export interface NamedBatch {
  name: string | null;
  nameParts?: BatchNameParts | null | undefined;
}

function when(parts: BatchNameParts, english: boolean): string {
  const [y, m, d] = (parts.period ? `${parts.period}-01` : (parts.date ?? '')).split('-').map(Number);
  if (!english || !y || !m) return parts.period ? formatPeriod(parts.period) : formatDateLong(parts.date ?? '');
  const at = new Date(Date.UTC(y, m - 1, d || 1));
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    ...(parts.period ? {} : { day: 'numeric' }),
  }).format(at);
}

/**
 * A batch's name in the app's language: a name Listonosz made („Zawiadomienie o wysokości opłat — luty 2027”) is
 * built again from its parts („Fee-amount notices — February 2027”); a typed name stays as it was typed.
 */
export function batchName(batch: NamedBatch, t: TFunction, language: string | undefined): string {
  const parts = batch.nameParts;
  if (!parts) return batch.name ?? '';
  const english = language?.startsWith('en') ?? false;
  return t('batchName.pattern', {
    ns: 'common',
    type: t(`batchName.types.${parts.documentType}`, { ns: 'common' }),
    when: when(parts, english),
  });
}

export function useBatchName(): (batch: NamedBatch) => string {
  const { t, i18n } = useTranslation('common');
  return (batch) => batchName(batch, t, i18n.language);
}
