import { fileURLToPath } from 'node:url';

/**
 * A worker's entry next to the module that starts it: the built `./<name>.js`, or when running from source (tsx,
 * vitest) `./<name>-source.mjs`, a small entry that loads the TypeScript through tsx's API.
 */
export function workerEntry(moduleUrl: string, built: `./${string}.js`): URL {
  const fromSource = fileURLToPath(moduleUrl).endsWith('.ts');
  return new URL(fromSource ? built.replace(/\.js$/, '-source.mjs') : built, moduleUrl);
}

/** Workers kept for the life of the process, by kind and options (shareWorkers). */
let shared: Map<string, unknown> | undefined;

/**
 * From now on, worker pools (threads, the PDF reading processes) with the same entry and options are started once
 * in this process and outlive whoever closes them. For the test suite only (test/support/setup.ts): its files share
 * one process and each makes its own container, and starting a container's workers (loading their modules through
 * tsx, zxcvbn's dictionaries) cost more CPU than most files' tests (D93). Idle workers do not keep the process
 * alive (Piscina unrefs its threads, the PDF reader its process).
 */
export function shareWorkers(): void {
  shared ??= new Map();
}

/** make() — or, while workers are shared, the one made earlier for this key. `own`: the caller ends it. */
export function sharedWorkers<T>(key: string, make: () => T): { value: T; own: boolean } {
  if (!shared) return { value: make(), own: true };
  let value = shared.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    shared.set(key, value);
  }
  return { value, own: false };
}

/**
 * Bytes a worker thread returns, as memory it can hand over (transfer) rather than copy: the buffer's own memory, or
 * a copy when it is a view into memory shared with others (Node's small-buffer pool is not ours to give away).
 */
export function transferableBytes(bytes: Buffer): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? new Uint8Array(bytes.buffer)
    : Uint8Array.from(bytes);
}

/** Bytes a worker handed over, seen as a Buffer again (no copy). */
export function receivedBytes(out: Uint8Array): Buffer {
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
