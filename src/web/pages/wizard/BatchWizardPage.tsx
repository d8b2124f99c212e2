import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Batch } from '../../../shared/batches.js';
import type { DocumentTypeName } from '../../../shared/documents.js';
import type { PdfPasswordRule } from '../../../shared/pdf-password.js';
import type { EffectiveTemplate } from '../../../shared/templates.js';
import { ApiError, api } from '../../api.js';
import { PdfPasswordSelect, QpdfMissing } from '../settings/PdfPasswordSelect.js';
import { AccountStep, useAccounts, usePositions } from './AccountStep.js';
import { AlreadySentNotice } from './AlreadySentNotice.js';
import { AttachmentsStep, formatSize } from './AttachmentsStep.js';
import { BatchDownloadLinks, type BatchLinks } from './BatchDownloadLinks.js';
import { BatchProgress } from './BatchProgress.js';
import { KsefWarningsAlert } from './KsefWarningsAlert.js';
import { NoticeWarningsAlert } from './NoticeWarningsAlert.js';
import { SourceStep } from './SourceStep.js';
import { SummarySubject } from './SummarySubject.js';
import {
  errorMessage,
  INITIAL_STATE,
  PERIOD_RE,
  selectionOf,
  useBatchPreview,
  useDocumentTypes,
  useSelectedDocuments,
  type WizardState,
} from './shared.js';
import { TemplateStep } from './TemplateStep.js';

const LAST = 4;

/** `luty 2027` / `February 2027` from `2027-02`. */
function monthName(period: string, language: string) {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return new Intl.DateTimeFormat(language.startsWith('en') ? 'en-GB' : 'pl-PL', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** "Nowa wysyłka": documents → position and account → template → attachments → create, run, send. */
export function BatchWizardPage() {
  const { t, i18n } = useTranslation('wizard');
  const { t: ts } = useTranslation('settings');
  const client = useQueryClient();
  const [active, setActive] = useState(0);
  const [state, setState] = useState<WizardState>(INITIAL_STATE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [previewDocumentId, setPreviewDocumentId] = useState('');
  const [name, setName] = useState('');
  const [batch, setBatch] = useState<Batch | null>(null);
  const [uploaded, setUploaded] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [includeSent, setIncludeSent] = useState(false);
  // null: as the account says; set once the clerk flips the switch.
  const [readReceipt, setReadReceipt] = useState<boolean | null>(null);
  const [writtenForm, setWrittenForm] = useState(false);
  // null: as the document type, else the account says (D71).
  const [pdfPassword, setPdfPassword] = useState<PdfPasswordRule | null>(null);
  // null: as the account says (D70).
  const [links, setLinks] = useState<BatchLinks | null>(null);

  const types = useDocumentTypes();
  const docs = useSelectedDocuments(state);
  // On the last step, before anything is made: the exact count and what was already sent.
  const preview = useBatchPreview(state, active === LAST);
  const positions = usePositions();
  const accounts = useAccounts();

  const update = useCallback((patch: Partial<WizardState>) => {
    setState((s) => ({ ...s, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      if ('type' in patch || 'period' in patch || 'propertyId' in patch || 'imported' in patch || 'source' in patch)
        delete next.documents;
      if ('template' in patch) {
        delete next.subject;
        delete next.html;
      }
      return next;
    });
  }, []);

  /** What keeps the clerk on a step, field → Polish message. */
  const problemsOf = (step: number): Record<string, string> => {
    const e: Record<string, string> = {};
    if (step === 0) {
      if (!state.type) e.type = t('errors.type');
      if (state.period && !PERIOD_RE.test(state.period)) e.period = t('errors.periodFormat');
      if (state.source === 'existing') {
        if (!state.period && !state.propertyId) e.period = t('errors.periodOrProperty');
        else if (state.type && !e.period) {
          if (docs.isPending || docs.isFetching) e.documents = t('errors.documentsLoading');
          else if (docs.isError) e.documents = errorMessage(docs.error);
          else if ((docs.data?.items.length ?? 0) === 0) e.documents = t('errors.noDocuments');
        }
      } else {
        if (state.source === 'pdf' && !state.period) e.period = t('errors.periodRequired');
        if (!state.imported) e.file = t('errors.loadFirst');
        else if (state.imported.created === 0) e.documents = t('errors.noDocuments');
      }
    }
    if (step === 1) {
      if (!state.positionId) e.positionId = t('errors.position');
      if (!state.accountId) e.accountId = t('errors.account');
    }
    if (step === 2) {
      if (!state.template) e.subject = t('errors.templateLoading');
      else if (!state.template.subject.trim()) e.subject = t('errors.subject');
    }
    return e;
  };

  const goTo = (step: number) => {
    if (batch && step < LAST) return;
    for (let s = 0; s < Math.min(step, LAST); s++) {
      const e = problemsOf(s);
      if (Object.keys(e).length > 0) {
        setErrors(e);
        setActive(s);
        return;
      }
    }
    setErrors({});
    setActive(step);
  };

  const create = async () => {
    setBusy(true);
    setCreateError(null);
    try {
      let current = batch;
      if (!current) {
        const effective = client.getQueryData<EffectiveTemplate>(['wizard-template', state.type, state.accountId]);
        const tpl = state.template;
        const template =
          state.templateEdited && tpl
            ? {
                subject: tpl.subject,
                html: tpl.html,
                text: effective && effective.template.html === tpl.html ? tpl.text : '',
              }
            : undefined;
        current = await api('POST /api/batches', {
          body: {
            ...(name.trim() ? { name: name.trim() } : {}),
            // The last step is reached only with a type and a selection chosen.
            documentType: state.type as DocumentTypeName,
            positionId: state.positionId,
            accountId: state.accountId,
            selection: selectionOf(state)!,
            ...(template ? { template } : {}),
            includeAlreadySent: includeSent,
            writtenForm,
            ...(readReceipt !== null ? { readReceipt } : {}),
            ...(pdfPassword ? { pdfPassword } : {}),
            ...(links ? { downloadLinks: links } : {}),
          },
        });
        setBatch(current);
      }
      const done = [...uploaded];
      for (const file of state.files) {
        if (done.includes(file)) continue;
        const form = new FormData();
        form.set('file', file, file.name);
        current = await api('POST /api/batches/:id/attachments', { body: form, params: { id: current.id } });
        done.push(file);
        setUploaded([...done]);
      }
      const started = await api('POST /api/batches/:id/run', { params: { id: current.id } });
      client.setQueryData(['batch', current.id], started);
      setBatch(started);
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setState(INITIAL_STATE);
    setErrors({});
    setBatch(null);
    setUploaded([]);
    setCreateError(null);
    setName('');
    setIncludeSent(false);
    setReadReceipt(null);
    setPreviewDocumentId('');
    setActive(0);
  };

  const typeLabel = types.data?.find((d) => d.type === state.type)?.label ?? state.type;
  const position = positions.data?.find((p) => p.id === state.positionId);
  const account = accounts.data?.find((a) => a.id === state.accountId);
  const count =
    preview.data?.documents ??
    (state.source === 'existing' ? (docs.data?.items.length ?? 0) : (state.imported?.created ?? 0));
  const countText = t('source.count', { count });
  const pendingFiles = state.files.filter((f) => !uploaded.includes(f));
  const fieldErrors = createError instanceof ApiError ? Object.entries(createError.fields) : [];

  return (
    <Stack gap="md">
      <Title order={2}>{t('title')}</Title>
      <Stepper active={active} onStepClick={(s) => goTo(s)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('steps.source')} description={t('steps.sourceHint')} allowStepSelect={!batch}>
          <SourceStep state={state} update={update} errors={errors} />
        </Stepper.Step>
        <Stepper.Step label={t('steps.account')} description={t('steps.accountHint')} allowStepSelect={!batch}>
          <AccountStep state={state} update={update} errors={errors} />
        </Stepper.Step>
        <Stepper.Step label={t('steps.template')} description={t('steps.templateHint')} allowStepSelect={!batch}>
          <TemplateStep
            state={state}
            update={update}
            errors={errors}
            previewDocumentId={previewDocumentId}
            setPreviewDocumentId={setPreviewDocumentId}
          />
        </Stepper.Step>
        <Stepper.Step label={t('steps.attachments')} description={t('steps.attachmentsHint')} allowStepSelect={!batch}>
          <AttachmentsStep state={state} update={update} locked={Boolean(batch)} />
        </Stepper.Step>
        <Stepper.Step label={t('steps.summary')} description={t('steps.summaryHint')}>
          <Stack gap="md" maw={900}>
            <Table withTableBorder variant="vertical" aria-label={t('summary.title')}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={220}>{t('summary.type')}</Table.Th>
                  <Table.Td>{typeLabel}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('summary.documents')}</Table.Th>
                  <Table.Td>
                    {countText}
                    {state.period ? ` · ${t('summary.period')} ${monthName(state.period, i18n.language)}` : ''}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('summary.position')}</Table.Th>
                  <Table.Td>{position?.name ?? '—'}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('summary.account')}</Table.Th>
                  <Table.Td>{account ? `${account.name} <${account.fromAddress}>` : state.accountId || '—'}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('summary.template')}</Table.Th>
                  <Table.Td>
                    <SummarySubject state={state} documentId={previewDocumentId} />
                    {state.templateEdited ? ` (${t('template.edited')})` : ''}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('summary.attachments')}</Table.Th>
                  <Table.Td>
                    {state.files.length === 0
                      ? t('attachments.none')
                      : state.files.map((f) => `${f.name} (${formatSize(f.size)})`).join(', ')}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            {!batch && <NoticeWarningsAlert warnings={preview.data?.noticeWarnings} />}
            {!batch && <KsefWarningsAlert warnings={preview.data?.ksefWarnings} />}
            {!batch && (
              <AlreadySentNotice
                alreadySent={preview.data?.alreadySent ?? null}
                include={includeSent}
                onInclude={setIncludeSent}
              />
            )}
            {!batch && (
              <TextInput
                label={t('summary.name')}
                description={t('summary.nameHint')}
                value={name}
                maxLength={200}
                onChange={(e) => setName(e.currentTarget.value)}
                w={480}
              />
            )}
            {!batch && (
              <Switch
                label={t('summary.readReceipt')}
                description={t('summary.readReceiptHint')}
                checked={readReceipt ?? account?.readReceipt ?? false}
                onChange={(e) => setReadReceipt(e.currentTarget.checked)}
              />
            )}
            {!batch && (
              <Switch
                label={t('summary.writtenForm')}
                description={t('summary.writtenFormHint')}
                checked={writtenForm}
                onChange={(e) => setWrittenForm(e.currentTarget.checked)}
              />
            )}
            {!batch && (
              <PdfPasswordSelect
                label={ts('pdfPassword.batchLabel')}
                inheritLabel={ts('pdfPassword.batchInherit')}
                value={pdfPassword}
                onChange={setPdfPassword}
                testId="batch-pdf-password"
              />
            )}
            {!batch && pdfPassword && pdfPassword.kind !== 'off' && <QpdfMissing />}
            {!batch && <BatchDownloadLinks value={links} onChange={setLinks} />}
            {createError !== null && (
              <Alert color="red" role="alert" title={errorMessage(createError)}>
                {fieldErrors.length > 0 && (
                  <List size="sm">
                    {fieldErrors.map(([path, message]) => (
                      <List.Item key={path}>
                        {path}: {message}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}
            {(!batch || pendingFiles.length > 0) && (
              <Group>
                <Button onClick={() => void create()} loading={busy} disabled={busy}>
                  {batch ? t('summary.retry') : t('summary.create')}
                </Button>
                <Text size="sm" c="dimmed">
                  {t('summary.createHint')}
                </Text>
              </Group>
            )}
            {batch && pendingFiles.length === 0 && (
              <>
                <BatchProgress id={batch.id} />
                <Group>
                  <Anchor component={Link} to={`/wysylki/${batch.id}`} size="sm">
                    {t('summary.openBatch')}
                  </Anchor>
                  <Button variant="subtle" size="xs" onClick={reset}>
                    {t('summary.another')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Stepper.Step>
      </Stepper>
      {active < LAST && (
        <Group justify="space-between" maw={900}>
          <Button variant="default" onClick={() => goTo(active - 1)} disabled={active === 0 || Boolean(batch)}>
            {t('back')}
          </Button>
          <Button onClick={() => goTo(active + 1)} disabled={busy}>
            {t('next')}
          </Button>
        </Group>
      )}
      {active === LAST && !batch && (
        <Group maw={900}>
          <Button variant="default" onClick={() => goTo(active - 1)} disabled={busy}>
            {t('back')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
