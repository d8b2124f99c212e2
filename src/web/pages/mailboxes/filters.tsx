import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { MAILBOX_STATUSES, type Mailbox, MessageSort, type MessageStatus } from '../../../shared/messages.js';

/** The mailboxes a clerk switches between (tabs), in this order. */
export const MAILBOX_TABS = ['drafts', 'outbox', 'sent', 'failed', 'cancelled'] as const satisfies readonly Mailbox[];

export function isMailbox(value: string | undefined): value is Mailbox {
  return (MAILBOX_TABS as readonly string[]).includes(value ?? '');
}

/** What the list can be narrowed by; all of it lives in the address (query string) so a link can be shared. */
export const FILTER_KEYS = [
  'q',
  'accountId',
  'positionId',
  'propertyId',
  'batchId',
  'documentType',
  'status',
  'from',
  'to',
  'resolved',
  'sort',
  'dir',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** As readFilters leaves them: the enumerated ones only with a value the API accepts. */
export type MailboxFilters = Partial<Record<Exclude<FilterKey, 'status' | 'sort' | 'dir' | 'resolved'>, string>> & {
  status?: MessageStatus;
  sort?: MessageSort;
  dir?: 'asc' | 'desc';
  resolved?: 'open' | 'resolved';
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from the query string; values the list would refuse (a status of another mailbox, a bad date) are left out. */
export function readFilters(params: URLSearchParams, mailbox: Mailbox): MailboxFilters {
  const f: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  if (f.status && !MAILBOX_STATUSES[mailbox].includes(f.status as MessageStatus)) delete f.status;
  if (f.sort && !MessageSort.options.includes(f.sort as MessageSort)) delete f.sort;
  if (f.dir && f.dir !== 'asc' && f.dir !== 'desc') delete f.dir;
  if (f.from && !DATE.test(f.from)) delete f.from;
  if (f.to && !DATE.test(f.to)) delete f.to;
  // Repaired or not (D41) is a question for Błędy only.
  if (f.resolved && (mailbox !== 'failed' || (f.resolved !== 'open' && f.resolved !== 'resolved'))) delete f.resolved;
  // Every enumerated value left is one of its type's (checked just above).
  return f as MailboxFilters;
}

/** The filters of a bulk action's selection: the list's filters without ordering. */
export function selectionFilter(mailbox: Mailbox, f: MailboxFilters) {
  const { sort: _sort, dir: _dir, ...rest } = f;
  return { mailbox, ...rest };
}

/** Whether anything narrows the list (ordering does not count). */
export function hasFilters(f: MailboxFilters): boolean {
  return FILTER_KEYS.some((k) => k !== 'sort' && k !== 'dir' && f[k]);
}

/** The mailbox filters as state kept in the URL; `replace` for typing, a new history entry otherwise. */
export function useMailboxFilters(mailbox: Mailbox) {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `params`
  const filters = useMemo(() => readFilters(params, mailbox), [key, mailbox]);
  const setFilters = useCallback(
    (patch: MailboxFilters, options: { replace?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: false }), [setParams]);
  return { filters, setFilters, clear };
}

const dateTimeFormat = new Intl.DateTimeFormat('pl-PL', {
  timeZone: 'Europe/Warsaw',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `05.01.2026, 14:03` (Polish time) from an ISO instant. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeFormat.format(d);
}
