import { lazyThreadPool } from '../../lib/thread-pool.js';
import { receivedBytes, workerEntry } from '../../lib/workers.js';
import type { ReceiptData } from './receipt.js';

/** Draws "Potwierdzenie wysyłki" PDFs away from the thread that answers HTTP requests. */
export interface ReceiptRenderer {
  render(data: ReceiptData): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * A receipt is a hundred milliseconds and more of pdfkit work, all of it synchronous (D96): drawn on the
 * main thread of `serve`, every other request waited for it. One thread of its own draws them; it starts at the
 * first receipt and ends after a minute without one, so an office that never asks for receipts never pays for it.
 * Any `threads` above 0 means that one thread; 0 (RENDER_THREADS=0) draws on the calling thread, pdfkit loaded on
 * the first receipt (D94).
 */
export function createReceiptRenderer(threads = 1): ReceiptRenderer {
  if (threads <= 0) {
    let renderer: Promise<typeof import('./receipt.js')> | undefined;
    return {
      async render(data) {
        renderer ??= import('./receipt.js');
        return (await renderer).renderReceipt(data);
      },
      close: async () => {},
    };
  }
  const pool = lazyThreadPool(workerEntry(import.meta.url, './receipt-worker.js'), {
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  return {
    async render(data) {
      const out: Uint8Array = await pool.get().run(data);
      return receivedBytes(out);
    },
    close: () => pool.close(),
  };
}
