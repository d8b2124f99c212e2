import type { ImapFlow } from 'imapflow';
import { FEEDBACK_ROOT } from './ports.js';

/** A compact UID set ("3:7,9,12:13") for one IMAP command; `uids` ascending. */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  let start = uids[0];
  let end = start;
  for (const uid of uids.slice(1)) {
    if (end !== undefined && uid === end + 1) {
      end = uid;
      continue;
    }
    parts.push(start === end ? `${start}` : `${start}:${end}`);
    start = uid;
    end = uid;
  }
  if (start !== undefined) parts.push(start === end ? `${start}` : `${start}:${end}`);
  return parts.join(',');
}

/**
 * The whole of each message through one `UID FETCH … BODY.PEEK[]<0.limit>` (never sets \Seen, never more than the
 * limit per message). imapflow runs no other command while a fetch is open, so everything is collected first.
 * A UID the server did not return (expunged meanwhile by another client) is an error: the cycle starts again.
 */
export async function downloadAll(client: ImapFlow, uids: number[], limit: number): Promise<Map<number, Buffer>> {
  const sources = new Map<number, Buffer>();
  if (uids.length === 0) return sources;
  for await (const m of client.fetch(uidSet(uids), { uid: true, source: { maxLength: limit } }, { uid: true })) {
    if (m.source) sources.set(m.uid, m.source);
  }
  const missing = uids.filter((uid) => !sources.has(uid));
  if (missing.length > 0) throw new Error(`UID ${missing.join(', ')} could not be downloaded.`);
  return sources;
}

/** One `UID MOVE` of all these UIDs into Listonosz/<name> (created when missing). */
export async function moveAll(
  client: ImapFlow,
  knownFolders: Set<string>,
  folder: string,
  uids: number[],
  name: string,
): Promise<void> {
  const target = await ensureFolder(client, knownFolders, name);
  const moved = await client.messageMove(uidSet(uids), target, { uid: true });
  if (!moved) throw new Error(`The server refused to move UID ${uidSet(uids)} from ${folder} to ${target}.`);
}

/** The Listonosz/<name> folder's path with the server's separator, created when missing. */
async function ensureFolder(client: ImapFlow, knownFolders: Set<string>, name: string): Promise<string> {
  if (knownFolders.size === 0) {
    for (const f of await client.list()) knownFolders.add(f.path);
  }
  const separator = client.namespace?.delimiter || '/';
  const path = `${FEEDBACK_ROOT}${separator}${name}`;
  if (!knownFolders.has(path)) {
    await client.mailboxCreate(path);
    knownFolders.add(path);
  }
  return path;
}
