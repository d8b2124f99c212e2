import { SegmentedControl } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from './i18n.js';

/** PL | EN: on every screen, signed in or not; keeps <html lang> in step with the language shown. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const current = LANGUAGES.find((l) => l === i18n.resolvedLanguage) ?? 'pl';
  useEffect(() => {
    document.documentElement.lang = current;
  }, [current]);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language')}
      value={current}
      onChange={(v) => void setLanguage(v as (typeof LANGUAGES)[number])}
      data={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
    />
  );
}
