/** Piscina worker: draws one "Potwierdzenie wysyłki" PDF (receipt-pool.ts, D96). */
import { move } from 'piscina';
import { transferableBytes } from '../../lib/workers.js';
import { type ReceiptData, renderReceipt } from './receipt.js';

export default async function receipt(data: ReceiptData) {
  const pdf = await renderReceipt(data);
  // The PDF's memory is handed to the caller, not copied.
  return move(transferableBytes(pdf));
}
