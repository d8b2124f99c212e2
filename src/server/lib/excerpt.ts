/** How much of a user's value an error message repeats: enough to find it in the file, never the whole of it. */
export const EXCERPT_CHARS = 40;

/**
 * The value's first `max` characters on one line (runs of white space and control characters as one space), with
 * "…" when there was more; never a split surrogate pair.
 */
export function excerpt(value: string, max = EXCERPT_CHARS): string {
  const head = value.slice(0, max * 4).replace(/[\s\u0000-\u001f\u007f]+/g, ' ');
  if (head.length <= max && value.length <= max * 4) return head;
  let cut = head.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
