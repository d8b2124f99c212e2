import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Polish first, English second. Each screen keeps its texts in its own namespace file
 * (`i18n/pl/<screen>.json`, `i18n/en/<screen>.json`); the choice is remembered in the browser.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('../i18n/*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, mod] of Object.entries(files)) {
  const m = /i18n\/(\w+)\/([\w-]+)\.json$/.exec(path);
  if (!m) continue;
  const [, lang, ns] = m as unknown as [string, string, string];
  resources[lang] ??= {};
  resources[lang][ns] = mod.default;
}

export const LANGUAGES = ['pl', 'en'] as const;
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('listonosz.lang') : null;

i18n.use(initReactI18next).init({
  resources,
  lng: stored === 'en' ? 'en' : 'pl',
  fallbackLng: 'pl',
  defaultNS: 'common',
  ns: Object.keys(resources.pl ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(lang: (typeof LANGUAGES)[number]) {
  localStorage.setItem('listonosz.lang', lang);
  document.documentElement.lang = lang;
  return i18n.changeLanguage(lang);
}

export default i18n;
