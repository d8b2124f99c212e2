import { suppressionLookup } from '../lib/erased-address.js';
import type { Db } from './schema.js';

/**
 * Blocked entries of these mailbox keys, an erased recipient's (hashed, D76) included, each under its plain key: the
 * one lookup the sender and the suppressions module share.
 */
export async function findSuppressionRows(db: Db, keys: string[]) {
  if (keys.length === 0) return [];
  const lookup = suppressionLookup(keys);
  const rows = await db.selectFrom('suppressions').selectAll().where('address', 'in', lookup.all).execute();
  return rows.map((r) => ({ ...r, address: lookup.plainOf(r.address) }));
}
