import {
  Alert,
  Button,
  Checkbox,
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
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, AccountCreate } from '../../../shared/accounts.js';
import type { z } from '../../../shared/zod.js';

type AccountPayload = z.input<typeof AccountCreate>;

import { api } from '../../api.js';
import { errorMessage, fieldErrors } from './errors.js';
import { AccountPdfPasswordSection } from './PdfPasswordSelect.js';

const RATES = ['perSecond', 'perMinute', 'perHour', 'perDay'] as const;
type RateKey = (typeof RATES)[number];

interface FormState {
  name: string;
  fromName: string;
  fromAddress: string;
  feedbackAddress: string;
  readReceipt: boolean;
  host: string;
  port: number | string;
  security: 'tls' | 'starttls' | 'none';
  username: string;
  password: string;
  removePassword: boolean;
  rates: Record<RateKey, number | string>;
  dkimOn: boolean;
  dkimDomain: string;
  dkimSelector: string;
  dkimKey: string;
  active: boolean;
  /** '' = none. */
  feedbackMailboxId: string;
}

function initial(a: Account | null): FormState {
  return {
    name: a?.name ?? '',
    fromName: a?.fromName ?? '',
    fromAddress: a?.fromAddress ?? '',
    feedbackAddress: a?.feedbackAddress ?? '',
    readReceipt: a?.readReceipt ?? false,
    host: a?.host ?? '',
    port: a?.port ?? 587,
    security: a?.security ?? 'starttls',
    username: a?.username ?? '',
    password: '',
    removePassword: false,
    rates: {
      perSecond: a?.rates.perSecond ?? '',
      perMinute: a?.rates.perMinute ?? '',
      perHour: a?.rates.perHour ?? '',
      perDay: a?.rates.perDay ?? '',
    },
    dkimOn: !!a?.dkim,
    dkimDomain: a?.dkim?.domain ?? '',
    dkimSelector: a?.dkim?.selector ?? '',
    dkimKey: '',
    active: (a?.status ?? 'active') === 'active',
    feedbackMailboxId: a?.feedbackMailboxId ?? '',
  };
}

const rate = (v: number | string) => (v === '' || v === null ? null : Number(v));

/**
 * What the form sends. Secrets are write-only: an empty password field means "keep the stored one" and is left
 * out of the request altogether (so is an empty DKIM key); only the explicit "remove" sends `password: null`.
 */
export function accountPayload(f: FormState, existing: Account | null): AccountPayload {
  const body: Record<string, unknown> = {
    name: f.name,
    fromName: f.fromName,
    fromAddress: f.fromAddress,
    feedbackAddress: f.feedbackAddress,
    readReceipt: f.readReceipt,
    host: f.host,
    port: Number(f.port),
    security: f.security,
    username: f.username.trim() === '' ? null : f.username,
    rates: Object.fromEntries(RATES.map((k) => [k, rate(f.rates[k])])),
    dkim: f.dkimOn
      ? {
          domain: f.dkimDomain,
          selector: f.dkimSelector,
          ...(f.dkimKey.trim() !== '' ? { privateKey: f.dkimKey.trim() } : {}),
        }
      : null,
    status: f.active ? 'active' : 'inactive',
    feedbackMailboxId: f.feedbackMailboxId || null,
  };
  if (f.password !== '') body.password = f.password;
  else if (existing?.hasPassword && f.removePassword) body.password = null;
  // Built field by field from the form; the server checks it against AccountCreate / AccountUpdate.
  return body as AccountPayload;
}

export function AccountForm(props: { account: Account | null; onDone: (saved: Account | null) => void }) {
  const { t } = useTranslation(['settings', 'common']);
  const existing = props.account;
  const [f, setF] = useState<FormState>(() => initial(existing));
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const save = useMutation({
    mutationFn: (body: AccountPayload) =>
      existing
        ? api('PATCH /api/accounts/:id', { params: { id: existing.id }, body })
        : api('POST /api/accounts', { body }),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('accounts.saved', { name: saved.name }) });
      props.onDone(saved);
    },
  });
  const mailboxes = useQuery({
    queryKey: ['feedback-mailboxes'],
    queryFn: () => api('GET /api/feedback-mailboxes'),
  });
  const errors = fieldErrors(save.error);
  const err = (path: string) => errors[path];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(accountPayload(f, existing));
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('accounts.formTitle')}>
      <Stack>
        <Title order={3}>{existing ? t('accounts.editTitle', { name: existing.name }) : t('accounts.newTitle')}</Title>
        {save.error && (
          <Alert color="red" title={t('accounts.saveFailed')}>
            {errorMessage(save.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('accounts.name')}
            description={t('accounts.nameHint')}
            required
            value={f.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={err('name')}
          />
          <Switch
            mt="lg"
            label={t('accounts.active')}
            checked={f.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <TextInput
            label={t('accounts.fromName')}
            value={f.fromName}
            onChange={(e) => set('fromName', e.currentTarget.value)}
            error={err('fromName')}
          />
          <TextInput
            label={t('accounts.fromAddress')}
            required
            type="email"
            value={f.fromAddress}
            onChange={(e) => set('fromAddress', e.currentTarget.value)}
            error={err('fromAddress')}
          />
          <TextInput
            label={t('accounts.feedbackAddress')}
            description={t('accounts.feedbackHint')}
            required
            type="email"
            value={f.feedbackAddress}
            onChange={(e) => set('feedbackAddress', e.currentTarget.value)}
            error={err('feedbackAddress')}
          />
          <NativeSelect
            label={t('accounts.feedbackMailbox')}
            description={t('accounts.feedbackMailboxHint')}
            value={f.feedbackMailboxId}
            onChange={(e) => set('feedbackMailboxId', e.currentTarget.value)}
            data={[
              { value: '', label: t('accounts.feedbackMailboxNone') },
              ...(mailboxes.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.username})` })),
            ]}
            error={err('feedbackMailboxId')}
          />
        </SimpleGrid>
        <Switch
          label={t('accounts.readReceipt')}
          description={t('accounts.readReceiptHint')}
          checked={f.readReceipt}
          onChange={(e) => set('readReceipt', e.currentTarget.checked)}
        />

        <Title order={4}>{t('accounts.server')}</Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput
            label={t('accounts.host')}
            required
            value={f.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            error={err('host')}
          />
          <NumberInput
            label={t('accounts.port')}
            required
            min={1}
            max={65535}
            value={f.port}
            onChange={(v) => set('port', v)}
            error={err('port')}
          />
          <NativeSelect
            label={t('accounts.security')}
            value={f.security}
            onChange={(e) => set('security', e.currentTarget.value as FormState['security'])}
            data={(['starttls', 'tls', 'none'] as const).map((s) => ({
              value: s,
              label: t(`accounts.securityOption.${s}`),
            }))}
            error={err('security')}
          />
          <TextInput
            label={t('accounts.username')}
            value={f.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            error={err('username')}
            autoComplete="off"
          />
          <PasswordInput
            label={t('accounts.password')}
            description={existing?.hasPassword ? t('accounts.passwordStored') : t('accounts.passwordNone')}
            placeholder={existing?.hasPassword ? t('accounts.passwordKeep') : ''}
            value={f.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={err('password')}
            autoComplete="new-password"
          />
          {existing?.hasPassword && (
            <Checkbox
              mt="lg"
              label={t('accounts.removePassword')}
              checked={f.removePassword}
              disabled={f.password !== ''}
              onChange={(e) => set('removePassword', e.currentTarget.checked)}
            />
          )}
        </SimpleGrid>

        <Title order={4}>{t('accounts.limits')}</Title>
        <Text size="sm" c="dimmed">
          {t('accounts.limitsHint')}
        </Text>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {RATES.map((k) => (
            <NumberInput
              key={k}
              label={t(`accounts.rate.${k}`)}
              min={1}
              allowDecimal={false}
              value={f.rates[k]}
              onChange={(v) => setF((s) => ({ ...s, rates: { ...s.rates, [k]: v } }))}
              error={err(`rates.${k}`)}
            />
          ))}
        </SimpleGrid>

        {existing && <AccountPdfPasswordSection accountId={existing.id} />}

        <Title order={4}>DKIM</Title>
        <Switch
          label={t('accounts.dkimOn')}
          checked={f.dkimOn}
          onChange={(e) => set('dkimOn', e.currentTarget.checked)}
        />
        {f.dkimOn && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput
              label={t('accounts.dkimDomain')}
              value={f.dkimDomain}
              onChange={(e) => set('dkimDomain', e.currentTarget.value)}
              error={err('dkim.domain') ?? err('dkim')}
            />
            <TextInput
              label={t('accounts.dkimSelector')}
              value={f.dkimSelector}
              onChange={(e) => set('dkimSelector', e.currentTarget.value)}
              error={err('dkim.selector')}
            />
            <Textarea
              label={t('accounts.dkimKey')}
              description={existing?.dkim?.hasKey ? t('accounts.dkimKeyStored') : t('accounts.dkimKeyHint')}
              rows={4}
              styles={{ input: { fontFamily: 'monospace' } }}
              value={f.dkimKey}
              onChange={(e) => set('dkimKey', e.currentTarget.value)}
              error={err('dkim.privateKey')}
            />
          </SimpleGrid>
        )}

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
