import { Alert, Anchor, Button, Card, Group, List, Loader, Modal, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Batch, PaperReason } from '../../../shared/batches.js';
import { formatNumber } from '../../../shared/format.js';
import type { BulkResult } from '../../../shared/messages.js';
import { api, query } from '../../api.js';
import { useBatchName } from '../../app/batch-name.js';
import { SendAtField } from '../../app/SendAtField.js';
import { defaultSendAt, warsawToIso } from '../../app/send-at.js';
import { AlreadySentNotice } from './AlreadySentNotice.js';
import { BatchCounts } from './BatchCounts.js';
import { errorMessage, useDocumentTypes } from './shared.js';

const REASONS: PaperReason[] = ['paper_channel', 'no_consent', 'no_email', 'written_form', 'address_refused'];

export function useBatch(id: string) {
  return useQuery({
    queryKey: ['batch', id],
    queryFn: () => api('GET /api/batches/:id', { params: { id } }),
    // Live while the messages are made, and while any of them waits to be sent.
    refetchInterval: (q) =>
      q.state.data?.status === 'running' ? 1000 : (q.state.data?.messages?.queued ?? 0) > 0 ? 3000 : false,
  });
}

/** A batch: progress while its messages are made, then the result and what to do next (test, send, schedule). */
export function BatchProgress({ id }: { id: string }) {
  const { t } = useTranslation('wizard');
  const client = useQueryClient();
  const batch = useBatch(id);
  const nameOf = useBatchName();
  const [runError, setRunError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  if (batch.isPending) return <Loader aria-label={t('loading')} />;
  if (batch.isError) return <Alert color="red">{errorMessage(batch.error)}</Alert>;
  const b = batch.data;
  const percent = b.total ? Math.round((100 * b.done) / b.total) : b.status === 'ready' ? 100 : 0;

  const run = async () => {
    setRunning(true);
    setRunError(null);
    try {
      client.setQueryData(['batch', id], await api('POST /api/batches/:id/run', { params: { id } }));
    } catch (e) {
      setRunError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="md" maw={900}>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{nameOf(b)}</Text>
          <Text size="sm" c="dimmed" data-testid="batch-status">
            {t(`status.${b.status}`)} · {formatNumber(b.done)} / {formatNumber(b.total)}
          </Text>
        </Group>
        <Progress value={percent} animated={b.status === 'running'} size="lg" aria-label={t('progress.label')} />
        {(b.status === 'new' || b.status === 'failed') && (
          <Group mt="sm">
            <Button onClick={() => void run()} loading={running} disabled={running}>
              {b.status === 'new' ? t('progress.run') : t('progress.rerun')}
            </Button>
          </Group>
        )}
        {b.error && (
          <Alert color="red" mt="sm" title={t('progress.failed')}>
            {b.error}
          </Alert>
        )}
        {runError && (
          <Alert color="red" mt="sm" role="alert">
            {runError}
          </Alert>
        )}
      </Card>
      {b.status === 'ready' && <BatchResult batch={b} />}
    </Stack>
  );
}

function BatchResult({ batch: b }: { batch: Batch }) {
  const { t } = useTranslation('wizard');
  const [queued, setQueued] = useState<{ sendAt: string | null; result: BulkResult } | null>(null);
  const reasons = REASONS.filter((r) => (b.paperByReason[r] ?? 0) > 0);
  return (
    <Stack gap="md">
      <Title order={3}>{t('result.title')}</Title>
      <Text data-testid="email-summary">
        {t('result.emailMade', { count: b.emailCount })}{' '}
        <Text span fw={700} data-testid="email-count">
          {formatNumber(b.emailCount)}
        </Text>
      </Text>
      <AlreadySentNotice alreadySent={b.alreadySent} include={b.includeAlreadySent} skipped={b.skippedAlreadySent} />
      <BatchCounts batch={b} />
      {reasons.length > 0 && (
        <List size="sm" aria-label={t('result.reasons')} data-testid="paper-reasons">
          {reasons.map((r) => (
            <List.Item key={r}>
              {t(`reason.${r}`)}: {b.paperByReason[r]}
            </List.Item>
          ))}
        </List>
      )}
      {b.buyerProblems.length > 0 && (
        <Alert color="orange" title={t('buyer.title', { count: b.buyerProblems.length })} data-testid="buyer-problems">
          <Text size="sm" mb="xs">
            {t('buyer.help')}
          </Text>
          <List size="sm">
            {b.buyerProblems.map((p) => (
              <List.Item key={p.documentId}>
                {p.title}:{' '}
                {t(`buyer.${p.reason}`, { buyer: p.buyer ?? '', candidates: p.candidates.join(', ') || '—' })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {queued && <QueuedAlert batchId={b.id} done={queued} />}
      {b.messages.drafts > 0 && (
        <>
          <TestSend batchId={b.id} />
          <QueueActions batchId={b.id} onQueued={setQueued} />
        </>
      )}
    </Stack>
  );
}

const whenText = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('pl-PL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Warsaw' })
    : '';

/** Said once after queueing; the counts above then follow the sending. */
function QueuedAlert({ batchId, done }: { batchId: string; done: { sendAt: string | null; result: BulkResult } }) {
  const { t } = useTranslation('wizard');
  return (
    <Alert
      color="green"
      role="status"
      title={
        done.sendAt
          ? t('queue.scheduled', { count: done.result.changed, when: whenText(done.sendAt) })
          : t('queue.queued', { count: done.result.changed })
      }
    >
      {done.result.held > 0 && <Text size="sm">{t('queue.held', { count: done.result.held })}</Text>}
      <Anchor component={Link} to={`/skrzynki/outbox${query({ batchId })}`} size="sm">
        {t('queue.outbox')}
      </Anchor>
    </Alert>
  );
}

function TestSend({ batchId }: { batchId: string }) {
  const { t } = useTranslation('wizard');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const send = async () => {
    setBusy(true);
    setResult(null);
    try {
      const drafts = await api('GET /api/mailboxes/:mailbox', {
        params: { mailbox: 'drafts' },
        query: { batchId, limit: 1 },
      });
      const draft = drafts.items[0];
      if (!draft) {
        setResult({ ok: false, message: t('test.noDraft') });
        return;
      }
      const r = await api('POST /api/messages/:id/test-send', { params: { id: draft.id } });
      setResult({
        ok: r.ok,
        message: r.ok ? t('test.sent', { to: r.to, name: draft.toName || draft.toAddress }) : r.message,
      });
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="default" onClick={() => void send()} loading={busy} disabled={busy}>
          {t('test.button')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('test.hint')}
        </Text>
      </Group>
      {result && (
        <Alert color={result.ok ? 'green' : 'red'} role="status">
          {result.message}
        </Alert>
      )}
    </Stack>
  );
}

function QueueActions(props: {
  batchId: string;
  onQueued: (done: { sendAt: string | null; result: BulkResult }) => void;
}) {
  const { batchId } = props;
  const { t } = useTranslation('wizard');
  const client = useQueryClient();
  const [scheduling, setScheduling] = useState(false);
  const [when, setWhen] = useState('');
  const [whenError, setWhenError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ sendAt: string | null; count: number } | null>(null);
  // The button that asked: it is disabled while the dry run runs, so the dialog cannot give the focus back to it by
  // itself (it would land on the page's body — lost for a keyboard user).
  const opener = useRef<HTMLElement | null>(null);

  const ask = async (sendAt: string | null) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    setError(null);
    try {
      const r = await api('POST /api/batches/:id/queue', { params: { id: batchId }, body: { sendAt, dryRun: true } });
      setConfirm({ sendAt, count: r.changed });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const schedule = () => {
    const iso = warsawToIso(when);
    if (!iso) return setWhenError(t('queue.whenRequired'));
    if (new Date(iso).getTime() <= Date.now()) return setWhenError(t('queue.whenPast'));
    setWhenError(null);
    void ask(iso);
  };

  const go = async () => {
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api('POST /api/batches/:id/queue', {
        params: { id: batchId },
        body: {
          sendAt: confirm.sendAt,
          dryRun: false,
        },
      });
      props.onQueued({ sendAt: confirm.sendAt, result });
      setConfirm(null);
      void client.invalidateQueries({ queryKey: ['mailbox-counts'] });
      // The counts show the queued messages and "Wyślij teraz" goes away (no drafts left).
      await client.invalidateQueries({ queryKey: ['batch', batchId] });
    } catch (e) {
      setError(errorMessage(e));
      setConfirm(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('queue.title')}</Title>
        <Group align="flex-end">
          <Button onClick={() => void ask(null)} loading={busy && !scheduling} disabled={busy}>
            {t('queue.now')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setScheduling((s) => !s);
              if (!when) setWhen(defaultSendAt());
            }}
            disabled={busy}
            aria-expanded={scheduling}
          >
            {t('queue.later')}
          </Button>
        </Group>
        {scheduling && (
          <Stack gap="xs" align="flex-start">
            <SendAtField
              label={t('queue.when')}
              value={when}
              onChange={(v) => {
                setWhen(v);
                setWhenError(null);
              }}
              error={whenError}
            />
            <Button onClick={schedule} loading={busy} disabled={busy}>
              {t('queue.schedule')}
            </Button>
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={t('queue.confirmTitle')}
        centered
        returnFocus={false}
        onExitTransitionEnd={() => {
          if (opener.current?.isConnected) opener.current.focus();
        }}
      >
        {confirm && (
          <Stack>
            <Text data-testid="queue-confirm">
              {confirm.count === 0
                ? t('queue.nothing')
                : confirm.sendAt
                  ? t('queue.confirmLater', { count: confirm.count, when: whenText(confirm.sendAt) })
                  : t('queue.confirmNow', { count: confirm.count })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)} disabled={busy}>
                {t('common:cancel')}
              </Button>
              <Button onClick={() => void go()} loading={busy} disabled={busy || confirm.count === 0}>
                {confirm.sendAt
                  ? t('queue.confirmScheduleButton', { count: confirm.count })
                  : t('queue.confirmButton', { count: confirm.count })}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

/** `/wysylki/:id`: one batch's progress and result. */
export function BatchProgressPage() {
  const { t } = useTranslation('wizard');
  const { id = '' } = useParams();
  const types = useDocumentTypes();
  const batch = useBatch(id);
  const label = types.data?.find((d) => d.type === batch.data?.documentType)?.label;
  return (
    <Stack>
      <Title order={2}>{t('batchPage.title')}</Title>
      {label && <Text c="dimmed">{label}</Text>}
      <BatchProgress id={id} />
      <Anchor component={Link} to="/wysylka" size="sm">
        {t('batchPage.newBatch')}
      </Anchor>
    </Stack>
  );
}
