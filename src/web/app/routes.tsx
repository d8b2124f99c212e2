import type { ReactNode } from 'react';
import { DashboardPage } from '../pages/DashboardPage.js';

/**
 * The signed-in screens. A screen appears in the navigation when it has `nav`; `adminOnly` hides it from clerks
 * (the API refuses them anyway). Each screen adds one entry here and its texts in `i18n/<lang>/<screen>.json`.
 */
export interface AppRoute {
  path: string;
  element: ReactNode;
  nav?: { labelKey: string; adminOnly?: boolean };
}

export const ROUTES: AppRoute[] = [{ path: '/', element: <DashboardPage />, nav: { labelKey: 'nav.dashboard' } }];
