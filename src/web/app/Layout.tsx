import { AppShell, Burger, Group, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { PasswordChange } from '../pages/PasswordChange.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { ROUTES } from './routes.js';
import { useLogout, useSession } from './session.js';

/** The frame of every signed-in screen: navigation on the left, who is signed in and the language on top. */
export function Layout() {
  const { t } = useTranslation();
  const { user, isAdmin } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();

  const logout = useLogout();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('menu')} />
            <Title order={3}>{t('appName')}</Title>
            <Text c="dimmed" size="sm" visibleFrom="md">
              {t('tagline')}
            </Text>
          </Group>
          <Group gap="md">
            <LanguageSwitch />
            <Text size="sm">
              {user.displayName}{' '}
              <Text span c="dimmed">
                ({t(`role.${user.role}`)})
              </Text>
            </Text>
            <PasswordChange />
            <UnstyledButton onClick={() => void logout()}>
              <Text size="sm" c="blue">
                {t('logout')}
              </Text>
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('navigation')}>
        {ROUTES.filter((r) => r.nav && (!r.nav.adminOnly || isAdmin)).map((r) => (
          <NavLink
            key={r.path}
            component={RouterLink}
            to={r.path}
            label={t(r.nav!.labelKey)}
            active={r.path === '/' ? location.pathname === '/' : location.pathname.startsWith(r.path)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
