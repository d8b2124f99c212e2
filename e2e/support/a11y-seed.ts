/** Data for the accessibility walk (D73): a ready batch, mail in every mailbox, a reply in Odebrane, mail to triage. */
import type { Page } from 'playwright-core';
import { tenantReply } from '../../test/support/feedback-reports.js';
import { crlf, withFeedbackMail } from './feedback-seed.js';
import { apiRequest } from './first-run.js';
import { seedMessages } from './seed.js';
import { nextPeriod, waitFor } from './send-flow-steps.js';
import type { E2EServer } from './server.js';

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

  // Sent messages to reply to, then mail handed to the real classifier over the server's own database.
  await withFeedbackMail(
    page,
    server,
    account.id,
    ['jan.kowalski@example.pl', 'ewa.nowak@example.pl'],
    async (sent, feed) => {
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
    },
  );
  // Every mailbox with rows (drafts, outbox, sent, failed with an SMTP error).
  seedMessages(server.dataDir, 120);
  return { batchId: batch.id };
}
