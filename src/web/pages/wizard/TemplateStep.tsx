import {
  Alert,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Loader,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeName } from '../../../shared/documents.js';
import { api } from '../../api.js';
import {
  errorMessage,
  type TemplateDraft,
  useDocumentTypes,
  useSelectedDocuments,
  type WizardState,
} from './shared.js';

interface Props {
  state: WizardState;
  update(patch: Partial<WizardState>): void;
  errors: Record<string, string>;
  previewDocumentId: string;
  setPreviewDocumentId(id: string): void;
}

const FILTER_OF_FORMAT: Record<string, string> = { money: 'kwota', date: 'data', period: 'okres', nrb: 'nrb' };

/** The Liquid tag a variable is inserted as (money with `| kwota`, dates with `| data`, …). */
export function variableTag(path: string, format: string): string {
  const filter = FILTER_OF_FORMAT[format];
  return `{{ ${path}${filter ? ` | ${filter}` : ''} }}`;
}

/** Step 3: the template in force, editable for this batch, with a live preview on a chosen document. */
export function TemplateStep({ state, update, errors, previewDocumentId, setPreviewDocumentId }: Props) {
  const { t } = useTranslation('wizard');
  const types = useDocumentTypes();
  const docs = useSelectedDocuments(state);
  const key = `${state.type}|${state.accountId}`;
  const effective = useQuery({
    queryKey: ['wizard-template', state.type, state.accountId],
    enabled: Boolean(state.type),
    queryFn: () =>
      api('GET /api/templates/:type', {
        params: { type: state.type },
        query: { accountId: state.accountId || undefined },
      }),
  });

  // Take the template in force unless the clerk has already edited one for this type and account.
  useEffect(() => {
    if (effective.data && (state.templateKey !== key || !state.template)) {
      update({ template: { ...effective.data.template }, templateKey: key, templateEdited: false });
    }
  }, [effective.data, key, state.templateKey, state.template, update]);

  const template = state.template;
  const [debounced] = useDebouncedValue(template, 400);
  const preview = useQuery({
    queryKey: ['template-preview', state.type, state.accountId, previewDocumentId, debounced],
    enabled: Boolean(state.type && debounced?.subject.trim()),
    placeholderData: (prev) => prev,
    queryFn: () =>
      api('POST /api/templates/preview', {
        body: {
          // Asked only with a type and a subject (enabled above).
          documentType: state.type as DocumentTypeName,
          template: debounced!,
          ...(previewDocumentId ? { documentId: previewDocumentId } : {}),
          ...(state.accountId ? { accountId: state.accountId } : {}),
        },
      }),
  });

  const lastField = useRef<'subject' | 'html'>('html');
  /** A field never focused has no cursor yet: insert at its end. */
  const focused = useRef({ subject: false, html: false });
  const subjectRef = useRef<HTMLInputElement>(null);
  const htmlRef = useRef<HTMLTextAreaElement>(null);

  const edit = (patch: Partial<TemplateDraft>) => {
    if (!template) return;
    update({ template: { ...template, ...patch }, templateEdited: true });
  };

  const insert = (tag: string) => {
    if (!template) return;
    const field = lastField.current;
    const el = field === 'subject' ? subjectRef.current : htmlRef.current;
    const value = template[field];
    const start = focused.current[field] ? (el?.selectionStart ?? value.length) : value.length;
    const end = focused.current[field] ? (el?.selectionEnd ?? value.length) : value.length;
    edit({ [field]: value.slice(0, start) + tag + value.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + tag.length, start + tag.length);
    });
  };

  const problems = preview.data?.problems ?? [];
  const subjectProblems = problems.filter((p) => p.path.startsWith('subject'));
  const bodyProblems = problems.filter((p) => !p.path.startsWith('subject'));
  const variables = types.data?.find((d) => d.type === state.type)?.variables ?? [];

  if (effective.isError) return <Alert color="red">{errorMessage(effective.error)}</Alert>;
  if (!template) return <Loader aria-label={t('loading')} />;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Group gap="xs">
            <Text size="sm">{t('template.source')}</Text>
            <Badge variant="light">{t(`template.sources.${effective.data?.source ?? 'built_in'}`)}</Badge>
            {state.templateEdited && (
              <Badge color="orange" variant="light">
                {t('template.edited')}
              </Badge>
            )}
            {state.templateEdited && effective.data && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => update({ template: { ...effective.data.template }, templateEdited: false })}
              >
                {t('template.restore')}
              </Button>
            )}
          </Group>
          <TextInput
            ref={subjectRef}
            label={t('template.subject')}
            required
            value={template.subject}
            onFocus={() => {
              lastField.current = 'subject';
              focused.current.subject = true;
            }}
            onChange={(e) => edit({ subject: e.currentTarget.value })}
            error={
              errors.subject ?? (subjectProblems.length ? subjectProblems.map((p) => p.message).join(' ') : undefined)
            }
          />
          <Textarea
            ref={htmlRef}
            label={t('template.html')}
            description={t('template.htmlHint')}
            rows={14}
            resize="vertical"
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            value={template.html}
            onFocus={() => {
              lastField.current = 'html';
              focused.current.html = true;
            }}
            onChange={(e) => edit({ html: e.currentTarget.value })}
            error={
              errors.html ??
              (bodyProblems.length ? bodyProblems.map((p) => `${p.path}: ${p.message}`).join(' ') : undefined)
            }
          />
          <Box>
            <Text size="sm" fw={600}>
              {t('template.variables')}
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              {t('template.variablesHint')}
            </Text>
            <ScrollArea.Autosize mah={220} type="auto">
              <Group gap={6}>
                {variables.map((v) => (
                  // The chip says in Polish what it inserts (from the document type's field table); the tag on hover.
                  <Tooltip key={v.path} label={`{{ ${v.path} }}`} withArrow openDelay={300}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={t('template.insert', { name: v.description || v.path })}
                      onClick={() => insert(variableTag(v.path, v.format))}
                    >
                      {v.description || v.path}
                    </Button>
                  </Tooltip>
                ))}
              </Group>
            </ScrollArea.Autosize>
          </Box>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="sm">
          <Title order={4}>{t('template.preview')}</Title>
          <NativeSelect
            label={t('template.previewFor')}
            value={previewDocumentId}
            onChange={(e) => setPreviewDocumentId(e.currentTarget.value)}
            data={[
              { value: '', label: t('template.sample') },
              ...(docs.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.recipientKey} — ${d.title}` })),
            ]}
          />
          {preview.isError && <Alert color="red">{errorMessage(preview.error)}</Alert>}
          {preview.data && (
            <>
              <Text size="sm">
                <Text span c="dimmed">
                  {t('template.previewSubject')}:{' '}
                </Text>
                <Text span fw={600} data-testid="preview-subject">
                  {preview.data.subject}
                </Text>
              </Text>
              <iframe
                title={t('template.previewFrame')}
                sandbox=""
                srcDoc={
                  preview.data.html ||
                  `<pre>${preview.data.text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>`
                }
                style={{
                  width: '100%',
                  height: 480,
                  border: '1px solid var(--mantine-color-gray-4)',
                  borderRadius: 4,
                  background: 'white',
                }}
              />
            </>
          )}
          {preview.isFetching && <Loader size="xs" aria-label={t('loading')} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
