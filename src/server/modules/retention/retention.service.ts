import {
  DEFAULT_RETENTION_POLICY,
  type RetentionCounts,
  type RetentionPolicy,
  type RetentionSettings,
} from '../../../shared/retention.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import { type Actor, systemActor } from '../auth/auth.js';
import {
  cutoffIso,
  ORPHAN_SAFETY_MS,
  parsePolicy,
  proofMonths,
  RETENTION_JOB,
  RETENTION_POLICY_KEY,
} from './retention.js';
import type { RetentionRepository } from './retention.repository.js';

/** Rows per chunk: each chunk is its own short transaction. */
export const RETENTION_CHUNK = 500;

export function emptyCounts(): RetentionCounts {
  return {
    contents: 0,
    documents: 0,
    proofs: 0,
    feedbackMessages: 0,
    feedbackEvents: 0,
    feedbackReplies: 0,
    events: 0,
    audit: 0,
    blobs: 0,
  };
}

const requireAdmin = adminOnly('Zasady przechowywania danych ustawia tylko administrator.');

/** Retention (D76): the policy (admin), and one run of the removal the worker's daily job makes. */
export function createRetentionService(deps: {
  db: Db;
  repo: RetentionRepository;
  audit: AuditLog;
  clock: Clock;
  chunk?: number;
}) {
  const { db, repo, audit, clock } = deps;
  const chunk = deps.chunk ?? RETENTION_CHUNK;

  async function policy(tx: Db = db): Promise<RetentionPolicy> {
    const row = await tx
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', RETENTION_POLICY_KEY)
      .executeTakeFirst();
    return parsePolicy(row?.value);
  }

  /** Picks and removes chunk after chunk, each in its own transaction, until a pick comes back short. */
  async function drain<K>(pick: (tx: Db) => Promise<K[]>, remove: (tx: Db, keys: K[]) => Promise<number>) {
    let total = 0;
    for (;;) {
      const [picked, removed] = await db.transaction().execute(async (tx) => {
        const keys = await pick(tx);
        return [keys.length, await remove(tx, keys)] as const;
      });
      total += removed;
      if (picked < chunk) return total;
    }
  }

  /**
   * Orphaned blobs: walks the blobs older than the safety margin a chunk at a time (a cursor, so each is looked at
   * once), asks which of the chunk something uses, and deletes the rest — checking again in the same statement.
   */
  async function collectOrphans(beforeIso: string): Promise<number> {
    let total = 0;
    let after: { createdAt: string; sha256: string } | null = null;
    for (;;) {
      const candidates = await repo.orphanCandidates(db, beforeIso, chunk, after);
      const last = candidates.at(-1);
      if (!last) return total;
      after = { createdAt: last.created_at, sha256: last.sha256 };
      const shas = candidates.map((c) => c.sha256);
      total += await db.transaction().execute(async (tx) => {
        const used = await repo.usedAmong(tx, shas);
        return repo.deleteOrphanBlobs(
          tx,
          shas.filter((sha) => !used.has(sha)),
          beforeIso,
        );
      });
      if (candidates.length < chunk) return total;
    }
  }

  async function lastRun(): Promise<RetentionSettings['lastRun']> {
    const row = await repo.lastRun(db, RETENTION_JOB);
    if (!row?.last_run_at || !row.last_result) return null;
    return { at: row.last_run_at, counts: { ...emptyCounts(), ...(JSON.parse(row.last_result) as RetentionCounts) } };
  }

  return {
    policy,

    async getSettings(actor: Actor): Promise<RetentionSettings> {
      requireAdmin(actor);
      return { policy: await policy(), defaults: DEFAULT_RETENTION_POLICY, lastRun: await lastRun() };
    },

    async setPolicy(actor: Actor, next: RetentionPolicy): Promise<RetentionSettings> {
      requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        const before = await policy(tx);
        const now = clock.now().toISOString();
        const value = JSON.stringify(next);
        await tx
          .insertInto('instance_settings')
          .values({ key: RETENTION_POLICY_KEY, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
        await audit.record(tx, actor, {
          action: 'settings.retention',
          entityType: 'settings',
          entityId: null,
          details: { before, after: next },
        });
      });
      return { policy: next, defaults: DEFAULT_RETENTION_POLICY, lastRun: await lastRun() };
    },

    /**
     * Removes what the policy says has outlived its time, chunk by chunk, and records one audited summary (counts
     * per category, the cutoffs; nothing personal). Running it again at the same moment removes nothing more.
     */
    async run(): Promise<{ counts: RetentionCounts; cutoffs: Record<string, string> }> {
      const now = clock.now();
      const nowIso = now.toISOString();
      const p = await policy();
      const counts = emptyCounts();
      const cutoffs = {
        taxDocuments: cutoffIso('taxDocuments', p.taxDocuments, now),
        correspondence: cutoffIso('correspondence', p.correspondence, now),
        taxProofs: cutoffIso('proofs', proofMonths(p, 'taxDocuments'), now),
        correspondenceProofs: cutoffIso('proofs', proofMonths(p, 'correspondence'), now),
        feedback: cutoffIso('feedback', p.feedback, now),
        events: cutoffIso('events', p.events, now),
        audit: cutoffIso('audit', p.audit, now),
        blobs: new Date(now.getTime() - ORPHAN_SAFETY_MS).toISOString(),
      };
      for (const tax of [true, false]) {
        const content = tax ? cutoffs.taxDocuments : cutoffs.correspondence;
        const proofs = tax ? cutoffs.taxProofs : cutoffs.correspondenceProofs;
        const q = { tax, limit: chunk };
        counts.proofs += await drain(
          (tx) => repo.proofsDue(tx, { ...q, beforeIso: proofs }),
          (tx, ids) => repo.deleteMessages(tx, ids),
        );
        counts.contents += await drain(
          (tx) => repo.contentDueSent(tx, { ...q, beforeIso: content }),
          (tx, ids) => repo.removeContent(tx, ids, nowIso),
        );
        counts.contents += await drain(
          (tx) => repo.contentDueUnsent(tx, { ...q, beforeIso: content }),
          (tx, ids) => repo.removeContent(tx, ids, nowIso),
        );
        counts.documents += await drain(
          (tx) => repo.documentsDue(tx, { ...q, beforeIso: content }),
          (tx, ids) => repo.deleteDocuments(tx, ids),
        );
      }
      counts.feedbackReplies = await drain(
        (tx) => repo.feedbackRepliesDue(tx, cutoffs.feedback, chunk),
        (tx, ids) => repo.deleteFeedbackReplies(tx, ids),
      );
      counts.feedbackEvents = await drain(
        (tx) => repo.feedbackEventsDue(tx, cutoffs.feedback, chunk),
        (tx, ids) => repo.deleteFeedbackEvents(tx, ids),
      );
      counts.feedbackMessages = await drain(
        (tx) => repo.feedbackMessagesDue(tx, cutoffs.feedback, chunk),
        (tx, ids) => repo.deleteFeedbackMessages(tx, ids),
      );
      counts.events = await drain(
        (tx) => repo.eventsDue(tx, cutoffs.events, chunk),
        (tx, ids) => repo.deleteEvents(tx, ids),
      );
      counts.audit = await drain(
        (tx) => repo.auditDue(tx, cutoffs.audit, chunk),
        (tx, ids) => repo.deleteAudit(tx, ids),
      );
      counts.blobs = await collectOrphans(cutoffs.blobs);
      await db.transaction().execute((tx) =>
        audit.record(tx, systemActor('przechowywanie danych'), {
          action: 'retention.run',
          entityType: 'settings',
          entityId: null,
          details: { counts, cutoffs, policy: p },
        }),
      );
      return { counts, cutoffs };
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
