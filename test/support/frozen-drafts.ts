import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { createContainer } from '../../src/server/container.js';
import { systemActor } from '../../src/server/modules/auth/auth.js';
import { messageSearchFields } from '../../src/server/modules/messages/messages.js';
import { RODO_FOOTER_KEY } from '../../src/server/modules/rodo/rodo-footer.js';
import { createTestClock } from './clock.js';
import { createTestDb } from './db.js';

/**
 * A database of drafts whose frozen MIME is fully determined by the fixture: fixed ids, instance key, clock and
 * content (attachments from a hash chain, a fixed DKIM key), so what queueing freezes can be compared byte for
 * byte across runs, databases and versions of the freezing code. Only nodemailer's multipart boundary is random;
 * `normalizedSha256` replaces it.
 */

/** A 1024-bit RSA key made for this fixture only (a DKIM signature over the same bytes is then the same). */
export const DKIM_KEY = `-----BEGIN PRIVATE KEY-----
MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAOIpYJH+/SdqAh3s
DBqXElchovzh+Yq73a/4WDf4GyqaRdF2xKgM2BrKcLRNXLV/sl/5hyupdPsnxZTM
FrD1mM3Fi6GrV6h4Egy9uod6NFhRw5ubB3cA3uZlkHPyS82ucLj2E+9Kbf1TCnA6
sHuqfh2P5GQYeAQcWQDSreaoMsd9AgMBAAECgYEAnptYD2tdDKwqieOF5Yv3H8YG
MQUlZWc1JHitHatRGgKRXkHFzvkbAUbh3YC3uM2yQd6ULkmsMYsF5MFwVHAY1Tx+
HVdYJUXT2xCN9CaFrxJ8UbgM1wH5fdiI2Rwb78xuLmrv6fqkXPjqCIxGonIZMlLv
/VTXXFPB/YEPIcSV2+ECQQD9ApBVr8JuUZFmR/+Ra38lnVQdi1bR1mVZCOCerYdl
cvaN2oCdd9zLkXgdxia3kCPBGbbGiUeSEawXwCJIyft5AkEA5NWWpgcB55c50fJs
hlvswtBwlUg4GLTEQXT1COWyyoPF4z7p4pqGpwmP78f3g8LbRze2cc4zl2TiNNWi
LMInJQJAZ4B2/zapeWvQ6WCmwhyRpReZY4Su/aSRTTz+dqtSakP/bMRoPQLdxkE6
PCPljs5ecg5M4ScjqjOkjQrCe7h1MQJBAJRdcyZEJtT7tI5NilV2pkQNFuGDCHPk
R9ZUuUZCfzBUTWov8T5th94nEf6Z/P2dycQb+BtDYSnIS+2LkXFJlE0CQCJ5C5GR
aPt2387N8jNWXnKdS/S1C1PqrojTaZopBCkBAH2Eb5pGMQYOEejCCw4SAXAr4DFF
kGsQDF9EESfhEcM=
-----END PRIVATE KEY-----`;

/** `size` bytes that look random but are the same every time for the same seed (a hash chain). */
export function fixedBytes(seed: string, size: number): Buffer {
  const parts: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let n = 0; n < size; n += block.length) {
    parts.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(parts).subarray(0, size);
}

/**
 * nodemailer's multipart boundaries share one random part per message; it is replaced by a fixed one. A DKIM
 * signature covers the body, boundary included, so its body hash and signature values are blanked too (the
 * rest of that header — domain, selector, signed headers — stays compared).
 */
export function normalizedSha256(raw: Buffer): string {
  let text = raw.toString('latin1');
  const base = /boundary="?--_NmP-([0-9a-f]+)-Part_/.exec(text)?.[1];
  if (base) text = text.replaceAll(`--_NmP-${base}-Part_`, '--_NmP-0000000000000000-Part_');
  text = text.replace(/^DKIM-Signature:.*(?:\r\n[ \t].*)*/im, (header) =>
    header.replace(/\bbh=[^;]*;/, 'bh=;').replace(/\bb=[^;]*$/, 'b='),
  );
  return createHash('sha256').update(Buffer.from(text, 'latin1')).digest('hex');
}

/** The n-th fixed id (UUID-shaped, sorting in n's order). */
export const fixedId = (prefix: string, n: number) =>
  `0190a000-0000-7000-8000-${prefix}${String(n).padStart(12 - prefix.length, '0')}`;

export interface DraftSpec {
  account: 'plain' | 'rich';
  toName: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  /** Attachments by seed and size (the same seed and size is the same blob). */
  files: { seed: string; size: number; filename: string }[];
  inBatch?: boolean;
  inReplyTo?: string;
  references?: string;
}

/**
 * Two accounts: `plain` (VERP, files attached, no receipt, the installation's RODO footer) and `rich` (envelope =
 * feedback address, DKIM-signed, its own footer, files linked and attached, read receipts) with a batch that asks
 * for no receipt and attached files only.
 */
export async function createFrozenWorld() {
  const handle = await createTestDb({ file: true });
  const clock = createTestClock('2026-03-02T09:00:00.000Z');
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-frozen-')),
      LOG_LEVEL: 'silent',
    },
    { passwordHashCost: 2 ** 10 },
  );
  const instanceKey = fixedBytes('instance key', 32);
  const container = await createContainer(config, { dbHandle: handle, instanceKey, clock });
  const admin = systemActor('frozen-bytes');
  const { db, repos } = container;
  const nowIso = clock.now().toISOString();
  await db
    .insertInto('instance_settings')
    .values({
      key: RODO_FOOTER_KEY,
      value: JSON.stringify({
        controller: 'SM „Przyszłość”, ul. Łąkowa 1',
        dpo: 'iod@example.pl',
        infoUrl: 'https://example.pl/rodo',
      }),
      updated_at: nowIso,
    })
    .execute();
  const base = {
    host: '127.0.0.1',
    port: 2525,
    security: 'none' as const,
    username: null,
    password: null,
    rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    status: 'active' as const,
    maxConnections: 10,
  };
  const plain = await container.services.accounts.create(admin, {
    ...base,
    name: 'Czynsze',
    fromName: 'Spółdzielnia Mieszkaniowa „Przyszłość”',
    fromAddress: 'czynsze@example.pl',
    feedbackAddress: 'zwroty@example.pl',
    envelopeMode: 'verp',
    readReceipt: false,
    dkim: null,
  });
  const rich = await container.services.accounts.create(admin, {
    ...base,
    name: 'Windykacja',
    fromName: 'Dział windykacji',
    fromAddress: 'windykacja@example.pl',
    feedbackAddress: 'odpowiedzi@example.pl',
    envelopeMode: 'feedback',
    readReceipt: true,
    dkim: { domain: 'example.pl', selector: 'lst', privateKey: DKIM_KEY },
  });
  await db
    .updateTable('smtp_accounts')
    .set({
      download_link_mode: 'both',
      rodo_footer: JSON.stringify({
        controller: 'Wspólnota Źródlana 5',
        dpo: 'Jan Kowalski',
        infoUrl: 'https://example.pl/z5',
      }),
    })
    .where('id', '=', rich.id)
    .execute();
  const positionId = fixedId('c', 1);
  const batchId = fixedId('b', 1);
  await db
    .insertInto('positions')
    .values({ id: positionId, name: 'Stanowisko', description: '', created_at: nowIso, updated_at: nowIso })
    .execute();
  await db
    .insertInto('batches')
    .values({
      id: batchId,
      name: 'Wysyłka',
      document_type: 'fee_notice',
      position_id: positionId,
      account_id: rich.id,
      template: '{}',
      selection: '{}',
      status: 'ready',
      read_receipt: 'no',
      download_link_mode: 'attachment',
      error: null,
      already_sent: null,
      paper_pack_sha256: null,
      created_by: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
  const accounts = { plain, rich };

  /** Inserts the drafts with ids fixedId('e', 1…); returns their ids in order. */
  async function addDrafts(specs: DraftSpec[], first = 1): Promise<string[]> {
    const ids: string[] = [];
    await db.transaction().execute(async (tx) => {
      for (const [i, d] of specs.entries()) {
        const id = fixedId('e', first + i);
        const account = accounts[d.account];
        ids.push(id);
        await repos.messages.insert(tx, {
          id,
          account_id: account.id,
          recipient_id: null,
          to_name: d.toName,
          to_address: d.toAddress,
          subject: d.subject,
          status: 'draft',
          mailbox: 'drafts',
          message_id_header: `<${id}@example.pl>`,
          document_type: 'fee_notice',
          send_at: null,
          queued_at: null,
          sent_at: null,
          last_error: null,
          ...messageSearchFields({ subject: d.subject, toName: d.toName, toAddress: d.toAddress }),
          created_by: null,
          created_at: nowIso,
          updated_at: nowIso,
          batch_id: d.inBatch ? batchId : null,
          ...(d.inReplyTo ? { in_reply_to: d.inReplyTo } : {}),
          ...(d.references ? { references_header: d.references } : {}),
        });
        await repos.messages.insertBody(tx, { message_id: id, html: d.html, text: d.text });
        for (const [position, f] of d.files.entries()) {
          const blob = await container.services.blobs.put(tx, fixedBytes(f.seed, f.size));
          await repos.messages.insertAttachment(tx, {
            id: fixedId('a', (first + i) * 10 + position),
            message_id: id,
            blob_sha256: blob.sha256,
            filename: f.filename,
            content_type: 'application/pdf',
            size: blob.size,
            position,
          });
        }
      }
    });
    return ids;
  }

  /** Queues the drafts in one request, as the API does. */
  const queue = (ids: string[]) =>
    container.services.delivery.queue(admin, { selection: { ids }, dryRun: false, sendAt: null });

  /** The frozen .eml of each message, in the order asked. */
  async function frozen(ids: string[]): Promise<Buffer[]> {
    const rows = await db.selectFrom('messages').select(['id', 'eml_sha256']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r.eml_sha256]));
    const out: Buffer[] = [];
    for (const id of ids) out.push(await container.services.blobs.get(db, byId.get(id) as string));
    return out;
  }

  return { container, clock, accounts, addDrafts, queue, frozen, destroy: () => container.destroy() };
}
