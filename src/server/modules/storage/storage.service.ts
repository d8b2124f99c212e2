import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StorageUsage } from '../../../shared/storage.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { officeDayEndIso } from '../../lib/dates.js';
import { requireAdmin } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import type { StorageRepository } from './storage.repository.js';
import { officeDay, type UploadQuota } from './upload-quota.js';

/** Files looked at when sizing the data folder: it holds a handful, so more means something else is there. */
const MAX_FILES = 10_000;

/** Bytes of the files under `root` (symbolic links not followed), stopping after MAX_FILES. */
export async function folderSize(root: string): Promise<{ bytes: number; files: number; complete: boolean }> {
  let bytes = 0;
  let files = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        if (++files > MAX_FILES) return { bytes, files: files - 1, complete: false };
        bytes += await lstat(full).then(
          (s) => s.size,
          () => 0,
        );
      }
    }
  }
  return { bytes, files, complete: true };
}

export function createStorageService(deps: {
  db: Db;
  repo: StorageRepository;
  clock: Clock;
  quota: UploadQuota;
  /** The SQLite data folder, null on PostgreSQL (the database is elsewhere). */
  dataDir: string | null;
}) {
  const { db, repo, clock, quota, dataDir } = deps;
  return {
    /** Disk use for the admin: blob store, uploads per day and per user today, the SQLite data folder. */
    async usage(actor: Actor): Promise<StorageUsage> {
      requireAdmin(actor, 'Zajętość dysku widzi tylko administrator.');
      const today = officeDay(clock.now());
      const [blobs, days, users, folder] = await Promise.all([
        repo.blobTotals(db),
        repo.byDay(db, 14),
        repo.byUser(db, today, 50),
        dataDir ? folderSize(dataDir) : Promise.resolve(null),
      ]);
      return {
        quotaBytesPerDay: quota.bytesPerDay,
        today,
        resetsAt: officeDayEndIso(today),
        blobs,
        days,
        users,
        dataDir: folder && dataDir ? { path: dataDir, ...folder } : null,
      };
    },
  };
}

export type StorageService = ReturnType<typeof createStorageService>;
