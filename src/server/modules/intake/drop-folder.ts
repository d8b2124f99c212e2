/**
 * Drop folders (issue 13, point 4; D62). The worker looks into each configured folder every few seconds; a file is
 * taken once its size and modification time stayed the same across two looks (a file renamed in is complete at the
 * first). Each file is claimed by a database row keyed by (folder, name, size, SHA-256) with a lease, so it is
 * processed once across restarts and several workers; it goes through the same intake as `POST /api/intake`, and
 * only after the row records the outcome is it moved to `przetworzone/` or, with a Polish report, to `odrzucone/`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DocumentTypeName, Period } from '../../../shared/documents.js';
import { IntakeMode } from '../../../shared/intake.js';
import { z } from '../../../shared/zod.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { formatOfficeDateTime } from '../../lib/dates.js';
import { DomainError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { systemActor } from '../auth/auth.js';
import { type Rejection, reportText } from './drop-report.js';
import type { IntakeRepository } from './intake.repository.js';
import type { IntakeService } from './intake.service.js';
import { resolveDropPath } from './intake-settings.js';

export const PROCESSED_DIR = 'przetworzone';
/** Files of one look processed side by side. */
const CONCURRENT_FILES = 4;
export const REJECTED_DIR = 'odrzucone';

const Sidecar = z.strictObject({
  period: Period.optional(),
  type: z.string().optional(),
  sendMode: IntakeMode.optional(),
});

/** Names the watcher never takes: hidden files, files still being written, and reports. */
export function ignoredName(name: string): boolean {
  return name.startsWith('.') || /\.(tmp|part)$/i.test(name) || name.startsWith('~$');
}

export interface DropWatcherDeps {
  db: Db;
  repo: IntakeRepository;
  intake: IntakeService;
  clock: Clock;
  root: string;
  pollMs: number;
  leaseMs: number;
  workerId: string;
  importLimitBytes: number;
  onError?: (err: unknown) => void;
}

/** Size and modification time of a file and its sidecar (null when it is gone). */
async function lookAt(file: string, sidecar: string | null): Promise<string | null> {
  try {
    const st = await fs.stat(file);
    const side = sidecar ? await fs.stat(sidecar) : null;
    return `${st.size}:${st.mtimeMs}:${side ? `${side.size}:${side.mtimeMs}` : ''}`;
  } catch {
    return null;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A free name in `dir` for `name` (a suffix before the extension when taken). */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? name : `${base}-${i}${ext}`;
    try {
      await fs.access(path.join(dir, candidate));
    } catch {
      return candidate;
    }
  }
}

export function createDropWatcher(deps: DropWatcherDeps) {
  const { db, repo, intake, clock } = deps;
  /** What each file looked like at the previous look: size and mtime. */
  const seen = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let current: Promise<void> = Promise.resolve();

  const leaseUntil = () => new Date(clock.now().getTime() + deps.leaseMs).toISOString();

  /** Moves the file (and its sidecar) out after its row is final; a report goes beside a rejected one. */
  async function moveOut(folder: string, name: string, sidecar: string | null, rejected: string | null, id: string) {
    const dir = path.join(folder, rejected !== null ? REJECTED_DIR : PROCESSED_DIR);
    await fs.mkdir(dir, { recursive: true });
    const target = await freeName(dir, name);
    if (rejected !== null) await fs.writeFile(path.join(dir, `${target}.txt`), rejected, 'utf8');
    try {
      await fs.rename(path.join(folder, name), path.join(dir, target));
    } catch (e) {
      // Another worker moved it first.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (sidecar) await fs.rename(path.join(folder, sidecar), path.join(dir, `${target}.json`)).catch(() => undefined);
    await repo.markMoved(db, id, clock.now().toISOString());
  }

  /** Reads the sidecar and works out type, period and mode; a problem is a rejection. */
  async function optionsOf(folder: string, name: string, sidecar: string | null, defaultType: string) {
    let side: z.infer<typeof Sidecar> = {};
    if (sidecar) {
      let json: unknown;
      try {
        json = JSON.parse((await fs.readFile(path.join(folder, sidecar), 'utf8')).replace(/^\uFEFF/, ''));
      } catch {
        throw rejection(`Plik opisu „${sidecar}” nie jest poprawnym JSON-em.`, 'sidecar');
      }
      const parsed = Sidecar.safeParse(json);
      if (!parsed.success) {
        throw rejection(
          `Plik opisu „${sidecar}” ma nieprawidłowe pola: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(opis)'} — ${i.message}`).join('; ')}.`,
          'sidecar',
        );
      }
      side = parsed.data;
    }
    const type = side.type ?? defaultType;
    if (!DocumentTypeName.safeParse(type).success) {
      throw rejection(`Nieznany rodzaj dokumentów „${type}” w pliku opisu „${sidecar}”.`, 'type');
    }
    const period = side.period ?? name.match(/(?<!\d)(\d{4}-(0[1-9]|1[0-2]))(?!\d)/)?.[1];
    return { type: type as DocumentTypeName, period, sendMode: side.sendMode };
  }

  async function handle(
    folderRow: { position_id: string; document_type: string },
    folder: string,
    name: string,
    sidecar: string | null,
  ) {
    const file = path.join(folder, name);
    const stat = await fs.stat(file);
    const key = { folder, name, size: stat.size, sha256: await sha256Of(file) };
    let row = await repo.findFile(db, key);
    const now = clock.now().toISOString();
    if (!row) {
      const made = await repo.claimNewFile(db, {
        id: newId(),
        ...key,
        position_id: folderRow.position_id,
        document_type: folderRow.document_type,
        status: 'working',
        intake_id: newId(),
        report: null,
        lease_owner: deps.workerId,
        lease_expires_at: leaseUntil(),
        attempts: 1,
        moved_at: null,
        created_at: now,
        updated_at: now,
      });
      if (!made) return;
      row = (await repo.findFile(db, key))!;
    } else if (row.status !== 'working') {
      if (!row.moved_at) return moveOut(folder, name, sidecar, row.status === 'rejected' ? row.report : null, row.id);
      // The same bytes under the same name were already taken: they are not sent a second time.
      const report = reportText(name, clock.now().toISOString(), {
        message: `Ten plik był już przetworzony ${formatOfficeDateTime(row.created_at)} — nie wysłano go drugi raz.`,
        hint: 'Jeśli to nowe dokumenty, zmień nazwę pliku albo jego treść; jeśli to pomyłka, nic nie trzeba robić.',
      });
      return moveOut(folder, name, sidecar, report, row.id);
    } else if (!(await repo.takeOverFile(db, row.id, deps.workerId, leaseUntil(), now))) {
      return; // another worker holds it
    }
    const renew = setInterval(
      () => repo.renewFileLease(db, row.id, deps.workerId, leaseUntil()).catch((e) => deps.onError?.(e)),
      Math.max(50, Math.floor(deps.leaseMs / 3)),
    );
    let report: string | null = null;
    try {
      report = await run(row.intake_id as string, folder, name, sidecar, folderRow, stat.size);
    } finally {
      clearInterval(renew);
    }
    const ok = await repo.finishFile(db, row.id, deps.workerId, {
      status: report === null ? 'processed' : 'rejected',
      intake_id: row.intake_id,
      report,
      updated_at: clock.now().toISOString(),
    });
    if (ok) await moveOut(folder, name, sidecar, report, row.id);
  }

  /** The intake of one claimed file; a Polish report when it was rejected, null when it became a batch. */
  async function run(
    intakeId: string,
    folder: string,
    name: string,
    sidecar: string | null,
    folderRow: { position_id: string; document_type: string },
    size: number,
  ): Promise<string | null> {
    const at = clock.now().toISOString();
    const actor = systemActor(`folder zrzutów ${path.basename(path.dirname(folder))}/${path.basename(folder)}`);
    try {
      if (size > deps.importLimitBytes) throw rejection('Plik jest za duży do przyjęcia.', 'size');
      const data = await fs.readFile(path.join(folder, name));
      if (!(await repo.findIntake(db, intakeId))) {
        const o = await optionsOf(folder, name, sidecar, folderRow.document_type);
        await intake.accept(
          actor,
          { ...o, positionId: folderRow.position_id, file: { filename: name, data }, source: 'drop' },
          { id: intakeId },
        );
      }
      const status = await intake.process(actor, intakeId, { filename: name, data });
      if (status !== 'failed') return null;
      const failed = (await repo.findIntake(db, intakeId))!;
      return reportText(name, at, { message: failed.error ?? '', rows: JSON.parse(failed.error_rows), intakeId });
    } catch (e) {
      if (e instanceof RejectedFile) return reportText(name, at, e.rejection);
      if (e instanceof DomainError) return reportText(name, at, { message: e.message, rows: rowsOf(e) });
      throw e;
    }
  }

  /** One look at every folder. */
  async function scan() {
    const ready: (() => Promise<void>)[] = [];
    for (const f of await repo.allFolders(db)) {
      const r = resolveDropPath(deps.root, f.path);
      if (!r.ok) continue;
      let entries: import('node:fs').Dirent[];
      try {
        await fs.mkdir(r.path, { recursive: true });
        entries = await fs.readdir(r.path, { withFileTypes: true });
      } catch (e) {
        deps.onError?.(e);
        continue;
      }
      const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
      for (const name of [...names].sort()) {
        if (ignoredName(name)) continue;
        // A sidecar goes with its file (name.pdf + name.pdf.json), never on its own.
        if (name.toLowerCase().endsWith('.json') && names.has(name.slice(0, -5))) continue;
        const sidecar = names.has(`${name}.json`) ? `${name}.json` : null;
        const full = path.join(r.path, name);
        const look = await lookAt(full, sidecar ? path.join(r.path, sidecar) : null);
        if (look === null) continue;
        if (seen.get(full) !== look) {
          seen.set(full, look);
          continue;
        }
        seen.delete(full);
        ready.push(() =>
          handle(f, r.path, name, sidecar).catch((e) => {
            // Taken and moved by another worker meanwhile.
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') deps.onError?.(e);
          }),
        );
      }
    }
    // A few files at a time: each waits on PDF rendering and the database more than on this thread.
    const next = async () => {
      for (let job = ready.shift(); job && !stopping; job = ready.shift()) await job();
    };
    await Promise.all(Array.from({ length: CONCURRENT_FILES }, next));
  }

  function schedule() {
    if (stopping) return;
    timer = setTimeout(() => {
      current = scan()
        .catch((e) => deps.onError?.(e))
        .finally(schedule);
    }, deps.pollMs);
  }

  return {
    start() {
      stopping = false;
      schedule();
    },
    /** One look now (tests). */
    scan,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

class RejectedFile extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

const HINTS: Record<string, string> = {
  sidecar:
    'Popraw plik opisu (JSON z polami "period", "type", "sendMode") i wrzuć oba pliki ponownie — najpierw opis, potem dokument.',
  type: 'Wpisz w pliku opisu jeden z rodzajów: fee_notice, sales_document, water_settlement, annual_settlement, general_letter, ledger_card.',
  size: 'Podziel plik na mniejsze części albo poproś administratora o zwiększenie limitu (IMPORT_LIMIT_MB).',
};

function rejection(message: string, kind: keyof typeof HINTS): RejectedFile {
  return new RejectedFile({ message, hint: HINTS[kind] });
}

function rowsOf(e: DomainError) {
  if ('rows' in e && Array.isArray(e.rows)) return e.rows as Rejection['rows'];
  if ('fields' in e && Array.isArray(e.fields)) {
    return (e.fields as { path: string; message: string }[]).map((f, i) => ({ line: i + 1, ...f }));
  }
  return [];
}
