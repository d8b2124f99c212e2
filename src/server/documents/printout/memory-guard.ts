/**
 * A budget for the memory a PDF reader allocates outside the JavaScript heap. Decoded streams live in typed
 * arrays, which V8's heap limit (--max-old-space-size) does not count: a few kilobytes of twice-deflated
 * zeros make pdf.js allocate gigabytes. Installed once in a PDF-reading process (never in the server), before
 * pdf.js and pdf-lib are loaded: the typed-array constructors they look up become checked ones. ArrayBuffers are
 * counted for the whole process (garbage not yet collected included), from what it held when armed.
 */

/** Allocations are summed and the real usage is looked up once per this many bytes (cheap for small ones). */
const CHECK_EVERY = 1 << 20;

export interface MemoryGuard {
  /** Starts counting from what the process holds now (the file itself); `limitBytes` more may be allocated. */
  arm(limitBytes: number): void;
  disarm(): void;
  /** Whether an allocation was refused since `arm` (pdf.js swallows the error, so the caller asks). */
  readonly tripped: boolean;
}

export class MemoryLimitError extends RangeError {
  constructor() {
    super('PDF memory budget exceeded');
    this.name = 'MemoryLimitError';
  }
}

const CONSTRUCTORS = [
  'ArrayBuffer',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
] as const;

/** Bytes a constructor call allocates: a length, or a copy of an array; a view on an existing buffer is free. */
function allocatedBytes(first: unknown, bytesPerElement: number): number {
  if (typeof first === 'number') return first * bytesPerElement;
  if (first instanceof ArrayBuffer || first instanceof SharedArrayBuffer) return 0;
  const length = (first as { length?: unknown } | null | undefined)?.length;
  return typeof length === 'number' ? length * bytesPerElement : 0;
}

/** One guard per process, even when this module is loaded twice (tsx gives each tsImport its own copy). */
const INSTALLED = Symbol.for('listonosz.pdfMemoryGuard');

export function installMemoryGuard(): MemoryGuard {
  const scope = globalThis as unknown as Record<string | symbol, unknown>;
  const existing = scope[INSTALLED] as MemoryGuard | undefined;
  if (existing) return existing;
  let armed = false;
  let limit = 0;
  let baseline = 0;
  let sinceCheck = 0;
  let tripped = false;

  const claim = (bytes: number) => {
    if (!armed || bytes <= 0) return;
    sinceCheck += bytes;
    if (sinceCheck < CHECK_EVERY && bytes < CHECK_EVERY) return;
    sinceCheck = 0;
    // Once over, always over: pdf.js swallows the error and would go on to the next stream.
    if (tripped || process.memoryUsage().arrayBuffers - baseline + bytes > limit) {
      tripped = true;
      throw new MemoryLimitError();
    }
  };

  for (const name of CONSTRUCTORS) {
    const Native = scope[name] as new (a?: unknown, b?: unknown, c?: unknown) => object;
    const size = (Native as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    // A subclass rather than a Proxy (whose every `new` is a slow call into the runtime): statics and `species`
    // are inherited, and `instanceof` answers for arrays made natively too (a Buffer is a Uint8Array).
    const Checked = class extends Native {
      constructor(a?: unknown, b?: unknown, c?: unknown) {
        claim(allocatedBytes(a, size));
        super(a, b, c);
      }
      static override [Symbol.hasInstance](value: unknown) {
        return value instanceof Native;
      }
    };
    Object.defineProperty(Checked, 'name', { value: name });
    scope[name] = Checked;
  }

  const guard: MemoryGuard = {
    arm(limitBytes) {
      armed = true;
      limit = limitBytes;
      baseline = process.memoryUsage().arrayBuffers;
      sinceCheck = 0;
      tripped = false;
    },
    disarm() {
      armed = false;
    },
    get tripped() {
      return tripped;
    },
  };
  scope[INSTALLED] = guard;
  return guard;
}
