import { Alert, Anchor, Button, Card, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { TriageDecisionInput } from '../../../shared/triage.js';
import { api, errorText } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';
import { SafeFrame } from '../sandbox/SafeFrame.js';
import { MessagePicker } from './MessagePicker.js';

type Choice = 'reply' | 'bounce' | 'nothing';

/** One unknown mail (D50): what came, why Listonosz could not place it, and the person's decision. */
export function TriageMailPage() {
  const { t } = useTranslation('triage');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mail = useQuery({ queryKey: ['triage', id], queryFn: () => api('GET /api/triage/:id', { params: { id } }) });
  const [view, setView] = useState<'text' | 'html'>('text');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [messageId, setMessageId] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (input: TriageDecisionInput) => api('POST /api/triage/:id/decision', { params: { id }, body: input }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t(`done.${r.decision}`) });
      void client.invalidateQueries({ queryKey: ['triage'] });
      void client.invalidateQueries({ queryKey: ['attention'] });
      navigate('/do-przejrzenia');
    },
  });

  const back = (
    <Anchor component={Link} to="/do-przejrzenia" size="sm">
      ← {t('back')}
    </Anchor>
  );
  if (mail.isError)
    return (
      <Stack>
        {back}
        <Alert color="red" title={t('common:error')} role="alert">
          {mail.error.message}
        </Alert>
      </Stack>
    );
  const m = mail.data;
  if (!m) return <Text c="dimmed">{t('common:loading')}</Text>;
  const picked = messageId ?? m.message?.id ?? null;
  const submit = () => {
    if (choice === 'nothing') decide.mutate({ decision: 'nothing' });
    else if (choice === 'reply') decide.mutate({ decision: 'reply', ...(picked ? { messageId: picked } : {}) });
    else if (choice === 'bounce' && picked) decide.mutate({ decision: 'bounce', messageId: picked });
  };

  return (
    <Stack>
      {back}
      <Title order={2}>{m.subject || t('noSubject')}</Title>
      <Card withBorder padding="md">
        <Stack gap={4}>
          <Text size="sm">
            <Text span c="dimmed">
              {t('columns.from')}:{' '}
            </Text>
            {m.fromName ? `${m.fromName} <${m.fromAddress ?? '?'}>` : (m.fromAddress ?? t('unknownSender'))}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              {t('columns.received')}:{' '}
            </Text>
            {formatDateTime(m.receivedAt)}
            {m.mailboxName && ` · ${t('columns.mailbox')}: ${m.mailboxName}`}
          </Text>
        </Stack>
      </Card>
      <Alert color="yellow" title={t('whyTitle')}>
        <List size="sm" spacing={2}>
          {m.why.map((w) => (
            <List.Item key={w}>
              {w === 'tied_weakly' && m.message
                ? t('why.tied_weakly', { to: m.message.toAddress, subject: m.message.subject })
                : t(`why.${w}`)}
            </List.Item>
          ))}
        </List>
      </Alert>
      <Card withBorder padding="md">
        <Stack gap="xs">
          {m.html && (
            <SegmentedControl
              w="fit-content"
              value={view}
              onChange={(v) => setView(v as 'text' | 'html')}
              data={[
                { value: 'text', label: t('view.text') },
                { value: 'html', label: t('view.html') },
              ]}
            />
          )}
          {view === 'html' && m.html ? (
            <SafeFrame html={m.html} title={t('view.html')} height={320} />
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.text || t(m.complete ? 'view.empty' : 'view.incomplete')}
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="md">
        <Stack>
          <Title order={4}>{t('decide.title')}</Title>
          <Group>
            {(['reply', 'bounce', 'nothing'] as const).map((c) => (
              <Button
                key={c}
                variant={choice === c ? 'filled' : 'default'}
                color={c === 'bounce' ? 'red' : undefined}
                onClick={() => setChoice(c)}
              >
                {t(`decide.${c}`)}
              </Button>
            ))}
          </Group>
          {choice && <Text size="sm">{t(`decide.${choice}Hint`)}</Text>}
          {(choice === 'reply' || choice === 'bounce') && (
            <MessagePicker suggested={m.message} value={picked} onChange={setMessageId} />
          )}
          {decide.isError && (
            <Alert color="red" role="alert">
              {errorText(decide.error, t('common:error'))}
            </Alert>
          )}
          {choice && (
            <Group>
              <Button
                onClick={submit}
                loading={decide.isPending}
                disabled={choice === 'bounce' && !picked}
                color={choice === 'bounce' ? 'red' : undefined}
              >
                {t(`decide.${choice}Confirm`)}
              </Button>
              {choice === 'bounce' && !picked && (
                <Text size="sm" c="dimmed">
                  {t('decide.pickFirst')}
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
