/** Ustawienia's tabs in their order, as they appear in the address (`/ustawienia?zakladka=…`). */
export const SETTINGS_TABS = [
  'konta',
  'skrzynki',
  'stanowiska',
  'uzytkownicy',
  'klucze',
  'webhooki',
  'szablony',
  'zablokowane',
  'rodo',
  'przechowywanie',
  'dziennik',
  'dysk',
] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
