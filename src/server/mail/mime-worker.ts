/** Piscina worker: builds one message's frozen MIME and its SHA-256 (mime-pool.ts, D85). */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { sha256Hex } from '../lib/crypto.js';
import { receivedBytes, transferableBytes } from '../lib/workers.js';
import { type FreezeInput, freezeMime } from './mime.js';

/*
 * No stack traces on this thread: every stream.pipeline nodemailer runs (about six per message) ends by aborting an
 * AbortController, and the DOMException that makes captured a stack trace each time — about a tenth of the
 * thread's CPU (D85). An error thrown here still reaches the caller with its class and message.
 */
Error.stackTraceLimit = 0;

export default async function freeze(input: FreezeInput) {
  // Buffers arrive as plain Uint8Arrays (structured clone): the same bytes, seen as Buffers again.
  const raw = await freezeMime({
    ...input,
    attachments: input.attachments.map((a) => ({
      ...a,
      content: receivedBytes(a.content),
    })),
  });
  const sha256 = sha256Hex(raw);
  // The bytes' memory is handed to the caller, not copied.
  const own = transferableBytes(raw);
  return move({ [transferableSymbol]: own.buffer, [valueSymbol]: { raw: own, sha256 } });
}
