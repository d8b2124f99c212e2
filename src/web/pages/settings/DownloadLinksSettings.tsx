import { Alert, Button, Card, Group, NumberInput, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/accounts.js';
import {
  DOWNLOAD_LINK_DEFAULT_DAYS,
  DOWNLOAD_LINK_MAX_DAYS,
  type DownloadLinkMode,
  DownloadLinkSettings,
} from '../../../shared/download-links.js';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

const MODES: DownloadLinkMode[] = ['attachment', 'link', 'both'];

/** How an account sends PDFs — attachment, signed link, or both — and how long a link works (admin, D70). */
export function DownloadLinksSettings(props: { accounts: Account[] }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [accountId, setAccountId] = useState(props.accounts[0]?.id ?? '');
  const current = useQuery({
    queryKey: ['download-links', accountId],
    queryFn: () => api('GET /api/accounts/:id/download-links', { params: { id: accountId } }),
    enabled: accountId !== '',
  });
  const [draft, setDraft] = useState<{ mode: DownloadLinkMode; days: number | string }>({
    mode: 'attachment',
    days: DOWNLOAD_LINK_DEFAULT_DAYS,
  });
  useEffect(() => {
    if (current.data) setDraft(current.data);
  }, [current.data]);
  const save = useMutation({
    mutationFn: (body: DownloadLinkSettings) =>
      api('PUT /api/accounts/:id/download-links', { params: { id: accountId }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['download-links', accountId] }),
  });
  const parsed = DownloadLinkSettings.safeParse({ mode: draft.mode, days: Number(draft.days) });
  if (props.accounts.length === 0) return null;
  return (
    <Card withBorder padding="md" maw={760}>
      <Stack gap="sm">
        <Title order={4}>{t('downloadLinks.title')}</Title>
        <Text size="sm">{t('downloadLinks.intro')}</Text>
        <Select
          label={t('downloadLinks.account')}
          value={accountId}
          allowDeselect={false}
          onChange={(v) => {
            save.reset();
            setAccountId(v ?? '');
          }}
          data={props.accounts.map((a) => ({ value: a.id, label: a.name }))}
        />
        {current.isError && <Alert color="red">{errorMessage(current.error)}</Alert>}
        <Radio.Group
          label={t('downloadLinks.mode')}
          value={draft.mode}
          onChange={(v) => setDraft({ ...draft, mode: v as DownloadLinkMode })}
        >
          <Stack gap={6} mt={4}>
            {MODES.map((m) => (
              <Radio key={m} value={m} label={t(`downloadLinks.modes.${m}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <NumberInput
          label={t('downloadLinks.days')}
          description={t('downloadLinks.daysHint', { max: DOWNLOAD_LINK_MAX_DAYS })}
          min={1}
          max={DOWNLOAD_LINK_MAX_DAYS}
          allowDecimal={false}
          disabled={draft.mode === 'attachment'}
          value={draft.days}
          onChange={(v) => setDraft({ ...draft, days: v })}
          maw={240}
        />
        {!parsed.success && <Alert color="yellow">{parsed.error.issues.map((i) => i.message).join(' ')}</Alert>}
        {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert color="green">{t('downloadLinks.saved')}</Alert>}
        <Group>
          <Button
            disabled={!parsed.success}
            loading={save.isPending}
            onClick={() => parsed.success && save.mutate(parsed.data)}
          >
            {t('downloadLinks.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
