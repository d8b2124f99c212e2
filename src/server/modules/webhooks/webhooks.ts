import { createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/** Pure rules of webhooks (D60): the signature, the retry schedule, which receiver addresses are allowed. */

export const SIGNATURE_HEADER = 'Listonosz-Signature';
export const EVENT_ID_HEADER = 'Listonosz-Event-Id';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the scheme Stripe made familiar — with one `v1` per
 * secret, in the order given: during a rotation's overlap the current secret's first, then the previous one's
 * (D98). A receiver accepts the delivery when any `v1` matches its secret.
 */
export function signature(secrets: string | readonly string[], unixSeconds: number, body: string): string {
  const macs = (typeof secrets === 'string' ? [secrets] : secrets).map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`,
  );
  return [`t=${unixSeconds}`, ...macs].join(',');
}

/** Until when the secret replaced at `now` still signs: `overlapHours` later, or null (at once no more). */
export function previousSecretUntil(now: Date, overlapHours: number): Date | null {
  return overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
}

/** The previous secret signs while its end (an ISO instant) is still ahead of `now`. */
export function previousSecretValid(until: string | null, now: Date): boolean {
  return until !== null && Date.parse(until) > now.getTime();
}

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a configuration file. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const MINUTE = 60_000;
/** Waits after the 1st, 2nd … failed attempt; after the last one the delivery is given up. */
export const RETRY_DELAYS_MS = [1, 5, 15, 60, 240, 720, 1440].map((m) => m * MINUTE);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When to try again after `attempts` failed attempts, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? MINUTE;
  return new Date(now.getTime() + delay);
}

export interface ReceiverPolicy {
  /** http://127.0.0.1, http://localhost and loopback addresses (tests, a receiver on the same machine). */
  allowLoopback: boolean;
  /** Private and link-local networks (a rent system on the office LAN); off by default. */
  allowPrivate: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Private networks: refused unless the operator allows them (a rent system on the office LAN). */
const privateNets = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
] as const) {
  privateNets.addSubnet(net, bits, 'ipv4');
}
privateNets.addSubnet('fc00::', 7, 'ipv6');

/** Never reached: "this host", link-local (cloud metadata at 169.254.169.254), multicast and reserved ranges. */
const special = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['169.254.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  special.addSubnet(net, bits, 'ipv4');
}
special.addSubnet('fe80::', 10, 'ipv6');
special.addSubnet('ff00::', 8, 'ipv6');
special.addAddress('::', 'ipv6');

/** Why a resolved address may not be connected to, or null when it may. */
export function refusedAddress(address: string, policy: ReceiverPolicy): string | null {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  const ip = mapped?.[1] ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(ip, family)) return policy.allowLoopback ? null : 'adres lokalny (loopback)';
  if (special.check(ip, family)) return 'adres specjalny (link-local, multicast)';
  if (privateNets.check(ip, family)) return policy.allowPrivate ? null : 'adres sieci prywatnej';
  return null;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Checks a receiver URL as entered: HTTPS, or plain HTTP to this machine when loopback is allowed. */
export function urlProblem(raw: string, policy: ReceiverPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Podaj pełny adres, np. https://czynsze.example.pl/listonosz.';
  }
  if (url.username || url.password) return 'Adres nie może zawierać loginu ani hasła.';
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && local && policy.allowLoopback) return null;
  if (url.protocol !== 'https:') return 'Adres musi zaczynać się od https://.';
  if (local && !policy.allowLoopback) return 'Adres lokalny nie jest dozwolony.';
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && refusedAddress(literal, policy))
    return 'Ten adres IP nie jest dozwolony (sieć prywatna lub adres specjalny).';
  return null;
}
