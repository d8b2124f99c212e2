/** Data for the accessibility walk (D73): a ready batch, mail in every mailbox, a reply in Odebrane, mail to triage. */
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createContainer } from '../../src/server/container.js';
import { tenantReply } from '../../test/support/feedback-reports.js';
import { apiRequest } from './first-run.js';
import { seedMessages } from './seed.js';
import { nextPeriod, waitFor } from './send-flow-steps.js';
import type { E2EServer } from './server.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

/** After the first run with the demo data. Returns the id of a batch that is ready to send (not queued). */
export async function seedForA11y(page: Page, server: E2EServer, smtpPort: number): Promise<{ batchId: string }> {
  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
    apiRequest<T>(page, server.url, method, url, data, 60_000);
  const account = await api<{ id: string }>('POST', '/api/accounts', {
    name: 'Czynsze — test',
    fromName: 'Administracja Osiedla',
    fromAddress: 'czynsze@zarzadca.example.pl',
    feedbackAddress: 'zwroty@zarzadca.example.pl',
    host: '127.0.0.1',
    port: smtpPort,
    security: 'none',
  });
  const positions = await api<{ id: string; name: string }[]>('GET', '/api/positions');
  const czynsze = positions.find((p) => p.name === 'Czynsze');
  if (!czynsze) throw new Error('no position Czynsze in the demo data');
  await api('PUT', `/api/positions/${czynsze.id}/accounts`, { accounts: [{ accountId: account.id, role: 'default' }] });
  const period = nextPeriod();
  const docs = await api<{ items: { propertyId: string }[] }>(
    'GET',
    `/api/documents?type=fee_notice&period=${period}&limit=1`,
  );
  const propertyId = docs.items[0]?.propertyId;
  const batch = await api<{ id: string }>('POST', '/api/batches', {
    documentType: 'fee_notice',
    positionId: czynsze.id,
    selection: { period, propertyId },
  });
  await api('POST', `/api/batches/${batch.id}/run`);
  await waitFor('the batch ready', async () => {
    const b = await api<{ status: string; error?: string }>('GET', `/api/batches/${batch.id}`);
    if (b.status === 'failed') throw new Error(b.error);
    return b.status === 'ready';
  });

  // Three sent messages to reply to, then mail handed to the real classifier over the server's own database.
  const sent: { id: string; messageIdHeader: string; to: string }[] = [];
  for (const to of ['jan.kowalski@example.pl', 'ewa.nowak@example.pl']) {
    const m = await api<{ id: string; messageIdHeader: string }>('POST', '/api/messages', {
      accountId: account.id,
      toName: to.split('@')[0],
      toAddress: to,
      subject: 'Zawiadomienie o wysokości opłat od 1 stycznia',
      text: 'W załączeniu zawiadomienie.',
    });
    sent.push({ ...m, to });
  }
  const config = loadConfig({ LISTONOSZ_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const c = await createContainer(config);
  try {
    const now = new Date().toISOString();
    await c.db
      .updateTable('messages')
      .set({ status: 'sent', mailbox: 'sent', sent_at: now })
      .where(
        'id',
        'in',
        sent.map((s) => s.id),
      )
      .execute();
    const mailboxId = '01900000-0000-7000-8000-0000000000aa';
    await c.db
      .insertInto('feedback_mailboxes')
      .values({
        id: mailboxId,
        name: 'Zwroty — biuro',
        host: 'imap.example.pl',
        port: 993,
        security: 'tls',
        username: 'zwroty@zarzadca.example.pl',
        auth: 'password',
        folders: '["INBOX"]',
        process_since: now,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await c.db
      .updateTable('smtp_accounts')
      .set({ feedback_mailbox_id: mailboxId })
      .where('id', '=', account.id)
      .execute();
    const { mailboxAccountIds } = await import('../../src/server/modules/feedback/mailbox-source.js');
    const { createReportClassifier } = await import('../../src/server/feedback/classifier-port.js');
    const sink = c.createFeedbackEventSink((tx, id) => mailboxAccountIds(c.repos.feedbackMailboxes, tx, id));
    let n = 0;
    const feed = async (raw: Buffer) => {
      const d = await createReportClassifier().classify(raw);
      n++;
      await sink.record({
        id: `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
        mailboxId,
        folder: 'INBOX',
        uid: n,
        messageId: null,
        sha256: null,
        size: raw.length,
        kind: d.kind,
        targetFolder: d.folder,
        receivedAt: new Date(Date.now() - (10 - n) * 60_000),
        details: d.details ?? {},
        raw,
      });
    };
    await feed(tenantReply(sent[0] as (typeof sent)[number], { text: 'Dzień dobry, w lokalu mieszkają 2 osoby.' }));
    await feed(
      crlf([
        'From: Poczta <postmaster@maly-serwer.example.pl>',
        'To: zwroty@zarzadca.example.pl',
        'Subject: Powiadomienie systemu pocztowego',
        'Date: Sun, 6 Dec 2026 09:30:00 +0100',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Nie można dostarczyć: skrzynka ewa.nowak@example.pl została zlikwidowana.',
      ]),
    );
  } finally {
    await c.destroy();
  }
  // Every mailbox with rows (drafts, outbox, sent, failed with an SMTP error).
  seedMessages(server.dataDir, 120);
  return { batchId: batch.id };
}
