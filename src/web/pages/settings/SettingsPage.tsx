import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session.js';
import { AccountsTab } from './AccountsTab.js';
import { ApiKeysTab } from './ApiKeysTab.js';
import { AuditTab } from './AuditTab.js';
import { BlockedTab } from './BlockedTab.js';
import { FeedbackMailboxesTab } from './FeedbackMailboxesTab.js';
import { PositionsTab } from './PositionsTab.js';
import { RetentionTab } from './RetentionTab.js';
import { RodoTab } from './RodoTab.js';
import { StorageTab } from './StorageTab.js';
import { TemplatesTab } from './TemplatesTab.js';
import { SETTINGS_TABS, type SettingsTab } from './tabs.js';
import { UsersTab } from './UsersTab.js';
import { WebhooksTab } from './WebhooksTab.js';

const TABS = SETTINGS_TABS;
type Tab = SettingsTab;

/** Ustawienia (admin): sending accounts, feedback mailboxes, positions, users, API keys, templates, the audit log and disk use, one tab each. */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  const { isAdmin } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = params.get('zakladka');
  const tab: Tab = TABS.includes(asked as Tab) ? (asked as Tab) : 'konta';

  if (!isAdmin) return <Alert color="orange">{t('adminOnly')}</Alert>;
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v ? { zakladka: v } : {})} keepMounted={false}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="konta" pt="md">
          <AccountsTab />
        </Tabs.Panel>
        <Tabs.Panel value="skrzynki" pt="md">
          <FeedbackMailboxesTab />
        </Tabs.Panel>
        <Tabs.Panel value="stanowiska" pt="md">
          <PositionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="uzytkownicy" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="klucze" pt="md">
          <ApiKeysTab />
        </Tabs.Panel>
        <Tabs.Panel value="szablony" pt="md">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="zablokowane" pt="md">
          <BlockedTab />
        </Tabs.Panel>
        <Tabs.Panel value="webhooki" pt="md">
          <WebhooksTab />
        </Tabs.Panel>
        <Tabs.Panel value="rodo" pt="md">
          <RodoTab />
        </Tabs.Panel>
        <Tabs.Panel value="przechowywanie" pt="md">
          <RetentionTab />
        </Tabs.Panel>
        <Tabs.Panel value="dziennik" pt="md">
          <AuditTab />
        </Tabs.Panel>
        <Tabs.Panel value="dysk" pt="md">
          <StorageTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
