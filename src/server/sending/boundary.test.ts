import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction (docs/architecture.md §1): features in modules/ may use the engine's public pieces and
 * the shared mail helpers; the engine (sending/) never imports a feature, and mail/ imports neither side. A
 * feature's types or helpers the engine needs belong in mail/ or lib/, not behind an import into modules/.
 */
const SELF = fileURLToPath(import.meta.url);
const SERVER = resolve(dirname(SELF), '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of a file: static imports and re-exports, side-effect imports, dynamic import(). */
function importPaths(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm)) {
    found.push(m[2] as string);
  }
  return found;
}

/** The imports of the files under `folder` (relative to src/server) that land in one of the `forbidden` folders. */
function crossings(folder: string, forbidden: string[]): string[] {
  // This file is skipped: its own check below spells out imports into modules/ as strings.
  return tsFiles(join(SERVER, folder))
    .filter((file) => file !== SELF)
    .flatMap((file) =>
      importPaths(readFileSync(file, 'utf8'))
        .filter((p) => p.startsWith('.'))
        .map((p) =>
          relative(SERVER, resolve(dirname(file), p))
            .split('\\')
            .join('/'),
        )
        .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
        .map((target) => `${relative(SERVER, file)} → ${target}`),
    );
}

describe('dependency direction', () => {
  it('finds every kind of import (so the checks below can fail)', () => {
    const source = [
      "import { a } from '../modules/x.js';",
      "import type { B } from '../modules/y.js';",
      "export { c } from '../modules/z.js';",
      "import '../modules/side.js';",
      "const d = await import('../modules/lazy.js');",
    ].join('\n');
    expect(importPaths(source)).toEqual([
      '../modules/x.js',
      '../modules/y.js',
      '../modules/z.js',
      '../modules/side.js',
      '../modules/lazy.js',
    ]);
  });

  it('sending/ (code and tests) imports nothing from modules/', () => {
    expect(crossings('sending', ['modules'])).toEqual([]);
  });

  it('feedback/ (the mailbox reader, D47) imports nothing from modules/ either', () => {
    expect(crossings('feedback', ['modules'])).toEqual([]);
  });

  it('mail/ imports nothing from modules/ or sending/', () => {
    expect(crossings('mail', ['modules', 'sending'])).toEqual([]);
  });
});
