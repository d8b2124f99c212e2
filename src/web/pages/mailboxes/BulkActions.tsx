import { Alert, Button, Group, Loader, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkResult, Mailbox } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { type MailboxFilters, selectionFilter } from './filters.js';
import { ScheduleFields, useSchedule } from './ScheduleFields.js';

export type BulkAction = 'queue' | 'delete' | 'cancel' | 'resend';

/** Which bulk actions each mailbox offers. Deleting drafts in bulk cancels them (they stay in "Anulowane"). */
export const MAILBOX_ACTIONS: Record<Mailbox, BulkAction[]> = {
  drafts: ['queue', 'delete'],
  outbox: ['cancel'],
  sent: [],
  failed: ['resend'],
  cancelled: [],
};

/** One bulk action (or its dry run); deleting drafts is cancelling them. */
function bulk(action: BulkAction, selection: Selection, dryRun: boolean, sendAt?: string | null): Promise<BulkResult> {
  if (action === 'queue') return api('POST /api/messages/queue', { body: { selection, dryRun, sendAt } });
  if (action === 'resend') return api('POST /api/messages/resend', { body: { selection, dryRun } });
  return api('POST /api/messages/cancel', { body: { selection, dryRun } });
}

const EXPLAIN: Record<BulkAction, string> = {
  queue: 'confirm.explainQueue',
  delete: 'confirm.explainDelete',
  cancel: 'confirm.explainCancel',
  resend: 'confirm.explainResend',
};

type Selection = { ids: string[] } | { filter: ReturnType<typeof selectionFilter> };

interface Pending {
  action: BulkAction;
  selection: Selection;
  /** The dry run's answer; null while it is being asked. */
  count: BulkResult | null;
  error: string | null;
}

/**
 * The actions of a mailbox on the ticked messages or on everything the filters match. Every action first asks the
 * server how many messages it would affect (dry run) and says so in a confirmation; only then does it act.
 */
export function BulkActions(props: {
  mailbox: Mailbox;
  filters: MailboxFilters;
  selectedIds: string[];
  onClearSelection(): void;
}) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const client = useQueryClient();
  const actions = MAILBOX_ACTIONS[props.mailbox];
  const [scope, setScope] = useState<'selected' | 'filter'>('selected');
  const [pending, setPending] = useState<Pending | null>(null);
  const schedule = useSchedule();

  const run = useMutation({
    mutationFn: (p: Pending) =>
      bulk(p.action, p.selection, false, p.action === 'queue' ? schedule.sendAtIso() : undefined),
    onSuccess: (r) => {
      const parts = [t('result.changed', { count: r.changed })];
      if (r.skipped) parts.push(t('result.skipped', { count: r.skipped }));
      if (r.held) parts.push(t('result.held', { count: r.held }));
      notifications.show({ color: r.held ? 'orange' : 'green', title: t('result.title'), message: parts.join(' ') });
      setPending(null);
      props.onClearSelection();
      void client.invalidateQueries({ queryKey: ['mailbox'] });
      void client.invalidateQueries({ queryKey: ['mailbox-counts'] });
    },
  });

  if (actions.length === 0) return null;

  const count = props.selectedIds.length;
  const effectiveScope = scope === 'selected' && count === 0 ? null : scope;

  const start = async (action: BulkAction) => {
    if (!effectiveScope) return;
    const selection: Selection =
      effectiveScope === 'selected'
        ? { ids: [...props.selectedIds] }
        : { filter: selectionFilter(props.mailbox, props.filters) };
    run.reset();
    schedule.reset();
    setPending({ action, selection, count: null, error: null });
    try {
      const dry = await bulk(action, selection, true);
      setPending((p) => (p && p.selection === selection ? { ...p, count: dry } : p));
    } catch (e) {
      setPending((p) => (p && p.selection === selection ? { ...p, error: (e as Error).message } : p));
    }
  };

  const scheduleMissing = pending?.action === 'queue' && schedule.missing;
  const changed = pending?.count?.changed ?? 0;

  return (
    <>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          size="xs"
          aria-label={t('scope.label')}
          value={scope}
          onChange={(v) => setScope(v as 'selected' | 'filter')}
          data={[
            { value: 'selected', label: t('scope.selected', { count }) },
            { value: 'filter', label: t('scope.filter') },
          ]}
        />
        {actions.map((a) => (
          <Button
            key={a}
            size="xs"
            variant={a === 'delete' || a === 'cancel' ? 'light' : 'filled'}
            color={a === 'delete' || a === 'cancel' ? 'red' : 'blue'}
            disabled={!effectiveScope}
            onClick={() => void start(a)}
          >
            {t(`actions.${a}`)}
          </Button>
        ))}
        {count > 0 && (
          <Button size="xs" variant="subtle" onClick={props.onClearSelection}>
            {t('scope.clearSelection')}
          </Button>
        )}
        {!effectiveScope && (
          <Text size="xs" c="dimmed">
            {t('scope.hint')}
          </Text>
        )}
      </Group>

      <Modal
        opened={pending !== null}
        onClose={() => !run.isPending && setPending(null)}
        title={
          pending?.count
            ? t(`confirm.${pending.action}`, { count: changed })
            : t(`actions.${pending?.action ?? 'queue'}`)
        }
        centered
      >
        {pending && !pending.count && !pending.error && (
          <Group gap="sm">
            <Loader size="sm" />
            <Text>{t('confirm.checking')}</Text>
          </Group>
        )}
        {pending?.error && <Alert color="red">{pending.error}</Alert>}
        {pending?.count && (
          <Stack>
            {changed > 0 ? (
              <Text>{t(EXPLAIN[pending.action])}</Text>
            ) : (
              <Alert color="yellow">{t('confirm.nothing')}</Alert>
            )}
            {pending.count.skipped > 0 && (
              <Text size="sm" c="dimmed">
                {t('confirm.skipped', { count: pending.count.skipped })}
              </Text>
            )}
            {pending.action === 'queue' && changed > 0 && (
              <ScheduleFields state={schedule} showError={scheduleMissing} />
            )}
            {run.error && <Alert color="red">{run.error.message}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} disabled={run.isPending}>
                {t('confirm.no')}
              </Button>
              <Button
                onClick={() => run.mutate(pending)}
                loading={run.isPending}
                disabled={changed === 0 || scheduleMissing}
                color={pending.action === 'delete' || pending.action === 'cancel' ? 'red' : 'blue'}
              >
                {t('confirm.yes')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
