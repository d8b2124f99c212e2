import { Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TriageMessageRef } from '../../../shared/triage.js';
import { api } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';

/**
 * Picks one of the user's sent messages (search by address or subject in Wysłane); the message the classifier
 * tied the mail to, if any, is offered first.
 */
export function MessagePicker(props: {
  suggested: TriageMessageRef | null;
  value: string | null;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('triage');
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const found = useQuery({
    queryKey: ['triage-pick', search],
    queryFn: () => api('GET /api/mailboxes/:mailbox', { params: { mailbox: 'sent' }, query: { limit: 10, q: search } }),
    enabled: search.length >= 2,
  });
  const options: { id: string; subject: string; to: string; at: string | null }[] = [];
  if (props.suggested) {
    const s = props.suggested;
    options.push({ id: s.id, subject: s.subject, to: s.toAddress, at: s.sentAt });
  }
  for (const m of found.data?.items ?? []) {
    if (!options.some((o) => o.id === m.id))
      options.push({ id: m.id, subject: m.subject, to: m.toAddress, at: m.sentAt });
  }
  return (
    <Stack gap="xs">
      <TextInput
        label={t('pick.search')}
        description={t('pick.searchHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maxLength={100}
      />
      {search.length >= 2 && found.data && found.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('pick.none')}
        </Text>
      )}
      {options.length > 0 && (
        <Radio.Group value={props.value} onChange={props.onChange} label={t('pick.label')}>
          <Stack gap={6} mt={4}>
            {options.map((o) => (
              <Radio
                key={o.id}
                value={o.id}
                label={`${o.to} — ${o.subject}${o.at ? ` (${formatDateTime(o.at)})` : ''}`}
                description={props.suggested?.id === o.id ? t('pick.suggested') : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}
