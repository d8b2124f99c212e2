import { decodeWords, header, type MimePart, partText } from './mime.js';
import { htmlToText } from './reply-text.js';

/**
 * The message's own text (returned originals left out), plain text preferred over HTML, capped: patterns and
 * reply extraction never see more than `maxChars`.
 */
const RETURNED = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

function isAttachment(part: MimePart): boolean {
  return /^\s*attachment/i.test(header(part, 'content-disposition') ?? '');
}

export function ownText(root: MimePart, maxChars: number): string {
  const out: string[] = [];
  let size = 0;
  const add = (s: string) => {
    if (size >= maxChars) return;
    const piece = s.slice(0, maxChars - size);
    out.push(piece);
    size += piece.length;
  };
  const visit = (part: MimePart) => {
    if (size >= maxChars || RETURNED.has(part.type)) return;
    if (part.type === 'multipart/alternative') {
      const plain = part.children.find((c) => c.type === 'text/plain');
      const chosen = plain ?? part.children.find((c) => c.type === 'text/html') ?? part.children[0];
      if (chosen) visit(chosen);
      return;
    }
    if (part.type.startsWith('multipart/')) {
      for (const child of part.children) visit(child);
      return;
    }
    if (isAttachment(part) && part.depth > 0) return;
    if (part.type === 'text/plain') add(`${partText(part, maxChars)}\n`);
    else if (part.type === 'text/html') add(`${htmlToText(partText(part, maxChars * 2))}\n`);
  };
  visit(root);
  return out.join('');
}

export function decodedHeader(root: MimePart, name: string): string {
  return decodeWords(header(root, name) ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
