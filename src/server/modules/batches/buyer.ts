/**
 * A sales document (faktura, nota) goes to the buyer it names, not to everyone linked to its unit (D63). The
 * buyer is matched among the unit's people by name, the words in any order, letter case, punctuation and spacing
 * ignored ("Kowalski Jan" = "jan  KOWALSKI"). Nobody or several people matching, or no buyer known while the unit
 * has several people, makes no message: the document is listed on the batch as a problem for the clerk.
 */
import type { BuyerProblem } from '../../../shared/batches.js';

/** The buyer's name a document names: `buyer.name` of its data, or the `nabywca` field sent with a ready PDF. */
export function buyerNameOf(data: Record<string, unknown>): string | null {
  const buyer = data.buyer;
  if (buyer && typeof buyer === 'object' && typeof (buyer as { name?: unknown }).name === 'string') {
    return (buyer as { name: string }).name;
  }
  return typeof data.nabywca === 'string' && data.nabywca.trim() ? data.nabywca : null;
}

/** A name as compared: lower case, letters and digits only, its words sorted. */
export function nameKey(name: string): string {
  return name
    .normalize('NFC')
    .toLocaleLowerCase('pl')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}

export type BuyerChoice =
  | { ok: true; recipientIds: string[] }
  | { ok: false; problem: Omit<BuyerProblem, 'documentId' | 'title'> };

/** Who of the unit's people a sales document goes to, or why nobody. */
export function chooseBuyer(buyer: string | null, people: { id: string; name: string }[]): BuyerChoice {
  if (buyer === null) {
    if (people.length <= 1) return { ok: true, recipientIds: people.map((p) => p.id) };
    return { ok: false, problem: { reason: 'buyer_unknown', buyer: null, candidates: people.map((p) => p.name) } };
  }
  const wanted = nameKey(buyer);
  const matches = wanted ? people.filter((p) => nameKey(p.name) === wanted) : [];
  if (matches.length === 1) return { ok: true, recipientIds: [matches[0]!.id] };
  return {
    ok: false,
    problem: {
      reason: matches.length === 0 ? 'buyer_not_found' : 'buyer_ambiguous',
      buyer,
      candidates: (matches.length === 0 ? people : matches).map((p) => p.name),
    },
  };
}
