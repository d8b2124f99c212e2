import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/auth.js';
import { api, rememberSession } from '../api.js';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const info = await api<SessionInfo>('POST', '/api/auth/login', { login: f.get('login'), password: f.get('password') });
      rememberSession(info);
      client.setQueryData(['session'], info);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center h="100vh">
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>{t('loginTitle')}</Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput name="login" label={t('login')} autoComplete="username" required autoFocus />
          <PasswordInput name="password" label={t('password')} autoComplete="current-password" required />
          <Button type="submit" loading={busy}>
            {t('signIn')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
