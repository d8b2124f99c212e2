import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  Code,
  Group,
  Loader,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountRodoFooter, footerText, type InstallationRodoFooter, RodoFooter } from '../../../shared/rodo.js';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

const EMPTY: RodoFooter = { controller: '', dpo: '', infoUrl: 'https://', note: '' };
const INSTALLATION = '';

/** How the footer ends an e-mail: its text part exactly, and its HTML part as a mail program shows it. */
function Preview({ footer }: { footer: RodoFooter }) {
  const { t } = useTranslation('settings');
  return (
    <Stack gap="xs">
      <Title order={4}>{t('rodo.preview')}</Title>
      <Text size="sm">{t('rodo.previewText')}</Text>
      <Code block data-testid="rodo-preview-text">
        {footerText(footer)}
      </Code>
      <Text size="sm">{t('rodo.previewHtml')}</Text>
      <Box
        data-testid="rodo-preview-html"
        style={{ marginTop: 8, paddingTop: 8, borderTop: '1px solid #ccc', fontSize: 12, color: '#444' }}
      >
        <strong>Informacja o przetwarzaniu danych osobowych (RODO)</strong>
        <br />
        Administrator danych: {footer.controller}
        <br />
        Inspektor ochrony danych: {footer.dpo}
        <br />
        Pełna informacja: <Anchor href={footer.infoUrl}>{footer.infoUrl}</Anchor>
        {footer.note ? (
          <>
            <br />
            {footer.note}
          </>
        ) : null}
      </Box>
    </Stack>
  );
}

/** RODO (admin): the information footer under every e-mail, the installation's and an account's own (D66). */
export function RodoTab() {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [scope, setScope] = useState(INSTALLATION);
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
  const current = useQuery({
    queryKey: ['rodo-footer', scope],
    queryFn: (): Promise<InstallationRodoFooter | AccountRodoFooter> =>
      scope === INSTALLATION
        ? api('GET /api/settings/rodo-footer')
        : api('GET /api/accounts/:id/rodo-footer', { params: { id: scope } }),
  });
  const [enabled, setEnabled] = useState(false);
  const [draft, setDraft] = useState<RodoFooter>(EMPTY);
  useEffect(() => {
    if (!current.data) return;
    const shown = current.data.footer ?? ('effective' in current.data ? current.data.effective : null);
    setEnabled(current.data.footer !== null);
    setDraft(shown ? { ...EMPTY, ...shown } : EMPTY);
  }, [current.data]);

  const save = useMutation({
    mutationFn: (footer: RodoFooter | null) =>
      scope === INSTALLATION
        ? api('PUT /api/settings/rodo-footer', { body: { footer } })
        : api('PUT /api/accounts/:id/rodo-footer', { params: { id: scope }, body: { footer } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rodo-footer'] }),
  });
  const parsed = RodoFooter.safeParse({ ...draft, note: draft.note?.trim() ? draft.note : undefined });
  const field = (key: keyof RodoFooter) => ({
    value: draft[key] ?? '',
    disabled: !enabled,
    onChange: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value }),
  });

  return (
    <Stack maw={760}>
      <Text size="sm">{t('rodo.intro')}</Text>
      <Select
        label={t('rodo.scope')}
        value={scope}
        onChange={(v) => setScope(v ?? INSTALLATION)}
        allowDeselect={false}
        data={[
          { value: INSTALLATION, label: t('rodo.installation') },
          ...(accounts.data ?? []).map((a) => ({ value: a.id, label: `${t('rodo.account')}: ${a.name}` })),
        ]}
      />
      {current.isPending ? <Loader /> : null}
      {current.isError ? <Alert color="red">{errorMessage(current.error)}</Alert> : null}
      {current.isSuccess ? (
        <>
          <Checkbox
            label={scope === INSTALLATION ? t('rodo.enabled') : t('rodo.own')}
            description={scope === INSTALLATION ? t('rodo.enabledHint') : t('rodo.ownHint')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <TextInput label={t('rodo.controller')} description={t('rodo.controllerHint')} {...field('controller')} />
          <TextInput label={t('rodo.dpo')} description={t('rodo.dpoHint')} {...field('dpo')} />
          <TextInput label={t('rodo.infoUrl')} description={t('rodo.infoUrlHint')} {...field('infoUrl')} />
          <Textarea label={t('rodo.note')} autosize minRows={2} {...field('note')} />
          {enabled && !parsed.success ? (
            <Alert color="yellow">{parsed.error.issues.map((i) => i.message).join(' ')}</Alert>
          ) : null}
          {save.isError ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
          {save.isSuccess ? <Alert color="green">{t('rodo.saved')}</Alert> : null}
          <Group>
            <Button
              disabled={enabled && !parsed.success}
              loading={save.isPending}
              onClick={() => save.mutate(enabled && parsed.success ? parsed.data : null)}
            >
              {t('rodo.save')}
            </Button>
          </Group>
          {enabled && parsed.success ? (
            <Preview footer={parsed.data} />
          ) : (
            <Text size="sm">{scope === INSTALLATION ? t('rodo.noneHint') : t('rodo.inheritHint')}</Text>
          )}
        </>
      ) : null}
    </Stack>
  );
}
