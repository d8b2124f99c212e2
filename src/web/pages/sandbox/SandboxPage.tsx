import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.js';
import { api, errorText } from '../../api.js';
import { SafeFrame } from './SafeFrame.js';

const when = (iso: string) => new Date(iso).toLocaleString('pl-PL');
const kb = (bytes: number) => `${formatNumber(bytes / 1024, 1)} KB`;

function CapturedView(props: { id: string }) {
  const { t } = useTranslation('sandbox');
  const detail = useQuery({
    queryKey: ['sandbox-message', props.id],
    queryFn: () => api('GET /api/sandbox/messages/:id', { params: { id: props.id } }),
  });
  if (detail.error) return <Alert color="red">{errorText(detail.error, t('networkError'))}</Alert>;
  const m = detail.data;
  if (!m) return <Text c="dimmed">{t('loading')}</Text>;
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <div>
          <Title order={3}>{m.subject || t('noSubject')}</Title>
          <Text size="sm">
            <b>{t('from')}:</b> {m.from}
          </Text>
          <Text size="sm">
            <b>{t('to')}:</b> {m.to}
          </Text>
          <Text size="sm" c="dimmed">
            {t('envelope', { from: m.mailFrom, to: m.rcptTo.join(', ') })}
          </Text>
          <Text size="sm" c="dimmed">
            {when(m.receivedAt)} · {kb(m.size)}
          </Text>
        </div>
        <Button component="a" href={`/api/sandbox/messages/${m.id}/raw`} download={`${m.id}.eml`} variant="default">
          {t('downloadEml')}
        </Button>
      </Group>
      {m.attachments.length > 0 && (
        <Stack gap={2}>
          <Text fw={600} size="sm">
            {t('attachments')}
          </Text>
          {m.attachments.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a message's fixed attachment list; names may repeat
            <Text size="sm" key={`${a.filename ?? ''}-${i}`}>
              📎{' '}
              <Anchor href={`/api/sandbox/messages/${m.id}/attachments/${i}`} download={a.filename ?? true}>
                {a.filename ?? t('unnamed')}
              </Anchor>{' '}
              <Text span c="dimmed">
                ({a.contentType}, {kb(a.size)})
              </Text>
            </Text>
          ))}
        </Stack>
      )}
      <Tabs defaultValue={m.html ? 'html' : 'text'}>
        <Tabs.List>
          <Tabs.Tab value="html" disabled={!m.html}>
            {t('html')}
          </Tabs.Tab>
          <Tabs.Tab value="text" disabled={!m.text}>
            {t('text')}
          </Tabs.Tab>
          <Tabs.Tab value="headers">{t('headers')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="xs">
          {m.html && <SafeFrame title={t('previewTitle', { subject: m.subject })} html={m.html} height={560} />}
          <Text size="xs" c="dimmed" mt={4}>
            {t('safeNote')}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="xs">
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {m.text}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="xs">
          <Table>
            <Table.Tbody>
              {m.headers.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a message's fixed header list; names repeat (Received)
                <Table.Tr key={`${h.name}-${i}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    <Code>{h.name}</Code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{h.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/**
 * Piaskownica: what the built-in capture SMTP server received. Messages sent from the sandbox account never leave
 * the computer; here a new user sees exactly what a recipient would get.
 */
export function SandboxPage() {
  const { t } = useTranslation('sandbox');
  const [selected, setSelected] = useState<string | null>(null);
  const [searchInput, setSearchInput] = useState('');
  const [search] = useDebouncedValue(searchInput.trim(), 300);
  const list = useInfiniteQuery({
    queryKey: ['sandbox-messages', search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /api/sandbox/messages', { query: { q: search, cursor: pageParam, limit: 50 } }),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 5000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      {list.error && <Alert color="red">{errorText(list.error, t('networkError'))}</Alert>}
      {(items.length > 0 || search) && (
        <TextInput
          label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={searchInput}
          onChange={(e) => setSearchInput(e.currentTarget.value)}
          maw={420}
        />
      )}
      {list.isSuccess && items.length === 0 && <Alert color="blue">{t(search ? 'noneFound' : 'empty')}</Alert>}
      {items.length > 0 && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xs">
              {items.map((m) => (
                <Card
                  key={m.id}
                  withBorder
                  padding="xs"
                  component="button"
                  type="button"
                  onClick={() => setSelected(m.id)}
                  style={{
                    textAlign: 'left',
                    cursor: 'pointer',
                    borderColor: selected === m.id ? 'var(--mantine-color-blue-6)' : undefined,
                  }}
                  aria-pressed={selected === m.id}
                >
                  <Text fw={600} size="sm" lineClamp={1}>
                    {m.subject || t('noSubject')}
                  </Text>
                  <Text size="xs" lineClamp={1}>
                    {t('to')}: {m.to || m.rcptTo.join(', ')}
                  </Text>
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {when(m.receivedAt)}
                    </Text>
                    {m.messageId && (
                      <Badge size="xs" variant="light">
                        {t('fromApp')}
                      </Badge>
                    )}
                  </Group>
                </Card>
              ))}
              {list.hasNextPage && (
                <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  {t('more')}
                </Button>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            {/* The message stays in view while the list is scrolled (below the 56 px header). */}
            <div
              data-testid="sandbox-detail"
              style={{ position: 'sticky', top: 72, maxHeight: 'calc(100vh - 88px)', overflowY: 'auto' }}
            >
              {selected ? (
                <CapturedView key={selected} id={selected} />
              ) : (
                <Text c="dimmed">
                  {t('choose')}{' '}
                  <Anchor component="button" type="button" onClick={() => setSelected(items[0]!.id)}>
                    {t('openNewest')}
                  </Anchor>
                </Text>
              )}
            </div>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
