import type { Row } from '../db/schema.js';
import type { SecretBox } from '../lib/crypto.js';
import { smtpSettingsOf } from '../mail/account-secrets.js';
import type { SendableAccount } from './ports.js';
import { limitsByScale } from './rate-limit.js';

/** An account row as the sender sees it: settings with the password opened, limits by scale, circuit state. */
export function toSendable(row: Row<'smtp_accounts'>, secrets: SecretBox): SendableAccount {
  return {
    id: row.id,
    name: row.name,
    version: `${row.updated_at}/${row.max_connections}`,
    settings: smtpSettingsOf(row, secrets),
    maxConnections: row.max_connections,
    limits: limitsByScale({
      perSecond: row.rate_per_second,
      perMinute: row.rate_per_minute,
      perHour: row.rate_per_hour,
      perDay: row.rate_per_day,
    }),
    circuit: row.circuit_state,
  };
}
