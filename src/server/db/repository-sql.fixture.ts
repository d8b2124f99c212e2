import type { Repositories } from '../repositories.js';

/** Arguments for each repository method (after the db handle), exercising its branches; see repository-sql.test.ts. */
export type Cases<R extends keyof Repositories> = { [K in R]: { [M in keyof Repositories[K]]: unknown[][] } };

export const ID = '0190a5b0-0000-7000-8000-000000000001';
export const ID2 = '0190a5b0-0000-7000-8000-000000000002';
export const NOW = '2026-03-02T09:00:00.000Z';
export const CURSOR = { value: '2026-03-01T08:00:00.000Z', id: ID };
