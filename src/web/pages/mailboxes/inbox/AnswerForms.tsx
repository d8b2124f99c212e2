import { Alert, Button, Checkbox, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { InboxDetail } from '../../../../shared/inbox.js';
import { ApiError, api } from '../../../api.js';

export type AnswerKind = 'reply' | 'forward';

/**
 * Odpowiedz / Przekaż: the clerk writes only the text (and, to forward, the address); the account is the one the
 * original went from and the rest is set by the server. What is sent appears in Nadawcze, then Wysłane.
 */
export function AnswerModal(props: { kind: AnswerKind | null; reply: InboxDetail; from: string; onClose(): void }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const client = useQueryClient();
  const navigate = useNavigate();
  const { kind, reply: r } = props;
  const [text, setText] = useState('');
  const [quote, setQuote] = useState(true);
  const [toAddress, setToAddress] = useState('');
  const [toName, setToName] = useState('');

  const send = useMutation({
    mutationFn: () =>
      kind === 'reply'
        ? api('POST /api/inbox/:id/reply', { params: { id: r.id }, body: { text, quote } })
        : api('POST /api/inbox/:id/forward', { params: { id: r.id }, body: { toAddress, toName, text } }),
    onSuccess: (sent) => {
      notifications.show({
        color: sent.status === 'held' ? 'orange' : 'green',
        message:
          sent.status === 'held' ? t('inbox.sentHeld') : t(kind === 'reply' ? 'inbox.replied' : 'inbox.forwarded'),
      });
      void client.invalidateQueries({ queryKey: ['inbox-reply', r.id] });
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void client.invalidateQueries({ queryKey: ['mailbox-counts'] });
      setText('');
      setToAddress('');
      setToName('');
      props.onClose();
      navigate(`/skrzynki/outbox/${sent.messageId}`);
    },
  });
  const fields = send.error instanceof ApiError ? send.error.fields : {};
  const close = () => !send.isPending && props.onClose();

  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      title={kind === 'forward' ? t('inbox.forwardTitle') : t('inbox.replyTitle')}
      size="lg"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{t('inbox.fromAccount', { from: props.from })}</Text>
          {kind === 'reply' ? (
            <Text size="sm">{t('inbox.replyTo', { to: r.fromAddress ?? '—' })}</Text>
          ) : (
            <Group grow align="flex-start">
              <TextInput
                label={t('inbox.forwardAddress')}
                description={t('inbox.forwardAddressHint')}
                value={toAddress}
                onChange={(e) => setToAddress(e.currentTarget.value)}
                error={fields.toAddress}
                required
                maxLength={254}
                data-autofocus
              />
              <TextInput
                label={t('inbox.forwardName')}
                value={toName}
                onChange={(e) => setToName(e.currentTarget.value)}
                error={fields.toName}
                maxLength={300}
              />
            </Group>
          )}
          <Textarea
            label={kind === 'reply' ? t('inbox.replyText') : t('inbox.forwardNote')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={fields.text}
            autosize
            minRows={6}
            maxRows={14}
            maxLength={20_000}
            required={kind === 'reply'}
            data-autofocus={kind === 'reply' ? true : undefined}
          />
          {kind === 'reply' && (
            <Checkbox label={t('inbox.quote')} checked={quote} onChange={(e) => setQuote(e.currentTarget.checked)} />
          )}
          {kind === 'forward' && r.attachments.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('inbox.forwardAttachments', { names: r.attachments.map((a) => a.filename).join(', ') })}
            </Text>
          )}
          {send.error && <Alert color="red">{send.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={send.isPending}>
              {t('confirm.no')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {kind === 'forward' ? t('inbox.forwardSend') : t('inbox.replySend')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
