// Entry of the process running the PDF-reading processes, from source (tsx, vitest): the TypeScript module.
// Built installations start dist/server/documents/read-supervisor.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./read-supervisor.ts', import.meta.url);
