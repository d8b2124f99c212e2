import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorText } from '../../api.js';
import { useSession } from '../../app/session.js';
import { RecipientErasure } from './RecipientErasure.js';
import { RecipientForm } from './RecipientForm.js';

/** /adresaci/:id — one recipient's card at its own address (linked from messages, shareable, bookmarkable). */
export function RecipientCardPage() {
  const { t } = useTranslation('recipients');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { isAdmin } = useSession();
  const recipient = useQuery({
    queryKey: ['recipient', id],
    queryFn: () => api('GET /api/recipients/:id', { params: { id } }),
  });
  return (
    <Stack>
      <Anchor component={Link} to="/adresaci" size="sm">
        ← {t('card.back')}
      </Anchor>
      {recipient.error && <Alert color="red">{errorText(recipient.error, t('networkError'))}</Alert>}
      {recipient.isPending && <Text c="dimmed">{t('card.loading')}</Text>}
      {recipient.data && (
        <RecipientForm
          key={recipient.data.id}
          recipient={recipient.data}
          onDone={() => {
            void client.invalidateQueries({ queryKey: ['recipients'] });
            void client.invalidateQueries({ queryKey: ['recipient', id] });
            navigate('/adresaci');
          }}
        />
      )}
      {recipient.data && isAdmin && (
        <RecipientErasure
          recipientId={recipient.data.id}
          onErased={() => notifications.show({ color: 'green', message: t('erase.done') })}
        />
      )}
    </Stack>
  );
}
