// Builds a benchmark to run against the production build (D84): the server as `npm run build` compiles it
// (tsc -p tsconfig.build.json → dist/; the web app is left out, no benchmark serves it), and the benchmark's own
// files (the named entry and the bench/ and test/ files it imports) compiled to dist-bench/, their imports of
// src/ pointed at dist/. The benchmark then runs under plain node, as `node dist/server/main.js` does in
// production: no tsx in the process, no TypeScript compiled in it, render threads loading the built worker.
//
//   node bench/build.mjs bench/generate.ts   →   node dist-bench/bench/generate.js
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node bench/build.mjs bench/<name>.ts');
  process.exit(2);
}
const tsc = (project) => {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

tsc('tsconfig.build.json');

// TypeScript 7 has no JavaScript API: tsc compiles the entry (and, as it must, the server it imports) into
// dist-bench/; that copy of the server is dropped, only the benchmark's own files are kept, their imports of src/
// pointed at the production build in dist/ (dist/ mirrors src/: '../src/server/x.js' → '../../dist/server/x.js').
const out = path.join(root, 'dist-bench');
rmSync(out, { recursive: true, force: true });
const project = path.join(root, 'tsconfig.bench-build.json');
writeFileSync(
  project,
  JSON.stringify({
    extends: './tsconfig.build.json',
    compilerOptions: { rootDir: '.', outDir: 'dist-bench', sourceMap: false },
    include: [entry, 'src/server/**/*.d.ts'],
    exclude: [],
  }),
);
try {
  tsc(project);
} finally {
  rmSync(project, { force: true });
}
rmSync(path.join(out, 'src'), { recursive: true, force: true });
const own = [];
for (const file of readdirSync(out, { recursive: true, withFileTypes: false })) {
  const full = path.join(out, file);
  if (!full.endsWith('.js')) continue;
  writeFileSync(full, readFileSync(full, 'utf8').replace(/(['"])((?:\.\.\/)+)src\//g, '$1$2../dist/'));
  own.push(file);
}
console.log(`built: dist/ (the server) and dist-bench/ (${own.join(', ')})`);
