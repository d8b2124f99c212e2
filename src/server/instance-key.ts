import type { DbHandle } from './db/create-db.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { InstanceRepository } from './modules/instance/instance.repository.js';

const KEY_CHECK = 'instance_key_check';
const KEY_CHECK_AAD = 'instance_settings:instance_key_check';

/** Fails fast when the instance key is not the one this database's secrets were sealed with. */
export async function checkInstanceKey(repo: InstanceRepository, handle: DbHandle, secrets: SecretBox, clock: Clock) {
  const stored = await repo.getSetting(handle.db, KEY_CHECK);
  if (!stored) {
    await repo.putSetting(handle.db, KEY_CHECK, secrets.seal('listonosz', KEY_CHECK_AAD), clock.now().toISOString());
    return;
  }
  try {
    secrets.open(stored.value, KEY_CHECK_AAD);
  } catch {
    throw new Error(
      'The instance key does not match the one this database was set up with, so stored SMTP passwords cannot be ' +
        'decrypted. Use the original LISTONOSZ_SECRET_KEY (or data/instance.key) on every server and worker.',
    );
  }
}
