/** Keyboard-only steps for the browser tests (D73): move focus with Tab, check that it can be seen, act with keys. */
import type { Page } from 'playwright-core';

export interface Focused {
  tag: string;
  role: string;
  type: string;
  /** The accessible name, roughly: aria-label, aria-labelledby, the label, the text. */
  name: string;
  /**
   * An outline, a box-shadow or a border in the primary colour is drawn around the focused element (or around what
   * stands for it, for visually hidden inputs).
   */
  visible: boolean;
  /** The focused element's outline, border and shadow as computed (for a failure message). */
  style: string;
}

/** What has the focus now, and whether a focus indicator is drawn. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: '', type: '', name: '', visible: false, style: '' };
    const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const labelledBy = el.getAttribute('aria-labelledby');
    const labels = (el as HTMLInputElement).labels;
    const name =
      el.getAttribute('aria-label') ??
      (labelledBy
        ? labelledBy
            .split(' ')
            .map((id) => text(document.getElementById(id)))
            .join(' ')
        : labels && labels.length > 0
          ? text(labels[0])
          : text(el));
    // Mantine's text fields and selects show focus by a border in the primary colour instead of an outline.
    const probe = document.createElement('div');
    probe.style.color = 'var(--mantine-primary-color-filled)';
    document.body.append(probe);
    const primary = getComputedStyle(probe).color;
    probe.remove();
    const drawn = (e: Element | null) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0;
      const border = s.borderTopStyle !== 'none' && s.borderTopColor === primary;
      return outline || border || (s.boxShadow !== 'none' && s.boxShadow !== '');
    };
    // A visually hidden input (radio, checkbox, segmented control) shows its focus on what stands for it.
    const rect = el.getBoundingClientRect();
    const hidden = rect.width <= 1 || rect.height <= 1 || getComputedStyle(el).opacity === '0';
    const stand = hidden
      ? (el.closest('label') ??
        el.parentElement?.querySelector('[class*="icon"], [class*="Icon"], [class*="label"]') ??
        el.parentElement)
      : null;
    const visible =
      el.matches(':focus-visible') && (drawn(el) || drawn(stand ?? null) || drawn(el.nextElementSibling ?? null));
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') ?? '',
      type: el.getAttribute('type') ?? '',
      name,
      visible,
      style: (() => {
        const c = getComputedStyle(el);
        return `focus-visible=${el.matches(':focus-visible')} outline=${c.outlineStyle} ${c.outlineWidth} border=${c.borderTopStyle} ${c.borderTopColor} primary=${primary} shadow=${c.boxShadow}`;
      })(),
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses, naming the stops seen.
 * Every stop on the way must show its focus.
 */
export async function tabTo(
  page: Page,
  match: (f: Focused) => boolean,
  what: string,
  options: { max?: number; back?: boolean } = {},
): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(
      `${f.tag}${f.role ? `[${f.role}]` : ''} "${f.name.slice(0, 40)}"${f.visible ? '' : ' (NO VISIBLE FOCUS)'}`,
    );
    if (f.tag !== 'body' && !f.visible) {
      throw new Error(
        `no visible focus on ${seen.at(-1)} (${f.style}) while tabbing to ${what}; stops:\n${seen.join('\n')}`,
      );
    }
    if (match(f)) return f;
  }
  throw new Error(`could not reach ${what} with the keyboard; stops:\n${seen.join('\n')}`);
}

/** Tab to the control whose name matches `name` (and `tag` if given). */
export const tabToName = (page: Page, name: RegExp, options: { tag?: string; max?: number; back?: boolean } = {}) =>
  tabTo(page, (f) => name.test(f.name) && (!options.tag || f.tag === options.tag), String(name), options);
