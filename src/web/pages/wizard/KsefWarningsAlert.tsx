import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KsefWarnings } from '../../../shared/batches.js';

const formatNip = (nip: string) => `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8)}`;

/**
 * Invoices without their KSeF mark, said before anything is made (D72): to a business without a KSeF number, or
 * with a number but no verification code on the PDF. A warning — the clerk decides.
 */
export function KsefWarningsAlert(props: { warnings: KsefWarnings | null | undefined }) {
  const { t } = useTranslation('wizard');
  const w = props.warnings;
  if (!w || w.total === 0) return null;
  const problems = new Set(w.items.map((i) => i.problem));
  return (
    <Alert color="orange" title={t('ksef.title', { count: w.total })} data-testid="ksef-warnings">
      {problems.has('no_number') && (
        <Text size="sm" mb="xs">
          {t('ksef.hintNumber')}
        </Text>
      )}
      {problems.has('no_code') && (
        <Text size="sm" mb="xs">
          {t('ksef.hintCode')}
        </Text>
      )}
      <List size="sm" mb="xs">
        {w.items.map((i) => (
          <List.Item key={i.documentId}>
            {t(`ksef.${i.problem}`, {
              title: i.title,
              buyer: i.buyer,
              nip: i.buyerNip ? formatNip(i.buyerNip) : '',
            })}
          </List.Item>
        ))}
      </List>
      {w.total > w.items.length && (
        <Text size="sm" mb="xs">
          {t('ksef.more', { count: w.total - w.items.length })}
        </Text>
      )}
      <Text size="sm">{t('ksef.notBlocked')}</Text>
    </Alert>
  );
}
