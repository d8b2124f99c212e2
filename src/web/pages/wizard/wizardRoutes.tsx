import type { AppRoute } from '../../app/routes.js';
import { BatchProgressPage } from './BatchProgress.js';
import { BatchWizardPage } from './BatchWizardPage.js';

/** "Nowa wysyłka" (the wizard) and one batch's progress page. */
export const WIZARD_ROUTES: AppRoute[] = [
  { path: '/wysylka', element: <BatchWizardPage />, nav: { labelKey: 'nav.newBatch' } },
  { path: '/wysylki/:id', element: <BatchProgressPage /> },
];
