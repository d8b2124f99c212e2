import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Property, Unit } from '../../../shared/properties.js';
import type { Recipient } from '../../../shared/recipients.js';
import { ApiError, api, errorText } from '../../api.js';
import { DATE_FORMAT, dateOnly, parseTypedDate, useCalendarLabels } from '../../app/dates.js';
import { RecipientDeliveryPanel } from './RecipientDeliveryPanel.js';

const ROLES = ['owner', 'co_owner', 'tenant', 'member'] as const;
type UnitRole = (typeof ROLES)[number];

/** "Lipowa 5 — lokal 12" for a unit, from the properties list. */
function unitLabel(u: Unit, properties: Property[] | undefined) {
  const p = properties?.find((x) => x.id === u.propertyId);
  return `${p?.name ?? ''} — ${u.number}${u.address ? ` (${u.address})` : ''}`;
}

/** Adding a unit: search by number or address, pick from the list. */
function UnitPicker(props: { properties: Property[] | undefined; exclude: string[]; onPick: (u: Unit) => void }) {
  const { t } = useTranslation('recipients');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const units = useQuery({
    queryKey: ['units', 'pick', q],
    queryFn: () => api('GET /api/units', { query: { q, limit: 30 } }),
  });
  const options = (units.data?.items ?? []).filter((u) => !props.exclude.includes(u.id));
  return (
    <Select
      label={t('form.addUnit')}
      placeholder={t('form.addUnitPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      value={null}
      nothingFoundMessage={t('form.noUnits')}
      data={options.map((u) => ({ value: u.id, label: unitLabel(u, props.properties) }))}
      onChange={(id) => {
        const u = options.find((x) => x.id === id);
        if (u) props.onPick(u);
        setSearch('');
      }}
    />
  );
}

/** A recipient's card: name, correspondence address, e-mails, channel, consent and units with roles. */
export function RecipientForm(props: { recipient: Recipient | null; onDone: (saved: Recipient | null) => void }) {
  const { t } = useTranslation(['recipients', 'common']);
  const r = props.recipient;
  const [name, setName] = useState(r?.name ?? '');
  const [street, setStreet] = useState(r?.street ?? '');
  const [postalCode, setPostalCode] = useState(r?.postalCode ?? '');
  const [city, setCity] = useState(r?.city ?? '');
  const [country, setCountry] = useState(r?.country ?? 'PL');
  const [emails, setEmails] = useState<string[]>(r?.emails ?? []);
  const [channel, setChannel] = useState<'email' | 'paper'>(r?.channel ?? 'paper');
  const [consentDate, setConsentDate] = useState(r?.consent?.date ?? '');
  const [consentSource, setConsentSource] = useState(r?.consent?.source ?? '');
  const calendarLabels = useCalendarLabels();
  const [externalKey, setExternalKey] = useState(r?.externalKey ?? '');
  const [pdfCode, setPdfCode] = useState(r?.pdfCode ?? '');
  const [units, setUnits] = useState<{ unitId: string; role: UnitRole }[]>(r?.units ?? []);
  const properties = useQuery({ queryKey: ['properties'], queryFn: () => api('GET /api/properties') });
  const unitDetails = useQueries({
    queries: units.map((u) => ({
      queryKey: ['unit', u.unitId],
      queryFn: () => api('GET /api/units/:id', { params: { id: u.unitId } }),
      staleTime: 60_000,
    })),
  });

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        street,
        postalCode,
        city,
        country,
        emails,
        channel,
        consent: consentDate || consentSource ? { date: consentDate, source: consentSource } : null,
        externalKey: externalKey.trim() === '' ? null : externalKey,
        pdfCode: pdfCode.trim() === '' ? null : pdfCode,
        units,
      };
      return r
        ? api('PATCH /api/recipients/:id', { params: { id: r.id }, body })
        : api('POST /api/recipients', { body });
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('form.saved', { name: saved.name }) });
      props.onDone(saved);
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fields : {};
  const err = (prefix: string) =>
    errors[prefix] ?? Object.entries(errors).find(([k]) => k.startsWith(`${prefix}.`))?.[1] ?? undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{r ? r.name : t('form.newTitle')}</Title>
        {save.error && (
          <Alert color="red" title={t('form.saveFailed')}>
            {errorText(save.error, t('networkError'))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('form.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={err('name')}
          />
          <TextInput
            label={t('form.externalKey')}
            description={t('form.externalKeyHint')}
            value={externalKey}
            onChange={(e) => setExternalKey(e.currentTarget.value)}
            error={err('externalKey')}
          />
          <TextInput
            label={t('form.pdfCode')}
            description={t('form.pdfCodeHint')}
            value={pdfCode}
            maxLength={32}
            autoComplete="off"
            onChange={(e) => setPdfCode(e.currentTarget.value)}
            error={err('pdfCode')}
          />
        </SimpleGrid>
        <Title order={4}>{t('form.address')}</Title>
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          <TextInput
            label={t('form.street')}
            required
            value={street}
            onChange={(e) => setStreet(e.currentTarget.value)}
            error={err('street')}
          />
          <TextInput
            label={t('form.postalCode')}
            placeholder="00-000"
            value={postalCode}
            onChange={(e) => setPostalCode(e.currentTarget.value)}
            error={err('postalCode')}
          />
          <TextInput
            label={t('form.city')}
            required
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            error={err('city')}
          />
          <TextInput
            label={t('form.country')}
            maxLength={2}
            value={country}
            onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())}
            error={err('country')}
          />
        </SimpleGrid>
        <Title order={4}>{t('form.delivery')}</Title>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.channel')}
          </Text>
          <SegmentedControl
            aria-label={t('form.channel')}
            value={channel}
            onChange={(v) => setChannel(v as 'email' | 'paper')}
            data={[
              { value: 'email', label: t('channel.email') },
              { value: 'paper', label: t('channel.paper') },
            ]}
            w={260}
          />
        </Stack>
        <TagsInput
          label={t('form.emails')}
          description={t('form.emailsHint')}
          value={emails}
          onChange={setEmails}
          splitChars={[',', ';', ' ']}
          error={err('emails')}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <DateInput
            label={t('form.consentDate')}
            valueFormat={DATE_FORMAT}
            dateParser={parseTypedDate}
            placeholder="DD.MM.RRRR"
            value={consentDate || null}
            onChange={(v) => setConsentDate(dateOnly(v))}
            clearable
            ariaLabels={calendarLabels}
            error={err('consent.date') ?? err('consent')}
          />
          <TextInput
            label={t('form.consentSource')}
            placeholder={t('form.consentSourcePlaceholder')}
            value={consentSource}
            onChange={(e) => setConsentSource(e.currentTarget.value)}
            error={err('consent.source')}
          />
        </SimpleGrid>
        {channel === 'email' && !consentDate ? (
          <Text size="sm" c="orange">
            {t('form.consentNeeded')}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            {t('form.consentHint')}
          </Text>
        )}

        <Title order={4}>{t('form.units')}</Title>
        {err('units') && (
          <Text c="red" size="sm">
            {err('units')}
          </Text>
        )}
        {units.length === 0 && <Text c="dimmed">{t('form.noLinkedUnits')}</Text>}
        {units.length > 0 && (
          <Table>
            <Table.Tbody>
              {units.map((u, i) => {
                const d = unitDetails[i]?.data;
                // A unit of another position's property: not readable here, and the server keeps the link as it is.
                if (unitDetails[i]?.isError) {
                  return (
                    <Table.Tr key={u.unitId}>
                      <Table.Td colSpan={3}>
                        <Text size="sm" c="dimmed">
                          {t('form.otherPositionUnit')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                }
                return (
                  <Table.Tr key={u.unitId}>
                    <Table.Td>{d ? unitLabel(d, properties.data) : '…'}</Table.Td>
                    <Table.Td w={200}>
                      <NativeSelect
                        aria-label={t('form.roleFor', { unit: d?.number ?? '' })}
                        value={u.role}
                        onChange={(e) => {
                          const role = e.currentTarget.value as UnitRole;
                          setUnits((list) => list.map((x) => (x.unitId === u.unitId ? { ...x, role } : x)));
                        }}
                        data={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
                      />
                    </Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('form.removeUnit')}
                        onClick={() => setUnits((list) => list.filter((x) => x.unitId !== u.unitId))}
                      >
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <UnitPicker
          properties={properties.data}
          exclude={units.map((u) => u.unitId)}
          onPick={(u) => setUnits((list) => [...list, { unitId: u.id, role: 'owner' }])}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common:save')}
          </Button>
          <Button variant="default" onClick={() => props.onDone(null)}>
            {t('common:cancel')}
          </Button>
        </Group>
        {r && <RecipientDeliveryPanel recipientId={r.id} />}
      </Stack>
    </form>
  );
}
