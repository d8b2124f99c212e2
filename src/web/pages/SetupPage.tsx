import {
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, rememberSession } from '../api.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';

/** First run: create the administrator with the code from the console, and optionally load the demo data. */
export function SetupPage() {
  const { t } = useTranslation('auth');
  const client = useQueryClient();
  const token = new URLSearchParams(window.location.search).get('setup') ?? '';
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [loadingDemo, setLoadingDemo] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const login = String(f.get('login'));
    const password = String(f.get('password'));
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await api('POST /api/setup', {
        body: {
          setupToken: token,
          login,
          displayName: String(f.get('displayName') ?? ''),
          email: f.get('email') ? String(f.get('email')) : null,
          password,
        },
      });
      const info = await api('POST /api/auth/login', { body: { login, password } });
      rememberSession(info);
      // The administrator exists now and the code is used up: whatever the demo data does, go on to the app.
      if (f.get('demo')) {
        setLoadingDemo(true);
        try {
          await api('POST /api/demo', { body: {} });
          notifications.show({ color: 'green', message: t('demoLoaded') });
        } catch (err) {
          notifications.show({
            color: 'red',
            title: t('demoFailed'),
            message: err instanceof Error ? err.message : String(err),
            autoClose: false,
          });
        }
      }
      window.history.replaceState(null, '', '/');
      client.setQueryData(['session'], info);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError) setFields(err.fields);
    } finally {
      setBusy(false);
      setLoadingDemo(false);
    }
  };

  return (
    <Center mih="100vh" py="xl" pos="relative">
      <Box pos="absolute" top={16} right={16}>
        <LanguageSwitch />
      </Box>
      <Paper withBorder shadow="sm" p="xl" w={460} component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>{t('setupTitle')}</Title>
          <Text size="sm">{token ? t('setupIntro') : t('setupNoToken')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput name="displayName" label={t('displayName')} required error={fields.displayName} />
          <TextInput name="login" label={t('login')} autoComplete="username" required error={fields.login} />
          <TextInput name="email" type="email" label={t('email')} error={fields.email} />
          <PasswordInput
            name="password"
            label={t('password')}
            description={t('passwordHint')}
            autoComplete="new-password"
            required
            error={fields.password}
          />
          <Checkbox name="demo" value="1" label={t('loadDemo')} description={t('loadDemoHint')} defaultChecked />
          <Button type="submit" loading={busy} disabled={!token}>
            {t('create')}
          </Button>
          {loadingDemo && (
            <Text size="sm" c="dimmed" role="status">
              {t('demoLoading')}
            </Text>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
