import type { Db, NewRow, Row, RowUpdate } from '../../db/schema.js';

/** The SQL of the intake: a position's rule, each intake's progress, drop folders and the files they took. */
export function createIntakeRepository() {
  return {
    ruleOf(db: Db, positionId: string) {
      return db.selectFrom('position_intake').selectAll().where('position_id', '=', positionId).executeTakeFirst();
    },

    async putRule(db: Db, row: Row<'position_intake'>) {
      await db
        .insertInto('position_intake')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('position_id')
            .doUpdateSet({ mode: row.mode, send_time: row.send_time, updated_at: row.updated_at }),
        )
        .execute();
    },

    foldersOf(db: Db, positionId: string) {
      return db
        .selectFrom('drop_folders')
        .selectAll()
        .where('position_id', '=', positionId)
        .orderBy('document_type')
        .execute();
    },

    allFolders(db: Db) {
      return db.selectFrom('drop_folders').selectAll().orderBy('id').execute();
    },

    async replaceFolders(db: Db, positionId: string, rows: NewRow<'drop_folders'>[]) {
      await db.deleteFrom('drop_folders').where('position_id', '=', positionId).execute();
      if (rows.length > 0) await db.insertInto('drop_folders').values(rows).execute();
    },

    async insertIntake(db: Db, row: NewRow<'intakes'>) {
      await db.insertInto('intakes').values(row).execute();
    },

    findIntake(db: Db, id: string) {
      return db.selectFrom('intakes').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async updateIntake(db: Db, id: string, patch: RowUpdate<'intakes'>) {
      await db.updateTable('intakes').set(patch).where('id', '=', id).execute();
    },

    /** Batches that wait for a clerk's approval and still have drafts, in these accounts (null: all), oldest first. */
    awaitingApproval(db: Db, accountIds: string[] | null) {
      let q = db
        .selectFrom('intakes as i')
        .innerJoin('batches as b', 'b.id', 'i.id')
        .select(['b.id', 'b.name', 'i.created_at'])
        .select((eb) =>
          eb
            .selectFrom('messages as m')
            .whereRef('m.batch_id', '=', 'b.id')
            .where('m.status', '=', 'draft')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('drafts'),
        )
        .where('i.status', '=', 'awaiting_approval')
        .where('b.status', '=', 'ready')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('messages as m')
              .select('m.id')
              .whereRef('m.batch_id', '=', 'b.id')
              .where('m.status', '=', 'draft'),
          ),
        );
      if (accountIds) q = q.where('b.account_id', 'in', accountIds.length > 0 ? accountIds : ['']);
      return q.orderBy('i.created_at').limit(20).execute();
    },

    /** Takes a new file: true when this call made the row (the file is ours to process). */
    async claimNewFile(db: Db, row: NewRow<'drop_files'>) {
      const made = await db
        .insertInto('drop_files')
        .values(row)
        .onConflict((oc) => oc.columns(['folder', 'name', 'size', 'sha256']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return made !== undefined;
    },

    findFile(db: Db, key: { folder: string; name: string; size: number; sha256: string }) {
      return db
        .selectFrom('drop_files')
        .selectAll()
        .where('folder', '=', key.folder)
        .where('name', '=', key.name)
        .where('size', '=', key.size)
        .where('sha256', '=', key.sha256)
        .executeTakeFirst();
    },

    /** Takes over a file whose worker died (its lease ran out); true when this call got it. */
    async takeOverFile(db: Db, id: string, owner: string, leaseExpiresAt: string, nowIso: string) {
      const r = await db
        .updateTable('drop_files')
        .set((eb) => ({
          lease_owner: owner,
          lease_expires_at: leaseExpiresAt,
          attempts: eb('attempts', '+', 1),
          updated_at: nowIso,
        }))
        .where('id', '=', id)
        .where('status', '=', 'working')
        .where('lease_expires_at', '<', nowIso)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async renewFileLease(db: Db, id: string, owner: string, leaseExpiresAt: string) {
      await db
        .updateTable('drop_files')
        .set({ lease_expires_at: leaseExpiresAt })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'working')
        .execute();
    },

    /** The file's outcome, written only by the worker holding its lease; true when written. */
    async finishFile(
      db: Db,
      id: string,
      owner: string,
      patch: { status: 'processed' | 'rejected'; intake_id: string | null; report: string | null; updated_at: string },
    ) {
      const r = await db
        .updateTable('drop_files')
        .set({ ...patch, lease_owner: null, lease_expires_at: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'working')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async markMoved(db: Db, id: string, nowIso: string) {
      await db.updateTable('drop_files').set({ moved_at: nowIso, updated_at: nowIso }).where('id', '=', id).execute();
    },
  };
}

export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
