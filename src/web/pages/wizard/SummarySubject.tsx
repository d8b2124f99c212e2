import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeName } from '../../../shared/documents.js';
import { api } from '../../api.js';
import type { WizardState } from './shared.js';

/**
 * The summary's subject as a recipient will read it: filled in for an example document (the one chosen for the
 * preview, else the type's sample), through the preview API; the template text only while that is not known.
 */
export function SummarySubject({ state, documentId }: { state: WizardState; documentId: string }) {
  const { t } = useTranslation('wizard');
  const template = state.template;
  const preview = useQuery({
    queryKey: ['summary-subject', state.type, state.accountId, documentId, template],
    enabled: Boolean(state.type && template?.subject.trim()),
    queryFn: () =>
      api('POST /api/templates/preview', {
        body: {
          // Asked only with a type and a subject (enabled above).
          documentType: state.type as DocumentTypeName,
          template: template!,
          ...(documentId ? { documentId } : {}),
          ...(state.accountId ? { accountId: state.accountId } : {}),
        },
      }),
  });
  if (!template) return null;
  const subjectOk = preview.data && !preview.data.problems.some((p) => p.path === 'subject');
  const filled = subjectOk ? preview.data!.subject : null;
  return (
    <>
      <Text span size="sm" data-testid="summary-subject">
        {filled ?? template.subject}
      </Text>
      {filled && (
        <Text size="xs" c="dimmed">
          {t('summary.subjectExample')}
        </Text>
      )}
    </>
  );
}
