import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorText } from '../api.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';

/** `onCancel` absent: the change cannot be put off (an administrator's password); `onLogout` offers leaving instead. */
function PasswordForm(props: { onDone: () => void; onCancel?: () => void; onLogout?: () => void }) {
  const { t } = useTranslation('account');
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const save = useMutation({
    mutationFn: () => api('POST /api/auth/password', { body: { currentPassword, newPassword } }),
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
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              {t('cancel')}
            </Button>
          )}
          {props.onLogout && (
            <Button variant="subtle" onClick={props.onLogout}>
              {t('logout')}
            </Button>
          )}
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
        {opened && <PasswordForm onDone={close} onCancel={close} />}
      </Modal>
    </>
  );
}

/**
 * Before anything else, for a user whose password an administrator set (new account, reset): the server answers
 * nothing else until it is changed. Once saved, the session is asked again and the app opens.
 */
export function ForcedPasswordChange(props: { onLogout: () => void }) {
  const { t } = useTranslation('account');
  const client = useQueryClient();
  return (
    <Center mih="100vh" p="md" pos="relative">
      {/* The language can be changed here too, as on the log-in screen. */}
      <Box pos="absolute" top={16} right={16}>
        <LanguageSwitch />
      </Box>
      <Paper withBorder shadow="sm" p="xl" maw={480} w="100%">
        <Stack>
          <Title order={2}>{t('forcedTitle')}</Title>
          <Text size="sm">{t('forcedWhy')}</Text>
          <PasswordForm
            onDone={() => void client.invalidateQueries({ queryKey: ['session'] })}
            onLogout={props.onLogout}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
