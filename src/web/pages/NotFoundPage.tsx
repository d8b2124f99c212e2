import { Alert, Button, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useRouteError } from 'react-router';

/** An address the app does not know (an old bookmark, a typo): says so in the clerk's language, with the way back. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Stack maw={640}>
      <Title order={2}>{t('notFound.title')}</Title>
      <Alert color="yellow">{t('notFound.body', { address: pathname })}</Alert>
      <div>
        <Button component={Link} to="/">
          {t('notFound.home')}
        </Button>
      </div>
    </Stack>
  );
}

/** A page that failed while showing itself: what happened and the way back, instead of the router's developer page. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Stack maw={640} p="md">
      <Title order={2}>{t('error')}</Title>
      <Alert color="red">{error instanceof Error ? error.message : t('notFound.unknown')}</Alert>
      <div>
        <Button component="a" href="/">
          {t('notFound.home')}
        </Button>
      </div>
    </Stack>
  );
}
