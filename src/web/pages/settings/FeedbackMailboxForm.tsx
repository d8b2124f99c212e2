import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FeedbackMailbox,
  type FeedbackMailboxCreate,
  OAUTH_DEFAULTS,
} from '../../../shared/feedback-mailboxes.js';
import type { z } from '../../../shared/zod.js';

type MailboxPayload = z.input<typeof FeedbackMailboxCreate>;

import { api } from '../../api.js';
import { DateTimeField } from '../../app/DateTimeField.js';
import { errorMessage, fieldErrors } from './errors.js';

type Provider = 'microsoft' | 'google' | 'custom';

interface FormState {
  name: string;
  host: string;
  port: number | string;
  security: 'tls' | 'starttls' | 'none';
  username: string;
  auth: 'password' | 'oauth2';
  password: string;
  provider: Provider;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  refreshToken: string;
  scope: string;
  folders: string;
  /** `YYYY-MM-DD HH:mm:ss` in the browser's time zone (the date field's value); empty: the server's "now". */
  processSince: string;
  active: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO instant as the date field's value (local time). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
}

function initial(m: FeedbackMailbox | null): FormState {
  return {
    name: m?.name ?? '',
    host: m?.host ?? '',
    port: m?.port ?? 993,
    security: m?.security ?? 'tls',
    username: m?.username ?? '',
    auth: m?.auth ?? 'password',
    password: '',
    provider: m?.oauth?.provider ?? 'microsoft',
    clientId: m?.oauth?.clientId ?? '',
    clientSecret: '',
    tokenUrl: m?.oauth?.tokenUrl ?? OAUTH_DEFAULTS.microsoft.tokenUrl,
    refreshToken: '',
    scope: m?.oauth?.scope ?? OAUTH_DEFAULTS.microsoft.scope,
    folders: (m?.folders ?? ['INBOX']).join('\n'),
    processSince: m ? toLocalInput(m.processSince) : '',
    active: (m?.status ?? 'active') === 'active',
  };
}

/** What the form sends. Secrets are write-only: an empty field keeps the stored one and is left out. */
export function mailboxPayload(f: FormState): MailboxPayload {
  const body: Record<string, unknown> = {
    name: f.name,
    host: f.host,
    port: Number(f.port),
    security: f.security,
    username: f.username,
    auth: f.auth,
    folders: f.folders
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    status: f.active ? 'active' : 'inactive',
  };
  if (f.processSince) body.processSince = new Date(f.processSince.replace(' ', 'T')).toISOString();
  if (f.auth === 'password') {
    if (f.password !== '') body.password = f.password;
    body.oauth = null;
  } else {
    body.oauth = {
      provider: f.provider,
      clientId: f.clientId,
      tokenUrl: f.tokenUrl,
      scope: f.scope,
      ...(f.clientSecret !== '' ? { clientSecret: f.clientSecret } : {}),
      ...(f.refreshToken.trim() !== '' ? { refreshToken: f.refreshToken.trim() } : {}),
    };
  }
  // Built field by field from the form; the server checks it against FeedbackMailboxCreate / …Update.
  return body as MailboxPayload;
}

export function FeedbackMailboxForm(props: {
  mailbox: FeedbackMailbox | null;
  onDone: (saved: FeedbackMailbox | null) => void;
}) {
  const { t } = useTranslation(['settings', 'common']);
  const existing = props.mailbox;
  const [f, setF] = useState<FormState>(() => initial(existing));
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const save = useMutation({
    mutationFn: (body: MailboxPayload) =>
      existing
        ? api('PATCH /api/feedback-mailboxes/:id', { params: { id: existing.id }, body })
        : api('POST /api/feedback-mailboxes', { body }),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('feedbackMailboxes.saved', { name: saved.name }) });
      props.onDone(saved);
    },
  });
  const errors = fieldErrors(save.error);
  const err = (path: string) => errors[path];
  const chooseProvider = (p: Provider) => {
    // The provider's documented token URL, scope and server fill in; "Inny" keeps what is typed.
    if (p === 'custom') return set('provider', p);
    const d = OAUTH_DEFAULTS[p];
    setF((s) => ({ ...s, provider: p, tokenUrl: d.tokenUrl, scope: d.scope, host: s.host || d.host }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(mailboxPayload(f));
  };
  const k = (key: string) => t(`feedbackMailboxes.${key}`);

  return (
    <form onSubmit={submit} noValidate aria-label={k('formTitle')}>
      <Stack>
        <Title order={3}>{existing ? t('feedbackMailboxes.editTitle', { name: existing.name }) : k('newTitle')}</Title>
        <Text size="sm" c="dimmed">
          {k('intro')}
        </Text>
        {save.error && (
          <Alert color="red" title={k('saveFailed')}>
            {errorMessage(save.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={k('name')}
            required
            value={f.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={err('name')}
          />
          <Switch
            mt="lg"
            label={k('active')}
            checked={f.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
        </SimpleGrid>

        <Title order={4}>{k('server')}</Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput
            label={k('host')}
            required
            value={f.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            error={err('host')}
          />
          <NumberInput
            label={k('port')}
            required
            min={1}
            max={65535}
            value={f.port}
            onChange={(v) => set('port', v)}
            error={err('port')}
          />
          <NativeSelect
            label={k('security')}
            description={k('securityHint')}
            value={f.security}
            onChange={(e) => set('security', e.currentTarget.value as FormState['security'])}
            data={(['tls', 'starttls', 'none'] as const).map((s) => ({
              value: s,
              label: t(`accounts.securityOption.${s}`),
            }))}
            error={err('security')}
          />
          <TextInput
            label={k('username')}
            required
            value={f.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            error={err('username')}
            autoComplete="off"
          />
          <NativeSelect
            label={k('auth')}
            value={f.auth}
            onChange={(e) => set('auth', e.currentTarget.value as FormState['auth'])}
            data={(['password', 'oauth2'] as const).map((a) => ({ value: a, label: k(`authOption.${a}`) }))}
            error={err('auth')}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {k('authHint')}
        </Text>

        {f.auth === 'password' ? (
          <PasswordInput
            label={k('password')}
            description={existing?.hasPassword ? k('passwordStored') : k('passwordNone')}
            value={f.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={err('password')}
            autoComplete="new-password"
          />
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <NativeSelect
              label={k('provider')}
              value={f.provider}
              onChange={(e) => chooseProvider(e.currentTarget.value as Provider)}
              data={(['microsoft', 'google', 'custom'] as const).map((p) => ({
                value: p,
                label: k(`providerOption.${p}`),
              }))}
            />
            <TextInput
              label={k('clientId')}
              required
              value={f.clientId}
              onChange={(e) => set('clientId', e.currentTarget.value)}
              error={err('oauth.clientId') ?? err('oauth')}
            />
            <PasswordInput
              label={k('clientSecret')}
              description={existing?.oauth?.hasClientSecret ? k('clientSecretStored') : undefined}
              value={f.clientSecret}
              onChange={(e) => set('clientSecret', e.currentTarget.value)}
              error={err('oauth.clientSecret')}
              autoComplete="new-password"
            />
            <TextInput
              label={k('tokenUrl')}
              required
              value={f.tokenUrl}
              onChange={(e) => set('tokenUrl', e.currentTarget.value)}
              error={err('oauth.tokenUrl')}
            />
            <PasswordInput
              label={k('refreshToken')}
              description={existing?.oauth?.hasRefreshToken ? k('refreshTokenStored') : k('refreshTokenHint')}
              value={f.refreshToken}
              onChange={(e) => set('refreshToken', e.currentTarget.value)}
              error={err('oauth.refreshToken')}
              autoComplete="off"
            />
            <TextInput
              label={k('scope')}
              value={f.scope}
              onChange={(e) => set('scope', e.currentTarget.value)}
              error={err('oauth.scope')}
            />
          </SimpleGrid>
        )}

        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea
            label={k('folders')}
            description={k('foldersHint')}
            rows={3}
            value={f.folders}
            onChange={(e) => set('folders', e.currentTarget.value)}
            error={err('folders') ?? err('folders.0')}
          />
          <DateTimeField
            label={k('processSince')}
            description={k('processSinceHint')}
            value={f.processSince}
            onChange={(v) => set('processSince', v)}
            error={err('processSince')}
          />
        </SimpleGrid>

        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common:save')}
          </Button>
          <Button variant="default" onClick={() => props.onDone(null)}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
