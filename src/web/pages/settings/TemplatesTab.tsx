import {
  Alert,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  NativeSelect,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeInfo } from '../../../shared/documents.js';
import { api } from '../../api.js';
import { SafeFrame } from '../sandbox/SafeFrame.js';
import { errorMessage, fieldErrors } from './errors.js';
import { TypePdfPasswordSection } from './PdfPasswordSelect.js';

type Field = 'subject' | 'html' | 'text';
/** The editor of one template (a type, and an account or the installation's default). */
export function TemplateEditor(props: { type: DocumentTypeInfo; accountId: string | null }) {
  const { t } = useTranslation(['settings', 'common']);
  const { type, accountId } = props;
  const client = useQueryClient();
  const key = ['template', type.type, accountId];
  const current = useQuery({
    queryKey: key,
    queryFn: () => api('GET /api/templates/:type', { params: { type: type.type }, query: { accountId } }),
  });
  const filters = useQuery({
    queryKey: ['template-filters'],
    queryFn: () => api('GET /api/templates/filters'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [draft, setDraft] = useState<Record<Field, string> | null>(null);
  useEffect(() => {
    if (current.data) setDraft({ ...current.data.template });
  }, [current.data]);

  const refs = {
    subject: useRef<HTMLInputElement>(null),
    html: useRef<HTMLTextAreaElement>(null),
    text: useRef<HTMLTextAreaElement>(null),
  };
  const [focused, setFocused] = useState<Field>('html');

  const [debounced] = useDebouncedValue(draft, 400);
  const preview = useQuery({
    queryKey: ['template-preview', type.type, accountId, debounced],
    enabled: !!debounced,
    queryFn: () =>
      api('POST /api/templates/preview', {
        body: {
          documentType: type.type,
          // Asked only once there is a draft (enabled above).
          template: debounced!,
          ...(accountId ? { accountId } : {}),
        },
      }),
    placeholderData: (prev) => prev,
  });

  const save = useMutation({
    mutationFn: () =>
      accountId
        ? api('PUT /api/templates/:type/accounts/:accountId', { params: { type: type.type, accountId }, body: draft! })
        : api('PUT /api/templates/:type', { params: { type: type.type }, body: draft! }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      notifications.show({ color: 'green', message: t('templates.saved') });
    },
  });
  const reset = useMutation({
    mutationFn: () =>
      accountId
        ? api('DELETE /api/templates/:type/accounts/:accountId', { params: { type: type.type, accountId } })
        : api('DELETE /api/templates/:type', { params: { type: type.type } }),
    onSuccess: (after) => {
      client.setQueryData(key, after);
      save.reset();
      notifications.show({ color: 'green', message: t('templates.resetDone') });
    },
  });
  const errors = fieldErrors(save.error);

  const insert = (snippet: string) => {
    if (!draft) return;
    const el = refs[focused].current;
    const value = draft[focused];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    setDraft({ ...draft, [focused]: value.slice(0, start) + snippet + value.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };
  const variableSnippet = (v: DocumentTypeInfo['variables'][number]) =>
    v.format === 'money'
      ? `{{ ${v.path} | kwota }}`
      : v.format === 'date'
        ? `{{ ${v.path} | data }}`
        : `{{ ${v.path} }}`;

  if (current.error) return <Alert color="red">{errorMessage(current.error)}</Alert>;
  if (!current.data || !draft) return <Text c="dimmed">{t('common:loading')}</Text>;
  const source = current.data.source;
  const ownLevel = accountId ? 'account' : 'installation';
  const dirty =
    draft.subject !== current.data.template.subject ||
    draft.html !== current.data.template.html ||
    draft.text !== current.data.template.text;

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          <Group>
            <Text size="sm">{t('templates.sourceLabel')}</Text>
            <Badge color={source === ownLevel ? 'blue' : 'gray'} data-testid="template-source">
              {t(`templates.source.${source}`)}
            </Badge>
            {current.data.updatedAt && (
              <Text size="xs" c="dimmed">
                {t('templates.updatedAt', { at: new Date(current.data.updatedAt).toLocaleString('pl-PL') })}
              </Text>
            )}
          </Group>
          {source !== ownLevel && (
            <Text size="sm" c="dimmed">
              {t('templates.inheritedHint')}
            </Text>
          )}
          {save.error && (
            <Alert color="red" title={t('templates.saveFailed')}>
              {errorMessage(save.error)}
            </Alert>
          )}
          {reset.error && <Alert color="red">{errorMessage(reset.error)}</Alert>}
          <TextInput
            ref={refs.subject}
            label={t('templates.subject')}
            value={draft.subject}
            onFocus={() => setFocused('subject')}
            onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
            error={errors.subject}
          />
          <Textarea
            ref={refs.html}
            label={t('templates.html')}
            rows={14}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            value={draft.html}
            onFocus={() => setFocused('html')}
            onChange={(e) => setDraft({ ...draft, html: e.currentTarget.value })}
            error={errors.html}
          />
          <Textarea
            ref={refs.text}
            label={t('templates.text')}
            description={t('templates.textHint')}
            rows={7}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            value={draft.text}
            onFocus={() => setFocused('text')}
            onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
            error={errors.text}
          />
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {t('common:save')}
            </Button>
            <Button variant="default" disabled={!dirty} onClick={() => setDraft({ ...current.data.template })}>
              {t('templates.discard')}
            </Button>
            {source === ownLevel && (
              <Button color="red" variant="light" loading={reset.isPending} onClick={() => reset.mutate()}>
                {accountId ? t('templates.resetAccount') : t('templates.resetInstallation')}
              </Button>
            )}
          </Group>

          <Title order={4}>{t('templates.preview')}</Title>
          {preview.error && <Alert color="red">{errorMessage(preview.error)}</Alert>}
          {!!preview.data?.problems.length && (
            <Alert color="orange" title={t('templates.problems')} data-testid="preview-problems">
              <Stack gap={4}>
                {preview.data.problems.map((p) => (
                  <Text size="sm" key={`${p.path}:${p.message}`}>
                    <b>{t(`templates.field.${p.path}`, { defaultValue: p.path })}:</b> {p.message}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          {preview.data && (
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">{t('templates.previewHtml')}</Tabs.Tab>
                <Tabs.Tab value="text">{t('templates.previewText')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <Text size="sm" mb="xs">
                  <b>{t('templates.subject')}:</b> {preview.data.subject}
                </Text>
                <SafeFrame title={t('templates.preview')} html={preview.data.html} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Code block>{preview.data.text}</Code>
              </Tabs.Panel>
            </Tabs>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="xs">
          <Title order={4}>{t('templates.variables')}</Title>
          <Text size="xs" c="dimmed">
            {t('templates.variablesHint')}
          </Text>
          <ScrollArea.Autosize mah={480}>
            <Stack gap={4}>
              {type.variables.map((v) => (
                // Named by what it shows (label in name, WCAG 2.5.3), with "Wstaw" said before it to a screen reader.
                <UnstyledButton key={v.path} onClick={() => insert(variableSnippet(v))}>
                  <VisuallyHidden>{`${t('templates.insertHidden')} `}</VisuallyHidden>
                  <Code>{v.path}</Code>
                  <Text size="xs" c="dimmed">
                    {v.description}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
          <Title order={4}>{t('templates.filters')}</Title>
          {(filters.data ?? []).map((f) => (
            <UnstyledButton key={f.name} onClick={() => insert(` | ${f.name}`)}>
              <Code>{f.name}</Code>
              <Text size="xs" c="dimmed">
                {f.description} — <Code>{f.example}</Code>
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** Szablony: the e-mail template per document type, for the installation or one sending account. */
export function TemplatesTab() {
  const { t } = useTranslation(['settings', 'common']);
  const types = useQuery({
    queryKey: ['document-types'],
    queryFn: () => api('GET /api/document-types'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
  const [typeName, setTypeName] = useState<string>('');
  const [accountId, setAccountId] = useState<string>('');
  const type = types.data?.find((x) => x.type === typeName) ?? types.data?.[0];

  if (types.error) return <Alert color="red">{errorMessage(types.error)}</Alert>;
  if (!type) return <Text c="dimmed">{t('common:loading')}</Text>;
  return (
    <Stack>
      <Group align="end">
        <NativeSelect
          label={t('templates.type')}
          w={360}
          value={type.type}
          onChange={(e) => setTypeName(e.currentTarget.value)}
          data={(types.data ?? []).map((x) => ({ value: x.type, label: x.label }))}
        />
        <NativeSelect
          label={t('templates.account')}
          w={300}
          value={accountId}
          onChange={(e) => setAccountId(e.currentTarget.value)}
          data={[
            { value: '', label: t('templates.installationDefault') },
            ...(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
          ]}
        />
      </Group>
      <TypePdfPasswordSection type={type.type} />
      <TemplateEditor key={`${type.type}:${accountId}`} type={type} accountId={accountId || null} />
    </Stack>
  );
}
