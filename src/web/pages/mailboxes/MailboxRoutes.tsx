import { Navigate } from 'react-router';
import type { AppRoute } from '../../app/routes.js';
import { InboxPage } from './inbox/InboxPage.js';
import { InboxReplyPage } from './inbox/InboxReplyPage.js';
import { MailboxPage } from './MailboxPage.js';
import { MessagePage } from './MessagePage.js';

/** `/skrzynki` opens Robocze; `/skrzynki/odebrane` is Odebrane (tenants' replies, D49); `/skrzynki/:mailbox` is a list, `/skrzynki/:mailbox/:id` one message. */
export const MAILBOX_ROUTES: AppRoute[] = [
  { path: '/skrzynki', element: <Navigate to="/skrzynki/drafts" replace />, nav: { labelKey: 'nav.mailboxes' } },
  { path: '/skrzynki/odebrane', element: <InboxPage /> },
  { path: '/skrzynki/odebrane/:id', element: <InboxReplyPage /> },
  { path: '/skrzynki/:mailbox', element: <MailboxPage /> },
  { path: '/skrzynki/:mailbox/:id', element: <MessagePage /> },
];
