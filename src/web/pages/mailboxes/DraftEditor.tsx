import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftUpdate, Message } from '../../../shared/messages.js';
import { ApiError, api } from '../../api.js';

/** Correcting a draft: the address, the subject and both versions of the text. */
export function DraftEditor(props: { message: Message; onClose(): void; onSaved(m: Message): void }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const m = props.message;
  const [form, setForm] = useState({
    toName: m.toName,
    toAddress: m.toAddress,
    subject: m.subject,
    html: m.html,
    text: m.text,
  });
  const save = useMutation({
    mutationFn: () => {
      const patch: DraftUpdate = {};
      for (const key of Object.keys(form) as (keyof typeof form)[]) if (form[key] !== m[key]) patch[key] = form[key];
      return api('PATCH /api/messages/:id', { params: { id: m.id }, body: patch });
    },
    onSuccess: props.onSaved,
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fields : {};
  const bind = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [key]: value }));
    },
    error: fieldErrors[key],
  });

  return (
    <Modal opened onClose={() => !save.isPending && props.onClose()} title={t('edit.title')} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Group grow>
            <TextInput label={t('edit.toName')} {...bind('toName')} />
            <TextInput label={t('edit.toAddress')} type="email" required {...bind('toAddress')} />
          </Group>
          <TextInput label={t('edit.subject')} required {...bind('subject')} />
          <Textarea
            label={t('edit.text')}
            description={t('edit.textHint')}
            autosize
            minRows={6}
            maxRows={14}
            {...bind('text')}
          />
          <Textarea
            label={t('edit.html')}
            description={t('edit.htmlHint')}
            autosize
            minRows={6}
            maxRows={14}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            {...bind('html')}
          />
          {save.error && Object.keys(fieldErrors).length === 0 && <Alert color="red">{save.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose} disabled={save.isPending}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common:save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
