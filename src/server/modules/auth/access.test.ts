import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/schema.js';
import { ForbiddenError } from '../../lib/errors.js';
import { adminOnly, type LinkedToPositions, reach, requireAdmin, requireAdminInPerson } from './access.js';
import { type Actor, systemActor } from './auth.js';

const user = (role: 'admin' | 'clerk', userId: string | null = 'u1'): Actor => ({
  kind: 'user',
  userId,
  label: 'Anna',
  role,
  ip: null,
});
const key = (positionId: string | null): Actor => ({
  kind: 'key',
  userId: null,
  label: 'klucz API „Czynsze”',
  role: positionId ? 'clerk' : 'admin',
  ip: null,
  apiKey: { id: 'k1', positionId },
});

// What each position links to, and who works where; reach never looks at the transaction, only passes it on.
const byPosition: Record<string, string[]> = { p1: ['a1', 'a2'], p2: ['a3'] };
const byUser: Record<string, string[]> = { u1: ['p1', 'p2'], u2: [] };
const linked: LinkedToPositions = {
  ofPosition: async (_tx, id) => byPosition[id] ?? [],
  ofUser: async (_tx, id) => (byUser[id] ?? []).flatMap((p) => byPosition[p] ?? []),
};
const tx = {} as Db;

describe('reach: the one rule of what an actor reaches through positions', () => {
  it('an administrator, the system and an installation-wide key reach everything', async () => {
    for (const actor of [user('admin'), systemActor(), key(null)]) {
      expect(await reach(actor, tx, linked)).toEqual({ all: true });
    }
  });

  it("a position's key reaches its one position's rows, a user those of every position they work at", async () => {
    expect(await reach(key('p2'), tx, linked)).toEqual({ all: false, ids: new Set(['a3']) });
    expect(await reach(user('clerk'), tx, linked)).toEqual({ all: false, ids: new Set(['a1', 'a2', 'a3']) });
  });

  it('a clerk without a position, or with no user at all, reaches nothing', async () => {
    expect(await reach(user('clerk', 'u2'), tx, linked)).toEqual({ all: false, ids: new Set() });
    expect(await reach(user('clerk', null), tx, linked)).toEqual({ all: false, ids: new Set() });
  });
});

describe('administrator-only checks', () => {
  it("refuse a clerk and a position's key with the sentence given, and let an administrator through", () => {
    expect(() => requireAdmin(user('clerk'), 'Webhooki ustawia tylko administrator.')).toThrow(
      new ForbiddenError('Webhooki ustawia tylko administrator.'),
    );
    expect(() => adminOnly('Stopkę RODO ustawia tylko administrator.')(key('p1'))).toThrow(ForbiddenError);
    expect(() => requireAdmin(user('admin'), 'x')).not.toThrow();
    expect(() => requireAdmin(key(null), 'x')).not.toThrow();
  });

  it('work done in person refuses even an installation-wide key', () => {
    expect(() => requireAdminInPerson(key(null), 'Kluczami API zarządza tylko administrator.')).toThrow(
      'Kluczami API zarządza tylko administrator.',
    );
    expect(() => requireAdminInPerson(user('admin'), 'x')).not.toThrow();
    expect(() => requireAdminInPerson(systemActor(), 'x')).not.toThrow();
  });
});
