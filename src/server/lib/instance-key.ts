import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDir, restrictIfExists } from './private-files.js';

export const INSTANCE_KEY_FILE = 'instance.key';

/**
 * The 32-byte key that encrypts secrets at rest. Taken from LISTONOSZ_SECRET_KEY when set (required when
 * several machines share one database); otherwise read from the data folder, created there on first run
 * with mode 0600.
 */
export function loadInstanceKey(fromEnv: string | undefined, dataDir: string): { key: Buffer; source: string } {
  if (fromEnv) return { key: decode(fromEnv, 'LISTONOSZ_SECRET_KEY'), source: 'LISTONOSZ_SECRET_KEY' };
  const file = path.join(dataDir, INSTANCE_KEY_FILE);
  if (existsSync(file)) {
    restrictIfExists(file);
    return { key: decode(readFileSync(file, 'utf8').trim(), file), source: file };
  }
  makePrivateDir(dataDir);
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: `${file} (created)` };
}

function decode(value: string, where: string): Buffer {
  const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32)
    throw new Error(`${where}: the instance key must be 32 bytes in base64 (openssl rand -base64 32).`);
  return key;
}
