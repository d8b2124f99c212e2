import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets at rest (SMTP passwords, DKIM keys): AES-256-GCM under the instance key.
 * Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url). The associated data binds a ciphertext to its row and
 * field, so a value copied into another account's row does not decrypt.
 */
export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
  /** A 32-byte key for one purpose (e.g. signing VERP tokens), derived from the instance key; never the key itself. */
  deriveKey(purpose: string): Buffer;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The instance key must be 32 bytes (AES-256).');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv, tag, ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, associatedData) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unknown secret format.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
    deriveKey: (purpose) => deriveKey(key, purpose),
  };
}

/**
 * HKDF-SHA256 (RFC 5869) from the instance key with a purpose label as `info`: keys for different purposes are
 * independent, and none of them reveals the instance key or the secrets sealed with it.
 */
export function deriveKey(instanceKey: Buffer, purpose: string): Buffer {
  if (!purpose) throw new Error('A derived key needs a purpose label.');
  return Buffer.from(hkdfSync('sha256', instanceKey, Buffer.alloc(0), `listonosz:${purpose}`, 32));
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A random token for sessions and CSRF (256 bits, URL-safe). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
