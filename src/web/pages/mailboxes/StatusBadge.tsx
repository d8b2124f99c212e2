import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MessageStatus } from '../../../shared/messages.js';

export const STATUS_COLORS: Record<MessageStatus, MantineColor> = {
  draft: 'gray',
  queued: 'blue',
  sending: 'cyan',
  retry_wait: 'yellow',
  held: 'orange',
  sent: 'green',
  bounced: 'red',
  complained: 'grape',
  failed: 'red',
  cancelled: 'dark',
};

/** A message's status as a coloured label in Polish. */
export function StatusBadge(props: { status: MessageStatus }) {
  const { t } = useTranslation('mailboxes');
  return (
    <Badge
      color={STATUS_COLORS[props.status]}
      variant="light"
      radius="sm"
      // The whole label, never cut short: a clerk must read the state.
      styles={{
        root: { textTransform: 'none', maxWidth: 'none', overflow: 'visible', flexShrink: 0 },
        label: { overflow: 'visible' },
      }}
    >
      {t(`status.${props.status}`)}
    </Badge>
  );
}
