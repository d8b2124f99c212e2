import { Alert, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A detail page before its data: a spinner while loading, else the way back and what went wrong. */
export function DetailState(props: { pending: boolean; error: Error | null; back: ReactNode; title: string }) {
  const { t } = useTranslation();
  if (props.pending)
    return (
      <Center p="xl" aria-label={t('common:loading')}>
        <Loader />
      </Center>
    );
  return (
    <Stack>
      {props.back}
      <Alert color="red" title={props.title}>
        {props.error?.message}
      </Alert>
    </Stack>
  );
}
