import { DatesProvider } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/pl.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// Typed dates (`05.01.2026`) are read in the display format, not as the browser's `Date` would guess.
dayjs.extend(customParseFormat);

/** How dates are shown in the fields: Polish day-first dates and month names, whatever the browser's language. */
export const DATE_FORMAT = 'DD.MM.YYYY';
export const MONTH_FORMAT = 'MMMM YYYY';

/** Mantine's date fields follow the app's language (Polish by default); weeks start on Monday. */
export function AppDatesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language?.startsWith('en') ? 'en' : 'pl';
  return <DatesProvider settings={{ locale, firstDayOfWeek: 1, weekendDays: [0, 6] }}>{children}</DatesProvider>;
}

/** The calendar's navigation buttons, named in the app's language. */
export function useCalendarLabels() {
  const { t } = useTranslation('common');
  return {
    previousMonth: t('dates.previousMonth'),
    nextMonth: t('dates.nextMonth'),
    previousYear: t('dates.previousYear'),
    nextYear: t('dates.nextYear'),
    previousDecade: t('dates.previousDecade'),
    nextDecade: t('dates.nextDecade'),
    monthLevelControl: t('dates.monthLevel'),
    yearLevelControl: t('dates.yearLevel'),
  };
}

/** A period `YYYY-MM` as the month picker's value (its first day), or null. */
export function periodToDate(period: string): string | null {
  return /^\d{4}-\d{2}$/.test(period) ? `${period}-01` : null;
}

/** The month picker's value (`YYYY-MM-DD`) as a period `YYYY-MM`, or '' when empty. */
export function dateToPeriod(value: string | null): string {
  return value ? value.slice(0, 7) : '';
}

/** A date field's value (`YYYY-MM-DD`, maybe with a time the field adds) as `YYYY-MM-DD`, or '' when empty. */
export function dateOnly(value: string | null): string {
  return value ? value.slice(0, 10) : '';
}

const TYPED_DATE_FORMATS = [DATE_FORMAT, 'D.M.YYYY', 'YYYY-MM-DD'];

/** A typed date (`05.01.2026`, `5.1.2026` or `2026-01-05`) as `YYYY-MM-DD`; null until it is a whole, real date. */
export function parseTypedDate(value: string): string | null {
  const d = dayjs(value.trim(), TYPED_DATE_FORMATS, true);
  return d.isValid() ? d.format('YYYY-MM-DD') : null;
}
