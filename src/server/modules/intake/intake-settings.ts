/**
 * A position's intake settings (Ustawienia → Stanowiska): its rule for mail that arrives without a person and its
 * drop folders. Only an administrator changes them. A relative folder stays under the drop root (no "..", D62); an
 * absolute path is the administrator's explicit choice; one folder belongs to one position and type.
 */
import path from 'node:path';
import type { PositionIntake, PositionIntakeInput } from '../../../shared/intake.js';
import { PositionIntakeInput as InputSchema } from '../../../shared/intake.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Access } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import type { IntakeRepository } from './intake.repository.js';
import { DEFAULT_RULE } from './intake.service.js';

export interface IntakeSettingsDeps {
  db: Db;
  repo: IntakeRepository;
  positions: PositionsRepository;
  /** The actor acts for this position (auth/access.ts). */
  worksAt: Access['worksAt'];
  audit: AuditLog;
  clock: Clock;
  dropRoot: string;
}

const RESERVED = new Set(['przetworzone', 'odrzucone']);

/** The absolute folder a configured path names, or a Polish reason why it may not be used. */
export function resolveDropPath(
  root: string,
  configured: string,
): { ok: true; path: string } | { ok: false; why: string } {
  const trimmed = configured.trim();
  if (trimmed.includes('\0')) return { ok: false, why: 'Ścieżka zawiera niedozwolony znak.' };
  const resolved = path.isAbsolute(trimmed) ? path.resolve(trimmed) : path.resolve(root, trimmed);
  if (!path.isAbsolute(trimmed)) {
    const rel = path.relative(root, resolved);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      return {
        ok: false,
        why: `Folder musi leżeć wewnątrz folderu zrzutów (${root}), np. „czynsze/zawiadomienia”. Inne miejsce wskaż pełną ścieżką.`,
      };
    }
  }
  if (RESERVED.has(path.basename(resolved))) {
    return {
      ok: false,
      why: '„przetworzone” i „odrzucone” to podfoldery na pliki po przetworzeniu — wybierz inną nazwę.',
    };
  }
  return { ok: true, path: resolved };
}

export function createIntakeSettings(deps: IntakeSettingsDeps) {
  const { db, repo, positions, audit, clock, dropRoot } = deps;

  async function view(tx: Db, positionId: string): Promise<PositionIntake> {
    const rule = await repo.ruleOf(tx, positionId);
    const folders = await repo.foldersOf(tx, positionId);
    return {
      positionId,
      mode: rule?.mode ?? DEFAULT_RULE.mode,
      sendTime: rule?.send_time ?? DEFAULT_RULE.sendTime,
      dropFolders: folders.map((f) => {
        const r = resolveDropPath(dropRoot, f.path);
        return {
          documentType: f.document_type as PositionIntake['dropFolders'][number]['documentType'],
          path: f.path,
          resolvedPath: r.ok ? r.path : '',
        };
      }),
    };
  }

  async function loadPosition(tx: Db, actor: Actor, id: string) {
    if (!(await positions.findById(tx, id))) throw new NotFoundError('Nie znaleziono stanowiska.');
    if (!(await deps.worksAt(actor, id, tx))) {
      throw new ForbiddenError('To stanowisko nie jest Twoje.');
    }
  }

  return {
    async get(actor: Actor, positionId: string) {
      await loadPosition(db, actor, positionId);
      return view(db, positionId);
    },

    async put(actor: Actor, positionId: string, raw: PositionIntakeInput): Promise<PositionIntake> {
      const input = InputSchema.parse(raw);
      return db.transaction().execute(async (tx) => {
        await loadPosition(tx, actor, positionId);
        const problems: { path: string; message: string }[] = [];
        const seenTypes = new Set<string>();
        const others = (await repo.allFolders(tx)).filter((f) => f.position_id !== positionId);
        const taken = new Set(
          others.flatMap((f) => {
            const r = resolveDropPath(dropRoot, f.path);
            return r.ok ? [r.path] : [];
          }),
        );
        const mine = new Set<string>();
        input.dropFolders.forEach((f, i) => {
          const r = resolveDropPath(dropRoot, f.path);
          if (!r.ok) problems.push({ path: `dropFolders.${i}.path`, message: r.why });
          else if (taken.has(r.path) || mine.has(r.path))
            problems.push({
              path: `dropFolders.${i}.path`,
              message: 'Ten folder jest już przypisany — każdy rodzaj dokumentów ma własny folder.',
            });
          else mine.add(r.path);
          if (seenTypes.has(f.documentType))
            problems.push({ path: `dropFolders.${i}.documentType`, message: 'Ten rodzaj dokumentów ma już folder.' });
          seenTypes.add(f.documentType);
        });
        if (problems.length > 0) throw new ValidationError('Popraw zaznaczone pola.', problems);
        const now = clock.now().toISOString();
        await repo.putRule(tx, {
          position_id: positionId,
          mode: input.mode,
          send_time: input.sendTime,
          updated_at: now,
        });
        await repo.replaceFolders(
          tx,
          positionId,
          input.dropFolders.map((f) => ({
            id: newId(),
            position_id: positionId,
            document_type: f.documentType,
            path: f.path.trim(),
            created_at: now,
          })),
        );
        await audit.record(tx, actor, {
          action: 'position.intake',
          entityType: 'position',
          entityId: positionId,
          details: { mode: input.mode, sendTime: input.sendTime, dropFolders: input.dropFolders },
        });
        return view(tx, positionId);
      });
    },
  };
}

export type IntakeSettings = ReturnType<typeof createIntakeSettings>;
