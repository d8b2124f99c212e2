import {
  Anchor,
  CloseButton,
  type CloseButtonProps,
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultCssVariablesResolver,
  type MantineTheme,
} from '@mantine/core';

/**
 * The app's Mantine theme, set for WCAG 2.1 AA (D73: public bodies are bound by the Polish digital accessibility
 * act). Mantine's defaults fall short of the 4.5:1 contrast for normal text in three places, fixed here once rather
 * than screen by screen:
 * - "dimmed" text (gray.6, #868e96: 3.3:1 on white) → #5c636a (6.1:1 on white, 4.9:1 on a selected row's blue.1);
 * - the primary blue's shade 6 (#228be6: 3.6:1 as text, and as white text on a filled button) → shade 8
 *   (#1971c2: 5.0:1); links take shade 9 (#1864ab) so they stay readable on a highlighted row;
 * - coloured text and the "light" variant (badges, alerts: shade 9 on shade 1, e.g. yellow 2.7:1) → shade 9 darkened
 *   by 30% (≥ 5:1 on white and on the light background for every colour); error text red.9;
 * - filled buttons and badges choose white or black text by the colour's luminance at the point where both give
 *   4.5:1 (0.179; Mantine's default 0.3 leaves white on green.8 at 3.3:1);
 * - links are underlined, so they are not told apart by colour alone (WCAG 1.4.1).
 * Close buttons (dialogs, notifications, a field's "clear" cross) get a name in the app's language; a component
 * that passes its own `aria-label` keeps it.
 */
export function appTheme(closeLabel: string) {
  return createTheme({
    primaryShade: { light: 8, dark: 8 },
    // Filled yellow, orange, lime… get dark text where white would be unreadable.
    autoContrast: true,
    luminanceThreshold: 0.179,
    components: {
      Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
      // CloseButton renders a <button> and passes the attribute on; its props type does not list aria-*.
      CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': closeLabel } as Partial<CloseButtonProps> }),
    },
  });
}

export const cssVariablesResolver: CSSVariablesResolver = (theme: MantineTheme) => {
  const base = defaultCssVariablesResolver(theme);
  const readable: Record<string, string> = {};
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === 'dark' || name === 'gray') continue;
    const color = darken(shades[9], 0.3);
    readable[`--mantine-color-${name}-text`] = color;
    readable[`--mantine-color-${name}-light-color`] = color;
  }
  return {
    ...base,
    light: {
      ...base.light,
      ...readable,
      '--mantine-color-error': 'var(--mantine-color-red-9)',
      '--mantine-color-dimmed': '#5c636a',
      '--mantine-color-anchor': `var(--mantine-color-${theme.primaryColor}-9)`,
      // Placeholders are hints, not content, but people read them: 4.5:1 too (gray.6 is 3.3:1).
      '--mantine-color-placeholder': '#6c757d',
    },
  };
};
