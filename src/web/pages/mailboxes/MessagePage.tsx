import { Alert, Anchor, Button, Card, Code, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { formatDate } from '../../../shared/format.js';
import type { BulkResult, ResendResult } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { DetailState } from '../../app/DetailState.js';
import { AttachmentList } from './AttachmentList.js';
import { DraftEditor } from './DraftEditor.js';
import { useAccounts, useDocumentTypes } from './FilterBar.js';
import { formatDateTime } from './filters.js';
import { MessageReplies } from './inbox/MessageReplies.js';
import { MessageAttempts, MessageProof } from './MessageAttempts.js';
import { MessageFeedback } from './MessageFeedback.js';
import { MessageLinks } from './MessageLinks.js';
import { MessageRepairs } from './MessageRepairs.js';
import { ScheduleFields, useSchedule } from './ScheduleFields.js';
import { StatusBadge } from './StatusBadge.js';

/** Remote content (tracking pixels, fonts) stays out of the preview; scripts are already off by `sandbox=""`. */
const PREVIEW_CSP =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data: cid:; style-src \'unsafe-inline\'">';

const CANCELLABLE = ['queued', 'retry_wait', 'held'];
const RESENDABLE = ['failed', 'bounced', 'sent', 'complained'];
// A bounced message was still accepted by the server: its proof stays, with the bounce report beside it (D52).
const PROOF = ['sent', 'complained', 'bounced'];

type Confirm = 'queue' | 'delete' | 'cancel' | 'resend';

/** `/skrzynki/:mailbox/:id`: one message — what it says, what happened to it, proof of sending, and what can be done. */
export function MessagePage() {
  const { t } = useTranslation(['mailboxes', 'common']);
  const { mailbox, id } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const accounts = useAccounts();
  const types = useDocumentTypes();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [editing, setEditing] = useState(false);
  const schedule = useSchedule();

  const message = useQuery({
    queryKey: ['message', id],
    queryFn: () => api('GET /api/messages/:id', { params: { id: id! } }),
    refetchInterval: (q) => (['queued', 'sending', 'retry_wait'].includes(q.state.data?.status ?? '') ? 5000 : false),
  });

  const done = (text: string, color = 'green') => {
    notifications.show({ color, message: text });
    setConfirm(null);
    void client.invalidateQueries({ queryKey: ['message', id] });
    void client.invalidateQueries({ queryKey: ['mailbox'] });
    void client.invalidateQueries({ queryKey: ['mailbox-counts'] });
  };

  const act = useMutation({
    mutationFn: async (what: Confirm) => {
      if (what === 'queue')
        return api('POST /api/messages/:id/queue', {
          params: { id: id! },
          body: {
            sendAt: schedule.sendAtIso(),
          },
        });
      if (what === 'delete') return api('DELETE /api/messages/:id', { params: { id: id! } });
      if (what === 'cancel') return api('POST /api/messages/:id/cancel', { params: { id: id! } });
      return api('POST /api/messages/:id/resend', { params: { id: id! } });
    },
    onSuccess: (result, what) => {
      if (what === 'delete') {
        done(t('message.deleted'));
        navigate(`/skrzynki/${mailbox}${location.search}`);
      } else if (what === 'queue') {
        const held = (result as BulkResult | null)?.held;
        done(held ? t('message.queuedHeld') : t('message.queuedDone'), held ? 'orange' : 'green');
      } else if (what === 'resend') {
        done(t('message.resent'));
        const created = (result as ResendResult).created[0];
        if (created) navigate(`/skrzynki/outbox/${created}`);
      } else done(t('message.cancelled'));
    },
  });

  const back = (
    <Anchor component={Link} to={`/skrzynki/${mailbox}${location.search}`} size="sm">
      ← {t('actions.back')}
    </Anchor>
  );

  if (message.error || !message.data)
    return <DetailState pending={message.isPending} error={message.error} back={back} title={t('message.loadError')} />;

  const m = message.data;
  // What the recipient gets (footer, links) once the message is frozen for sending; the draft's body before that.
  const body = m.sentBody ?? { html: m.html, text: m.text };
  const account = accounts.data?.find((a) => a.id === m.accountId);
  const docType = types.data?.find((d) => d.type === m.documentType)?.label ?? m.documentType;
  const isDraft = m.status === 'draft';
  const confirmTitle: Record<Confirm, string> = {
    queue: t('message.queueTitle'),
    delete: t('message.deleteTitle'),
    cancel: t('message.cancelTitle'),
    resend: t('message.resendTitle'),
  };
  const scheduleMissing = confirm === 'queue' && schedule.missing;

  return (
    <Stack gap="md" maw={1100}>
      {back}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={2} style={{ wordBreak: 'break-word' }}>
          {m.subject || t('noSubject')}
        </Title>
        <div style={{ flexShrink: 0 }}>
          <StatusBadge status={m.status} />
        </div>
      </Group>

      <Group gap="sm">
        {isDraft && (
          <>
            <Button onClick={() => setEditing(true)} variant="default">
              {t('actions.edit')}
            </Button>
            <Button
              onClick={() => {
                schedule.reset();
                setConfirm('queue');
              }}
            >
              {t('message.queueNow')}
            </Button>
            <Button color="red" variant="light" onClick={() => setConfirm('delete')}>
              {t('actions.delete')}
            </Button>
          </>
        )}
        {CANCELLABLE.includes(m.status) && (
          <Button color="red" variant="light" onClick={() => setConfirm('cancel')}>
            {t('actions.cancel')}
          </Button>
        )}
        {RESENDABLE.includes(m.status) && <Button onClick={() => setConfirm('resend')}>{t('actions.resend')}</Button>}
      </Group>

      {m.errorHint && !(m.status === 'held' && m.blocked) && (
        <Alert color={m.status === 'retry_wait' ? 'yellow' : 'red'} title={t('message.hintTitle')}>
          <Text size="sm">{m.errorHint}</Text>
          {m.lastError && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('message.lastError', { error: m.lastError })}
            </Text>
          )}
        </Alert>
      )}
      {m.status === 'held' && m.heldReason && !(m.heldReason === 'suppressed' && m.blocked) && (
        <Alert color="orange">{t('message.held', { reason: t(`heldReason.${m.heldReason}`) })}</Alert>
      )}
      <MessageRepairs message={m} />

      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs">
          <Field label={t('message.to')}>
            {m.recipientId ? (
              <Anchor component={Link} to={`/adresaci/${m.recipientId}`}>
                {m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}
              </Anchor>
            ) : m.toName ? (
              `${m.toName} <${m.toAddress}>`
            ) : (
              m.toAddress
            )}
          </Field>
          <Field label={t('message.account')}>
            {account ? `${account.name} (${account.fromAddress})` : (m.envelopeFrom ?? '—')}
          </Field>
          <Field label={t('message.created')}>{formatDateTime(m.createdAt)}</Field>
          {docType && <Field label={t('message.documentType')}>{docType}</Field>}
          {m.queuedAt && <Field label={t('message.queuedAt')}>{formatDateTime(m.queuedAt)}</Field>}
          {m.sendAt && !m.sentAt && <Field label={t('message.sendAt')}>{formatDateTime(m.sendAt)}</Field>}
          {m.nextAttemptAt && m.status === 'retry_wait' && (
            <Field label={t('message.nextAttempt')}>{formatDateTime(m.nextAttemptAt)}</Field>
          )}
          {m.sentAt && <Field label={t('message.sent')}>{formatDateTime(m.sentAt)}</Field>}
        </SimpleGrid>
      </Card>

      <MessageReplies messageId={m.id} />
      {PROOF.includes(m.status) && <MessageProof message={m} />}

      {m.contentRemovedAt ? (
        <Alert color="gray" data-testid="content-removed">
          {t('message.contentRemoved', { date: formatDate(m.contentRemovedAt) })}
        </Alert>
      ) : (
        <>
          <Title order={3}>{t('message.preview')}</Title>
          <Text size="sm" c="dimmed">
            {t(m.sentBody ? 'message.previewSent' : 'message.previewDraft')}
          </Text>
          {body.html.trim() ? (
            <iframe
              title={t('message.previewFrame')}
              sandbox=""
              referrerPolicy="no-referrer"
              srcDoc={PREVIEW_CSP + body.html}
              style={{
                width: '100%',
                height: 480,
                border: '1px solid var(--mantine-color-gray-4)',
                background: 'white',
              }}
            />
          ) : (
            // A text-only message: an empty frame would look like an empty message.
            <Text c="dimmed" data-testid="no-html">
              {t('message.noHtml')}
            </Text>
          )}

          <Title order={3}>{t('message.textPart')}</Title>
          {body.text ? (
            <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}>
              {body.text}
            </Code>
          ) : (
            <Text c="dimmed">{t('message.noText')}</Text>
          )}

          <Title order={3}>{t('message.attachments')}</Title>
          <AttachmentList
            items={m.attachments.map((a) => ({
              key: a.id,
              href: `/api/messages/${m.id}/attachments/${a.id}`,
              filename: a.filename,
              size: a.size,
            }))}
          />
        </>
      )}

      <MessageLinks message={m} />
      <MessageFeedback message={m} />
      <MessageAttempts message={m} />

      <Modal
        opened={confirm !== null}
        onClose={() => !act.isPending && setConfirm(null)}
        title={confirm ? confirmTitle[confirm] : ''}
        centered
      >
        <Stack>
          {confirm === 'delete' && <Text>{t('message.deleteText')}</Text>}
          {confirm === 'cancel' && <Text>{t('confirm.explainCancel')}</Text>}
          {confirm === 'resend' && (
            <Text>{PROOF.includes(m.status) ? t('message.resendSentText') : t('confirm.explainResend')}</Text>
          )}
          {confirm === 'queue' && (
            <>
              <Text>{t('confirm.explainQueue')}</Text>
              <ScheduleFields state={schedule} showError={scheduleMissing} />
            </>
          )}
          {act.error && <Alert color="red">{act.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)} disabled={act.isPending}>
              {t('confirm.no')}
            </Button>
            <Button
              loading={act.isPending}
              disabled={scheduleMissing}
              color={confirm === 'delete' || confirm === 'cancel' ? 'red' : 'blue'}
              onClick={() => confirm && act.mutate(confirm)}
            >
              {t('confirm.yes')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      {editing && (
        <DraftEditor
          message={m}
          onClose={() => setEditing(false)}
          onSaved={(updated) => {
            client.setQueryData(['message', id], updated);
            void client.invalidateQueries({ queryKey: ['mailbox'] });
            notifications.show({ color: 'green', message: t('message.saved') });
            setEditing(false);
          }}
        />
      )}
    </Stack>
  );
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {props.children}
      </Text>
    </div>
  );
}
