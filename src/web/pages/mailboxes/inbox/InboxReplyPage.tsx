import { Alert, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { mailboxOf } from '../../../../shared/messages.js';
import { api } from '../../../api.js';
import { DetailState } from '../../../app/DetailState.js';
import { SafeFrame } from '../../sandbox/SafeFrame.js';
import { AttachmentList } from '../AttachmentList.js';
import { useAccounts } from '../FilterBar.js';
import { formatDateTime } from '../filters.js';
import { StatusBadge } from '../StatusBadge.js';
import { type AnswerKind, AnswerModal } from './AnswerForms.js';

/** `/skrzynki/odebrane/:id`: one tenant's reply under its original message, recipient and unit; answer or forward. */
export function InboxReplyPage() {
  const { t } = useTranslation(['mailboxes', 'common']);
  const { id } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const accounts = useAccounts();
  const [answer, setAnswer] = useState<AnswerKind | null>(null);

  const reply = useQuery({
    queryKey: ['inbox-reply', id],
    queryFn: async () => {
      const d = await api('GET /api/inbox/:id', { params: { id: id! } });
      // Opening marked it read: the badge and the list follow.
      void client.invalidateQueries({ queryKey: ['inbox-counts'] });
      void client.invalidateQueries({ queryKey: ['inbox'] });
      return d;
    },
  });
  const unread = useMutation({
    mutationFn: () => api('POST /api/inbox/:id/unread', { params: { id: id! } }),
    onSuccess: () => {
      notifications.show({ color: 'blue', message: t('inbox.markedUnread') });
      void client.invalidateQueries({ queryKey: ['inbox-counts'] });
      void client.invalidateQueries({ queryKey: ['inbox'] });
      navigate('/skrzynki/odebrane');
    },
  });

  const back = (
    <Anchor component={Link} to="/skrzynki/odebrane" size="sm">
      ← {t('inbox.back')}
    </Anchor>
  );
  if (reply.error || !reply.data)
    return <DetailState pending={reply.isPending} error={reply.error} back={back} title={t('inbox.loadOneError')} />;

  const r = reply.data;
  const account = accounts.data?.find((a) => a.id === r.accountId);
  const from = account ? `${account.name} (${account.fromAddress})` : '—';
  const canAnswer = r.accountId !== null;

  return (
    <Stack gap="md" maw={1100}>
      {back}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={2} style={{ wordBreak: 'break-word' }}>
          {r.subject || t('noSubject')}
        </Title>
        {r.answeredAt && (
          <Badge color="teal" variant="light" style={{ flexShrink: 0 }}>
            {t('inbox.answered')}
          </Badge>
        )}
      </Group>
      <Group gap="sm">
        <Button onClick={() => setAnswer('reply')} disabled={!canAnswer || !r.fromAddress}>
          {t('inbox.reply')}
        </Button>
        <Button variant="default" onClick={() => setAnswer('forward')} disabled={!canAnswer}>
          {t('inbox.forward')}
        </Button>
        <Button variant="subtle" onClick={() => unread.mutate()} loading={unread.isPending}>
          {t('inbox.markUnread')}
        </Button>
      </Group>
      {!canAnswer && <Alert color="yellow">{t('inbox.noAccount')}</Alert>}

      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs">
          <Field label={t('inbox.from')}>
            {r.fromName ? `${r.fromName} <${r.fromAddress ?? ''}>` : (r.fromAddress ?? t('inbox.unknownSender'))}
          </Field>
          <Field label={t('inbox.received')}>{formatDateTime(r.receivedAt)}</Field>
          <Field label={t('inbox.original')}>
            {r.original ? (
              <Anchor component={Link} to={`/skrzynki/${mailboxOf(r.original.status)}/${r.original.id}`}>
                {r.original.subject || t('noSubject')}
              </Anchor>
            ) : (
              t('inbox.noOriginal')
            )}
            {r.original?.sentAt && (
              <Text span size="xs" c="dimmed">
                {' '}
                ({t('sentOn', { date: formatDateTime(r.original.sentAt) })})
              </Text>
            )}
          </Field>
          <Field label={t('inbox.recipient')}>
            {r.recipient ? (
              <Anchor component={Link} to={`/adresaci/${r.recipient.id}`}>
                {r.recipient.name}
              </Anchor>
            ) : (
              '—'
            )}
          </Field>
          <Field label={t('inbox.unit')}>{r.unit?.label ?? '—'}</Field>
          <Field label={t('inbox.account')}>{from}</Field>
        </SimpleGrid>
      </Card>

      <Title order={3}>{t('inbox.content')}</Title>
      {r.truncated && <Alert color="yellow">{t('inbox.truncated')}</Alert>}
      <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 420, overflow: 'auto' }}>
        {r.text || t('message.noText')}
      </Code>
      {r.html && <SafeFrame html={r.html} title={t('inbox.htmlFrame')} height={360} />}

      <Title order={3}>{t('message.attachments')}</Title>
      <AttachmentList
        items={r.attachments.map((a) => ({
          key: String(a.index),
          href: `/api/inbox/${r.id}/attachments/${a.index}`,
          filename: a.filename,
          size: a.size,
        }))}
      />

      <Title order={3}>{t('inbox.answers')}</Title>
      {r.answers.length === 0 ? (
        <Text c="dimmed">{t('inbox.noAnswers')}</Text>
      ) : (
        <Stack gap={4}>
          {r.answers.map((a) => (
            <Group key={a.id} gap="xs">
              <Anchor component={Link} to={`/skrzynki/${mailboxOf(a.status)}/${a.id}`} size="sm">
                {t(a.action === 'reply' ? 'inbox.answerReply' : 'inbox.answerForward', { to: a.toAddress })}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatDateTime(a.createdAt)}
              </Text>
              <StatusBadge status={a.status} />
            </Group>
          ))}
        </Stack>
      )}

      {r.thread.length > 0 && (
        <>
          <Title order={3}>{t('inbox.thread')}</Title>
          <Stack gap={4}>
            {r.thread.map((o) => (
              <Group key={o.id} gap="xs">
                <Anchor component={Link} to={`/skrzynki/odebrane/${o.id}`} size="sm" fw={o.readAt ? 400 : 700}>
                  {o.subject || t('noSubject')}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {o.fromAddress} · {formatDateTime(o.receivedAt)}
                </Text>
              </Group>
            ))}
          </Stack>
        </>
      )}

      <AnswerModal kind={answer} reply={r} from={from} onClose={() => setAnswer(null)} />
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
