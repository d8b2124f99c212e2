import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { LoginPage } from '../pages/LoginPage.js';
import { SetupPage } from '../pages/SetupPage.js';
import './i18n.js';
import { AppDatesProvider } from './dates.js';
import { Layout } from './Layout.js';
import { ROUTES } from './routes.js';
import { SessionProvider, useSessionInfo } from './session.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: ROUTES.map((r) =>
      r.path === '/' ? { index: true, element: r.element } : { path: r.path.slice(1), element: r.element },
    ),
  },
]);

/** Signed in → the app; nobody yet → first-run set-up; otherwise the login screen. */
function Gate() {
  const { t } = useTranslation();
  const session = useSessionInfo();
  if (session.isPending) {
    return (
      <Center h="100vh" aria-label={t('loading')}>
        <Loader />
      </Center>
    );
  }
  if (!session.data) return new URLSearchParams(window.location.search).has('setup') ? <SetupPage /> : <LoginPage />;
  return (
    <SessionProvider info={session.data}>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}

export function App() {
  return (
    <MantineProvider defaultColorScheme="light">
      <AppDatesProvider>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </AppDatesProvider>
    </MantineProvider>
  );
}
