import type { ReactNode } from 'react';
import { DashboardPage } from '../pages/DashboardPage.js';
import { MAILBOX_ROUTES } from '../pages/mailboxes/MailboxRoutes.js';
import { RecipientCardPage } from '../pages/recipients/RecipientCardPage.js';
import { RecipientsPage } from '../pages/recipients/RecipientsPage.js';
import { SandboxPage } from '../pages/sandbox/SandboxPage.js';
import { SettingsPage } from '../pages/settings/SettingsPage.js';
import { TriageMailPage } from '../pages/triage/TriageMailPage.js';
import { TriagePage } from '../pages/triage/TriagePage.js';
import { WIZARD_ROUTES } from '../pages/wizard/wizardRoutes.js';

/**
 * The signed-in screens. A screen appears in the navigation when it has `nav`; `adminOnly` hides it from clerks
 * (the API refuses them anyway). Each screen adds one entry here and its texts in `i18n/<lang>/<screen>.json`.
 */
export interface AppRoute {
  path: string;
  element: ReactNode;
  nav?: { labelKey: string; adminOnly?: boolean };
}

export const ROUTES: AppRoute[] = [
  { path: '/', element: <DashboardPage />, nav: { labelKey: 'nav.dashboard' } },
  ...MAILBOX_ROUTES,
  ...WIZARD_ROUTES,
  { path: '/adresaci', element: <RecipientsPage />, nav: { labelKey: 'nav.recipients' } },
  { path: '/adresaci/:id', element: <RecipientCardPage /> },
  { path: '/do-przejrzenia', element: <TriagePage />, nav: { labelKey: 'nav.triage' } },
  { path: '/do-przejrzenia/:id', element: <TriageMailPage /> },
  { path: '/piaskownica', element: <SandboxPage />, nav: { labelKey: 'nav.sandbox' } },
  { path: '/ustawienia', element: <SettingsPage />, nav: { labelKey: 'nav.settings', adminOnly: true } },
];
