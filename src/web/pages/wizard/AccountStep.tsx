import { Alert, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../../shared/positions.js';
import { api } from '../../api.js';
import { useSession } from '../../app/session.js';
import { errorMessage, type WizardState } from './shared.js';

interface Props {
  state: WizardState;
  update(patch: Partial<WizardState>): void;
  errors: Record<string, string>;
}

export function usePositions() {
  const { user, isAdmin } = useSession();
  return useQuery({
    queryKey: ['positions'],
    queryFn: () => api('GET /api/positions'),
    select: (list) => (isAdmin ? list : list.filter((p) => user.positionIds.includes(p.id))),
  });
}

export function useAccounts() {
  return useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
}

/** The account a position sends from by default (or its first one). */
export function defaultAccountOf(p: Position | undefined): string {
  return p?.accounts.find((a) => a.role === 'default')?.accountId ?? p?.accounts[0]?.accountId ?? '';
}

/** Step 2: the position the batch is sent for and the account it goes out from. */
export function AccountStep({ state, update, errors }: Props) {
  const { t } = useTranslation('wizard');
  const positions = usePositions();
  const accounts = useAccounts();
  const list = positions.data ?? [];
  const position = list.find((p) => p.id === state.positionId);

  // One position only: choose it straight away, with its default account.
  useEffect(() => {
    if (!state.positionId && list.length === 1)
      update({ positionId: list[0]!.id, accountId: defaultAccountOf(list[0]) });
  }, [list, state.positionId, update]);

  const accountLabel = (id: string) => {
    const a = accounts.data?.find((x) => x.id === id);
    return a ? `${a.name} <${a.fromAddress}>` : id;
  };

  return (
    <Stack gap="md" maw={900}>
      {positions.isError && <Alert color="red">{errorMessage(positions.error)}</Alert>}
      {positions.isSuccess && list.length === 0 && <Alert color="yellow">{t('account.noPositions')}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={t('account.position')}
          required
          value={state.positionId}
          error={errors.positionId}
          onChange={(e) => {
            const p = list.find((x) => x.id === e.currentTarget.value);
            update({
              positionId: e.currentTarget.value,
              accountId: defaultAccountOf(p),
              template: null,
              templateEdited: false,
            });
          }}
          data={[
            { value: '', label: positions.isPending ? t('loading') : t('account.choose') },
            ...list.map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <NativeSelect
          label={t('account.account')}
          required
          disabled={!position}
          value={state.accountId}
          error={errors.accountId}
          description={t('account.accountHint')}
          onChange={(e) => update({ accountId: e.currentTarget.value, template: null, templateEdited: false })}
          data={[
            { value: '', label: t('account.choose') },
            ...(position?.accounts ?? []).map((a) => ({
              value: a.accountId,
              label:
                a.role === 'default'
                  ? `${accountLabel(a.accountId)} — ${t('account.default')}`
                  : accountLabel(a.accountId),
            })),
          ]}
        />
      </SimpleGrid>
      {position && position.accounts.length === 0 && <Alert color="yellow">{t('account.noAccounts')}</Alert>}
      {accounts.data?.find((a) => a.id === state.accountId)?.kind === 'capture' && (
        <Alert color="orange" variant="filled" role="alert" title={t('account.sandboxTitle')}>
          {t('account.sandboxWarning')}
        </Alert>
      )}
      {position?.description && (
        <Text size="sm" c="dimmed">
          {position.description}
        </Text>
      )}
    </Stack>
  );
}
