import { createHash } from 'node:crypto';

/**
 * The suppression key of an address whose owner's data was erased (D76): the SHA-256 of the mailbox key, so the list
 * no longer names the person but the address stays blocked — every lookup asks for both forms.
 */
export function erasedAddressKey(mailboxKey: string): string {
  return `erased:${createHash('sha256').update(mailboxKey).digest('hex')}`;
}

/** The keys to look a suppression up by (plain and erased), and a way back from a found row's key to the plain one. */
export function suppressionLookup(keys: string[]): { all: string[]; plainOf: (stored: string) => string } {
  const erased = new Map(keys.map((k) => [erasedAddressKey(k), k]));
  return { all: [...keys, ...erased.keys()], plainOf: (stored) => erased.get(stored) ?? stored };
}
