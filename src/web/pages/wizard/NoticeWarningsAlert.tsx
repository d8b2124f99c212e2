import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NoticeWarnings } from '../../../shared/batches.js';
import { formatDate } from '../../../shared/format.js';

/**
 * Fee notices whose new fees start before the notice period allows (D68), said before anything is made: who, from
 * when the fees could start and by which rule. A warning — the clerk decides.
 */
export function NoticeWarningsAlert(props: { warnings: NoticeWarnings | null | undefined }) {
  const { t } = useTranslation('wizard');
  const w = props.warnings;
  if (!w || w.total === 0) return null;
  return (
    <Alert color="orange" title={t('notice.title', { count: w.total })} data-testid="notice-warnings">
      <Text size="sm" mb="xs">
        {t('notice.hint')}
      </Text>
      <List size="sm" mb="xs">
        {w.items.map((i) => (
          <List.Item key={`${i.documentId}|${i.recipient}`}>
            {t('notice.item', {
              recipient: i.recipient,
              relation: t(`notice.relation.${i.relation}`),
              title: i.title,
              validFrom: formatDate(i.validFrom),
              earliest: formatDate(i.earliest),
              rule: t(`notice.rule.${i.rule}`),
            })}
          </List.Item>
        ))}
      </List>
      {w.total > w.items.length && <Text size="sm">{t('notice.more', { count: w.total - w.items.length })}</Text>}
    </Alert>
  );
}
