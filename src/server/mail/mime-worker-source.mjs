// Worker entry when running from source (tsx, vitest): load the TypeScript worker through tsx's API.
// Built installations use dist/server/mail/mime-worker.js directly.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./mime-worker.ts', import.meta.url);
export default mod.default;
