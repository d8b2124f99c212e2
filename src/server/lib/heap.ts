import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow beyond what its last full collection kept, in percent (D84). Left to itself, V8 picks
 * the factor from the heap's limit: with a limit of 2 GB or more — the default on any machine with 8 GB of memory —
 * it allows up to 4× the live objects. The main thread (about 60 MB live while documents are generated) and each
 * render thread (about 30 MB) then held 2–3 times that in garbage: 530–590 MB RSS at 10 000–20 000 fee notices
 * instead of about 360 MB, and more whenever a burst of allocation moved the limit up. At 1.5× the process
 * collects somewhat more often; measured, no slower (D84).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growing factor for every thread of this process (V8's flags are the process's, read at each full
 * collection, so the threads started before and after all follow it). An operator's own `node
 * --heap-growing-percent=…` is left alone. Returns whether it set the flag.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/**
 * The main thread's semi-space limit (MB), given to node at start-up: `node --max-semi-space-size=4 dist/server/main.js`
 * (npm start, the systemd units, bin/listonosz.js, the benchmark — deploy.test.ts checks they agree). V8 sizes an
 * isolate's young generation once, when the isolate is made, so unlike the growing factor above this cannot be set
 * from inside the process. Left to itself Node 24's V8 lets the main thread's young generation reach 64 MB per
 * semi-space (Node 20's: 16 MB): its heap stood at 200–230 MB for about 70 MB of live objects and `bench:generate`
 * peaked at 587–595 MB on SQLite. At 4 MB the same run (with the rest of D88) peaks at 374 MB on Node 24, for about
 * 6 % more CPU per document than V8's default; 2 MB saved no more memory and cost 21 % (D88). The render threads
 * set theirs through `resourceLimits` (pool.ts).
 */
export const MAIN_SEMI_SPACE_MB = 4;
/** The flag as written on the command lines that start a Listonosz process. */
export const MAIN_THREAD_NODE_FLAG = `--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`;
