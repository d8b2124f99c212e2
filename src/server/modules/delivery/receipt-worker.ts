/** Piscina worker: draws one "Potwierdzenie wysyłki" PDF (receipt-pool.ts). Fonts are parsed once per thread. */
import { move } from 'piscina';
import { type ReceiptData, renderReceipt } from './receipt.js';

export default async function receipt(data: ReceiptData) {
  const pdf = await renderReceipt(data);
  // The PDF's memory is handed to the caller, not copied (a buffer that shares Node's small-buffer pool is copied
  // first: that memory is not ours to give away).
  const own =
    pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength
      ? new Uint8Array(pdf.buffer)
      : Uint8Array.from(pdf);
  return move(own);
}
