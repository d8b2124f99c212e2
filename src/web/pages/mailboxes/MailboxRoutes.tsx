import { Navigate } from 'react-router';
import type { AppRoute } from '../../app/routes.js';
import { MailboxPage } from './MailboxPage.js';
import { MessagePage } from './MessagePage.js';

/** `/skrzynki` opens Robocze; `/skrzynki/:mailbox` is a list, `/skrzynki/:mailbox/:id` one message. */
export const MAILBOX_ROUTES: AppRoute[] = [
  { path: '/skrzynki', element: <Navigate to="/skrzynki/drafts" replace />, nav: { labelKey: 'nav.mailboxes' } },
  { path: '/skrzynki/:mailbox', element: <MailboxPage /> },
  { path: '/skrzynki/:mailbox/:id', element: <MessagePage /> },
];
