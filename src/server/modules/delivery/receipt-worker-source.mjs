// Worker entry when running from source (tsx, vitest): load the TypeScript worker through tsx's API.
// Built installations use dist/server/modules/delivery/receipt-worker.js directly.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./receipt-worker.ts', import.meta.url);
export default mod.default;
