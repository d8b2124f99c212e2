import { Alert, Anchor, Checkbox, List, Text } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AlreadySent } from '../../../shared/batches.js';
import { formatDate } from '../../../shared/format.js';
import { useBatchName } from '../../app/batch-name.js';

/**
 * What of the chosen documents was already sent to the same addresses, with the earlier batches: said before
 * anything is made. With `onInclude` the clerk may choose to send it again; otherwise it is left out.
 */
export function AlreadySentNotice(props: {
  alreadySent: AlreadySent | null;
  include: boolean;
  onInclude?: (include: boolean) => void;
  /** After the run: addresses left out. */
  skipped?: number;
}) {
  const { t } = useTranslation('wizard');
  const nameOf = useBatchName();
  const a = props.alreadySent;
  if (!a || a.messages === 0) return null;
  return (
    <Alert color={props.include ? 'orange' : 'yellow'} title={t('alreadySent.title')} data-testid="already-sent">
      <List size="sm" mb="xs">
        {a.earlier.map((e) => (
          <List.Item key={e.batchId ?? 'single'}>
            {e.batchId ? (
              <Trans
                t={t}
                i18nKey="alreadySent.inBatch"
                count={e.documents}
                values={{ date: formatDate(e.lastAt), name: nameOf(e) }}
                components={{ batch: <Anchor component={Link} to={`/wysylki/${e.batchId}`} size="sm" /> }}
              />
            ) : (
              t('alreadySent.single', { count: e.documents, date: formatDate(e.lastAt) })
            )}
          </List.Item>
        ))}
      </List>
      {props.onInclude ? (
        <Checkbox
          checked={props.include}
          onChange={(e) => props.onInclude?.(e.currentTarget.checked)}
          label={t('alreadySent.include', { count: a.messages })}
          description={props.include ? t('alreadySent.includeOn') : t('alreadySent.includeOff')}
        />
      ) : (
        <Text size="sm">
          {props.include
            ? t('alreadySent.included', { count: a.messages })
            : t('alreadySent.skipped', { count: props.skipped ?? a.messages })}
        </Text>
      )}
    </Alert>
  );
}
