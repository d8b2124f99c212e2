import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../../../shared/format.js';

/** A message's or a reply's attachments: each a link that opens it, with its size; "Bez załączników" when none. */
export function AttachmentList(props: { items: { key: string; href: string; filename: string; size: number }[] }) {
  const { t } = useTranslation('mailboxes');
  if (props.items.length === 0) return <Text c="dimmed">{t('message.noAttachments')}</Text>;
  return (
    <Stack gap={4}>
      {props.items.map((a) => (
        <Anchor
          key={a.key}
          href={a.href}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={t('message.openAttachment', { name: a.filename })}
        >
          {a.filename}{' '}
          <Text span size="xs" c="dimmed">
            ({formatFileSize(a.size)})
          </Text>
        </Anchor>
      ))}
    </Stack>
  );
}
