import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * dist/ holds production code only: test tables and fixtures end in `.fixture.ts` (or `.test.ts`), which
 * tsconfig.build.json leaves out. This walks the build's include set as tsc does for these patterns and follows
 * relative imports (and the `'./x.js'` paths worker threads and child processes are started from) out of the
 * entry points: a file the build compiles that no production file reaches is only there for tests.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
  include: string[];
  exclude: string[];
};
/** The server, and the web app: the shared contract (src/shared) is compiled for both, so either may reach a file. */
const ENTRIES = ['src/server/main.ts', 'src/web/main.tsx'];
/** Compiled yet reached only by tests, on purpose: re-exports with the module's overview, no code of its own. */
const BARRELS = ['src/server/documents/printout.ts'];

function walk(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** The include set for excludes of the form `**\/*.suffix` (all the build uses; anything else fails here). */
function includeSet(): string[] {
  const suffixes = build.exclude.map((p) => {
    const m = /^\*\*\/\*(\..+)$/.exec(p);
    if (!m) throw new Error(`tsconfig.build.json: this test does not understand the exclude pattern ${p}`);
    return m[1] as string;
  });
  return build.include
    .flatMap(walk)
    .filter((f) => /\.(m|c)?tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => !suffixes.some((s) => f.endsWith(s)))
    .map((f) => f.split(path.sep).join('/'));
}

function reached(files: Set<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...ENTRIES];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/(['"])(\.{1,2}\/[^'"]+)\1/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[2] as string));
      for (const ts of [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')])
        if (files.has(ts)) todo.push(ts);
    }
  }
  return seen;
}

describe('the build (tsconfig.build.json)', () => {
  const files = includeSet();

  it('compiles the server and shared code, with no test or fixture file', () => {
    expect(files).toContain('src/server/main.ts');
    expect(files).toContain('src/shared/messages.ts');
    expect(files.filter((f) => /\.(test|fixture)\.ts$/.test(f))).toEqual([]);
  });

  it('compiles nothing that only tests import', () => {
    const web = walk('src/web')
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    const prod = reached(new Set([...files, ...web]));
    expect(files.filter((f) => !prod.has(f) && !BARRELS.includes(f))).toEqual([]);
  });
});
