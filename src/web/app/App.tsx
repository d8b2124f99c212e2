import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import './focus.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { LoginPage } from '../pages/LoginPage.js';
import { NotFoundPage, RouteErrorPage } from '../pages/NotFoundPage.js';
import { ForcedPasswordChange } from '../pages/PasswordChange.js';
import { SetupPage } from '../pages/SetupPage.js';
import './i18n.js';
import { AppDatesProvider } from './dates.js';
import { Layout } from './Layout.js';
import { createQueryClient } from './query-client.js';
import { ROUTES } from './routes.js';
import { SessionProvider, useLogout, useSessionInfo } from './session.js';
import { appTheme, cssVariablesResolver } from './theme.js';

const queryClient = createQueryClient({ retry: 1, refetchOnWindowFocus: false });

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        // A page that fails shows what happened inside the usual layout (menu and all).
        errorElement: <RouteErrorPage />,
        children: [
          ...ROUTES.map((r) =>
            r.path === '/' ? { index: true, element: r.element } : { path: r.path.slice(1), element: r.element },
          ),
          // Any other address: a page saying so.
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/** Signed in → the app (after changing an administrator's password); nobody yet → first-run set-up; otherwise the login screen. */
function Gate() {
  const { t } = useTranslation();
  const session = useSessionInfo();
  const logout = useLogout();
  if (session.isPending) {
    return (
      <Center h="100vh" aria-label={t('loading')}>
        <Loader />
      </Center>
    );
  }
  if (!session.data) return new URLSearchParams(window.location.search).has('setup') ? <SetupPage /> : <LoginPage />;
  // A password an administrator set comes first: the server answers nothing else until it is changed.
  if (session.data.user.mustChangePassword) return <ForcedPasswordChange onLogout={() => void logout()} />;
  return (
    <SessionProvider info={session.data}>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  // The theme names the close buttons, in the language shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: t follows i18n.language
  const theme = useMemo(() => appTheme(t('close')), [i18n.language]);
  return (
    <MantineProvider defaultColorScheme="light" theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <AppDatesProvider>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </AppDatesProvider>
    </MantineProvider>
  );
}
