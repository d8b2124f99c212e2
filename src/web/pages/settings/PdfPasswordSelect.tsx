import { Alert, Button, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PdfPasswordRule, type PdfPasswordStatus, pdfPasswordHint } from '../../../shared/pdf-password.js';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

const INHERIT = 'inherit';

/**
 * Where a PDF password comes from (D71): none, the unit's NRB's last digits, or the recipient's code; with
 * `inheritLabel`, also "as the level above says" (null). Shows the sentence the e-mail will carry.
 */
export function PdfPasswordSelect(props: {
  value: PdfPasswordRule | null;
  onChange: (rule: PdfPasswordRule | null) => void;
  label: string;
  inheritLabel?: string;
  description?: string;
  testId?: string;
}) {
  const { t } = useTranslation('settings');
  const { value, onChange } = props;
  const kind = value === null ? (props.inheritLabel ? INHERIT : 'off') : value.kind;
  const options = [
    ...(props.inheritLabel ? [{ value: INHERIT, label: props.inheritLabel }] : []),
    { value: 'off', label: t('pdfPassword.kind.off') },
    { value: 'nrb_digits', label: t('pdfPassword.kind.nrb_digits') },
    { value: 'recipient_code', label: t('pdfPassword.kind.recipient_code') },
  ];
  const pick = (next: string) => {
    if (next === INHERIT) onChange(null);
    else if (next === 'nrb_digits') onChange({ kind: 'nrb_digits', digits: 6 });
    else onChange({ kind: next as 'off' | 'recipient_code' });
  };
  const hint = value ? pdfPasswordHint(value) : null;
  return (
    <Stack gap={4} data-testid={props.testId}>
      <Group align="flex-end" gap="sm">
        <NativeSelect
          label={props.label}
          description={props.description}
          data={options}
          value={kind}
          onChange={(e) => pick(e.currentTarget.value)}
        />
        {value?.kind === 'nrb_digits' ? (
          <NumberInput
            label={t('pdfPassword.digits')}
            min={4}
            max={12}
            w={140}
            value={value.digits ?? 6}
            onChange={(v) => onChange({ kind: 'nrb_digits', digits: Number(v) || 6 })}
          />
        ) : null}
      </Group>
      {hint ? (
        <Text size="sm" c="dark.6">
          {t('pdfPassword.emailSays')} „{hint}”
        </Text>
      ) : null}
      {value?.kind === 'nrb_digits' ? (
        <Text size="sm" c="orange.9">
          {t('pdfPassword.nrbTemplateNote')}
        </Text>
      ) : null}
    </Stack>
  );
}

/** Whether the server can encrypt: a warning when qpdf is missing (nothing protected is queued then). */
export function usePdfPasswordStatus() {
  return useQuery({
    queryKey: ['pdf-password'],
    queryFn: () => api('GET /api/settings/pdf-password'),
  });
}

export function QpdfMissing() {
  const { t } = useTranslation('settings');
  const status = usePdfPasswordStatus();
  if (status.data?.available !== false) return null;
  return (
    <Alert color="orange" title={t('pdfPassword.qpdfMissingTitle')}>
      {t('pdfPassword.qpdfMissing')}
    </Alert>
  );
}

/** The account's own rule, saved on its own (admin; audited as account.pdf_password). */
export function AccountPdfPasswordSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const current = useQuery({
    queryKey: ['account-pdf-password', accountId],
    queryFn: () => api('GET /api/accounts/:id/pdf-password', { params: { id: accountId } }),
  });
  const [rule, setRule] = useState<PdfPasswordRule | null>(null);
  useEffect(() => {
    if (current.data) setRule(current.data.rule);
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      api('PUT /api/accounts/:id/pdf-password', {
        params: { id: accountId },
        body: {
          rule: rule?.kind === 'off' ? null : rule,
        },
      }),
    onSuccess: (saved) => {
      qc.setQueryData(['account-pdf-password', accountId], saved);
      notifications.show({ message: t('pdfPassword.saved'), color: 'green' });
    },
  });
  return (
    <RuleSection
      label={t('pdfPassword.accountLabel')}
      description={t('pdfPassword.accountHint')}
      value={rule}
      onChange={setRule}
      testId="account-pdf-password"
      save={save}
    />
  );
}

/** The installation's rule for one document type (Szablony; admin; audited as settings.pdf_password). */
export function TypePdfPasswordSection({ type }: { type: string }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const status = usePdfPasswordStatus();
  const [rule, setRule] = useState<PdfPasswordRule | null>(null);
  const stored = status.data?.types[type as keyof PdfPasswordStatus['types']] ?? null;
  useEffect(() => setRule(stored), [stored]);
  const save = useMutation({
    mutationFn: () =>
      api('PUT /api/settings/pdf-password', {
        body: {
          types: { ...status.data?.types, [type]: rule },
        },
      }),
    onSuccess: (saved) => {
      qc.setQueryData(['pdf-password'], saved);
      notifications.show({ message: t('pdfPassword.saved'), color: 'green' });
    },
  });
  return (
    <RuleSection
      label={t('pdfPassword.typesTitle')}
      description={t('pdfPassword.typesHint')}
      inheritLabel={t('pdfPassword.typeInherit')}
      value={rule}
      onChange={setRule}
      testId="type-pdf-password"
      save={save}
    />
  );
}

/** One rule with its own save button: the account's (Konta) and a document type's (Szablony). */
function RuleSection(props: {
  label: string;
  description: string;
  inheritLabel?: string;
  value: PdfPasswordRule | null;
  onChange: (rule: PdfPasswordRule | null) => void;
  testId: string;
  save: { mutate: () => void; isPending: boolean; error: unknown };
}) {
  const { t } = useTranslation('settings');
  const { save, ...select } = props;
  return (
    <Stack gap="xs">
      <PdfPasswordSelect {...select} />
      <QpdfMissing />
      {save.error ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
      <Group>
        <Button type="button" variant="light" loading={save.isPending} onClick={() => save.mutate()}>
          {t('pdfPassword.save')}
        </Button>
      </Group>
    </Stack>
  );
}
