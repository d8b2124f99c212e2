/** Formatting helpers for values printed on documents. */

export function formatNip(nip: string): string {
  const d = nip.replace(/\D/g, '');
  return d.length === 10 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}` : nip;
}
