/**
 * Imported first by the entry points (main.ts, the benchmarks), before anything else loads: V8 applies the growing
 * factor when a full collection ends, so set later it would leave one limit computed without it — the main thread's
 * heap then grew to about 150 MB of mostly garbage before its first full collection after start-up (D84).
 */
import { boundHeapGrowth } from './heap.js';

boundHeapGrowth();
