import {
  Anchor,
  CloseButton,
  type CloseButtonProps,
  type CSSVariablesResolver,
  createTheme,
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
 * - links are underlined, so they are not told apart by colour alone (WCAG 1.4.1).
 * Close buttons (dialogs, notifications, a field's "clear" cross) get a name in the app's language; a component
 * that passes its own `aria-label` keeps it.
 */
export function appTheme(closeLabel: string) {
  return createTheme({
    primaryShade: { light: 8, dark: 8 },
    // Filled yellow, orange, lime… get dark text where white would be unreadable.
    autoContrast: true,
    components: {
      Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
      // CloseButton renders a <button> and passes the attribute on; its props type does not list aria-*.
      CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': closeLabel } as Partial<CloseButtonProps> }),
    },
  });
}

export const cssVariablesResolver: CSSVariablesResolver = (theme: MantineTheme) => {
  const base = defaultCssVariablesResolver(theme);
  return {
    ...base,
    light: {
      ...base.light,
      '--mantine-color-dimmed': '#5c636a',
      '--mantine-color-anchor': `var(--mantine-color-${theme.primaryColor}-9)`,
      // Placeholders are hints, not content, but people read them: 4.5:1 too (gray.6 is 3.3:1).
      '--mantine-color-placeholder': '#6c757d',
    },
  };
};
