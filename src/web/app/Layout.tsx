import { AppShell, Burger, Group, NavLink, SegmentedControl, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { api, rememberSession } from '../api.js';
import { LANGUAGES, setLanguage } from './i18n.js';
import { ROUTES } from './routes.js';
import { useSession } from './session.js';

/** The frame of every signed-in screen: navigation on the left, who is signed in and the language on top. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, isAdmin } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const client = useQueryClient();
  const location = useLocation();

  const logout = async () => {
    await api('POST', '/api/auth/logout').catch(() => {});
    rememberSession(null);
    client.clear();
    await client.invalidateQueries({ queryKey: ['session'] });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={3}>{t('appName')}</Title>
            <Text c="dimmed" size="sm" visibleFrom="md">
              {t('tagline')}
            </Text>
          </Group>
          <Group gap="md">
            <SegmentedControl
              size="xs"
              aria-label={t('language')}
              value={i18n.language}
              onChange={(v) => void setLanguage(v as (typeof LANGUAGES)[number])}
              data={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
            <Text size="sm">
              {user.displayName} <Text span c="dimmed">({t(`role.${user.role}`)})</Text>
            </Text>
            <UnstyledButton onClick={() => void logout()}>
              <Text size="sm" c="blue">
                {t('logout')}
              </Text>
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Nawigacja">
        {ROUTES.filter((r) => r.nav && (!r.nav.adminOnly || isAdmin)).map((r) => (
          <NavLink
            key={r.path}
            component={RouterLink}
            to={r.path}
            label={t(r.nav!.labelKey)}
            active={r.path === '/' ? location.pathname === '/' : location.pathname.startsWith(r.path)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
