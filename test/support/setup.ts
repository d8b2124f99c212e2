import { shareWorkers } from '../../src/server/lib/workers.js';

// The suite's files share a process (isolate: false, D65); their containers share its worker-thread pools instead
// of each starting its own (D93).
shareWorkers();
