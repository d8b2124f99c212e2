import type { Config } from './config.js';
import type { Db, Row } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import type { Actor } from './modules/auth/auth.js';
import type { BlobStore } from './modules/blobs/blobs.service.js';
import { createDownloadLinksService } from './modules/download-links/download-links.service.js';
import type { Repositories } from './repositories.js';

/**
 * What every service that builds a message's MIME needs (composeMessage): the instance key's box and the signed
 * download links (D70), made over the container's database with `config.publicUrl` as the links' address.
 */
export function createComposing(
  deps: {
    db: Db;
    repos: Pick<Repositories, 'downloadLinks'>;
    blobs: BlobStore;
    secrets: SecretBox;
    audit: AuditLog;
    clock: Clock;
    config: Config;
  },
  /** The delivery service, made later from what this returns: asked only when a request checks a message. */
  delivery: () => { visibleMessage: (actor: Actor, id: string) => Promise<Row<'messages'>> },
) {
  const links = createDownloadLinksService({
    ...deps,
    repo: deps.repos.downloadLinks,
    publicUrl: deps.config.publicUrl,
    visibleMessage: (actor, id) => delivery().visibleMessage(actor, id),
  });
  return { secrets: deps.secrets, links };
}
