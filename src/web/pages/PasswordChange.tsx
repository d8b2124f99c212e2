import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorText } from '../api.js';

function PasswordForm(props: { onDone: () => void }) {
  const { t } = useTranslation('account');
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const save = useMutation({
    mutationFn: () => api<null>('POST', '/api/auth/password', { currentPassword, newPassword }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('saved') });
      props.onDone();
    },
  });
  // The server says why a password was refused (too short, easy to guess, wrong current one) at its field.
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.error && (
          <Alert color="red" role="alert">
            {errorText(save.error, t('network'))}
          </Alert>
        )}
        <PasswordInput
          label={t('current')}
          required
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
          error={fields.currentPassword}
        />
        <PasswordInput
          label={t('new')}
          description={t('newHint')}
          required
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={fields.newPassword}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('submit')}
          </Button>
          <Button variant="default" onClick={props.onDone}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Zmień hasło" in the header: the signed-in user's own password, in a dialog (ends their other sessions). */
export function PasswordChange() {
  const { t } = useTranslation('account');
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <UnstyledButton onClick={open}>
        <Text size="sm" c="blue">
          {t('open')}
        </Text>
      </UnstyledButton>
      <Modal opened={opened} onClose={close} title={t('title')}>
        {opened && <PasswordForm onDone={close} />}
      </Modal>
    </>
  );
}
