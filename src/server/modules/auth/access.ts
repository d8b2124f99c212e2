import type { Db } from '../../db/schema.js';
import { ForbiddenError } from '../../lib/errors.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import type { PropertiesRepository } from '../properties/properties.repository.js';
import { type Actor, inScope, isAdmin, keyPosition, type Scope } from './auth.js';

/*
 * Who may do what, in one place (issue 15, point 10): administrator-only work, and what an actor reaches through
 * the positions they act for. Services call these instead of writing the checks again; the route-level checks
 * (`access: 'admin'`, API key scopes) stay in http/auth-hook.ts.
 */

/** Administrator-only work: refused to anyone else with `message`, the clerk-readable sentence of that work. */
export function requireAdmin(actor: Actor, message: string): void {
  if (!isAdmin(actor)) throw new ForbiddenError(message);
}

/** The same check bound to one message, for a service whose every change is administrator-only. */
export function adminOnly(message: string): (actor: Actor) => void {
  return (actor) => requireAdmin(actor, message);
}

/** Administrator work a person does, never an API key (not even an installation-wide one: keys do not make keys). */
export function requireAdminInPerson(actor: Actor, message: string): void {
  if (!isAdmin(actor) || actor.kind === 'key') throw new ForbiddenError(message);
}

/** Rows linked to positions (accounts, properties): those of one position, and those of every position of a user. */
export interface LinkedToPositions {
  ofPosition(tx: Db, positionId: string): Promise<readonly string[]>;
  ofUser(tx: Db, userId: string): Promise<readonly string[]>;
}

/**
 * The one rule of reach: an administrator (a person, the system, an installation-wide key) reaches everything; a
 * position's API key what is linked to its one position; a user what is linked to the positions they work at;
 * anyone else nothing.
 */
export async function reach(actor: Actor, tx: Db, linked: LinkedToPositions): Promise<Scope> {
  if (isAdmin(actor)) return { all: true };
  const keyAt = keyPosition(actor);
  if (keyAt) return { all: false, ids: new Set(await linked.ofPosition(tx, keyAt)) };
  if (!actor.userId) return { all: false, ids: new Set() };
  return { all: false, ids: new Set(await linked.ofUser(tx, actor.userId)) };
}

/** The repositories the scopes are read from. */
export interface AccessRepositories {
  positions: Pick<PositionsRepository, 'list'>;
  accounts: Pick<AccountsRepository, 'accountIdsForPosition' | 'accountIdsForUser'>;
  properties: Pick<PropertiesRepository, 'propertyIdsForPosition' | 'propertyIdsForUser'>;
}

/**
 * The positions, e-mail accounts and properties an actor reaches. Inside a transaction pass it as `tx`: SQLite has
 * one connection, so a query on `db` would wait forever.
 */
export function createAccess(db: Db, repos: AccessRepositories) {
  const { accounts, properties } = repos;
  const positions: LinkedToPositions = {
    ofPosition: async (_tx, positionId) => [positionId],
    ofUser: async (tx, userId) => (await repos.positions.list(tx, userId)).map((p) => p.id),
  };
  const accountsLinked: LinkedToPositions = {
    ofPosition: accounts.accountIdsForPosition,
    ofUser: accounts.accountIdsForUser,
  };
  const propertiesLinked: LinkedToPositions = {
    ofPosition: properties.propertyIdsForPosition,
    ofUser: properties.propertyIdsForUser,
  };
  const positionScope = (actor: Actor, tx: Db = db) => reach(actor, tx, positions);

  return {
    /** The positions the actor acts for. */
    positionScope,
    /** The e-mail accounts bound to those positions. */
    accountScope: (actor: Actor, tx: Db = db) => reach(actor, tx, accountsLinked),
    /** The properties those positions serve. */
    propertyScope: (actor: Actor, tx: Db = db) => reach(actor, tx, propertiesLinked),
    /** The actor acts for this position (an administrator for any). */
    worksAt: async (actor: Actor, positionId: string, tx: Db = db) =>
      inScope(await positionScope(actor, tx), positionId),
  };
}

export type Access = ReturnType<typeof createAccess>;
