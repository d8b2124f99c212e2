// Entry of the PDF-reading process when running from source (tsx, vitest): the TypeScript entry, through tsx.
// Built installations start dist/server/documents/read-process.js directly.
import { register, tsImport } from 'tsx/esm/api';

// The memory guard first, so that it sees pdf.js and pdf-lib load. Then those two are loaded natively (through
// tsx they load several times slower) before tsx is registered, so the TypeScript modules find them loaded.
const { installMemoryGuard } = await tsImport('./printout/memory-guard.ts', import.meta.url);
installMemoryGuard();
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdf-lib');
register();
await import('./read-process.ts');
