import { Alert, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.js';
import { api, errorText } from '../../api.js';

/**
 * "Usuń dane adresata" (RODO art. 17; admin, D76): first says what goes and what the law makes us keep, and why;
 * erases only when confirmed.
 */
export function RecipientErasure({ recipientId, onErased }: { recipientId: string; onErased: () => void }) {
  const { t } = useTranslation('recipients');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const preview = useQuery({
    queryKey: ['recipient-erasure', recipientId],
    queryFn: () => api('GET /api/recipients/:id/erasure', { params: { id: recipientId } }),
    enabled: open,
    gcTime: 0,
  });
  const erase = useMutation({
    mutationFn: () => api('POST /api/recipients/:id/erasure', { params: { id: recipientId } }),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['recipient', recipientId] });
      void client.invalidateQueries({ queryKey: ['recipients'] });
      onErased();
    },
  });
  const p = preview.data;
  return (
    <>
      <Group>
        <Button color="red" variant="outline" onClick={() => setOpen(true)}>
          {t('erase.button')}
        </Button>
      </Group>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('erase.title')} size="lg">
        {preview.isPending ? <Loader /> : null}
        {preview.error ? <Alert color="red">{errorText(preview.error, t('networkError'))}</Alert> : null}
        {p ? (
          <Stack data-testid="erasure-preview">
            <Text>{t('erase.intro', { name: p.name })}</Text>
            <Text fw={600}>{t('erase.removedTitle')}</Text>
            <List size="sm">
              <List.Item>{t('erase.contact', { emails: p.emails.join(', ') || '—' })}</List.Item>
              {p.removedMessages > 0 ? <List.Item>{t('erase.unsent', { count: p.removedMessages })}</List.Item> : null}
              {p.replies > 0 ? <List.Item>{t('erase.replies', { count: p.replies })}</List.Item> : null}
            </List>
            <Text fw={600}>{t('erase.keptTitle')}</Text>
            <List size="sm">
              {p.keptMessages > 0 ? (
                <List.Item>
                  {t('erase.keptMessages', {
                    count: p.keptMessages,
                    tax: p.keptTaxMessages,
                    until: p.keptUntil ? formatDate(p.keptUntil) : '—',
                  })}
                </List.Item>
              ) : (
                <List.Item>{t('erase.noKept')}</List.Item>
              )}
              {p.suppressions > 0 ? <List.Item>{t('erase.suppressions', { count: p.suppressions })}</List.Item> : null}
              <List.Item>{t('erase.trace')}</List.Item>
            </List>
            {erase.error ? <Alert color="red">{errorText(erase.error, t('networkError'))}</Alert> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('erase.cancel')}
              </Button>
              <Button color="red" loading={erase.isPending} onClick={() => erase.mutate()}>
                {t('erase.confirm')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
