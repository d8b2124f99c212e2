import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, rememberSession } from '../api.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';

export function LoginPage() {
  const { t } = useTranslation('auth');
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A fresh installation opened without the set-up link: say where the link is instead of asking for a login.
  const setup = useQuery({
    queryKey: ['setup-status'],
    queryFn: () => api('GET /api/setup'),
  });

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const info = await api('POST /api/auth/login', {
        body: {
          login: String(f.get('login') ?? ''),
          password: String(f.get('password') ?? ''),
        },
      });
      rememberSession(info);
      client.setQueryData(['session'], info);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" py="xl" pos="relative">
      <Box pos="absolute" top={16} right={16}>
        <LanguageSwitch />
      </Box>
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>{t('loginTitle')}</Title>
          {setup.data?.needsSetup && (
            <Alert color="blue" title={t('setupTitle')}>
              {t('setupNoToken')}
            </Alert>
          )}
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
