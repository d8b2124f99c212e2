import { MaskedDateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useCalendarLabels } from './dates.js';

/**
 * A date and time typed (DD.MM.RRRR GG:MM) or the day picked from the calendar, which keeps the time — the same field
 * as "Zaplanuj" (SendAtField), without its "not in the past" rule. The value is `YYYY-MM-DD HH:mm:ss` ('' while the
 * field is empty or not whole); the caller decides its time zone.
 */
export function DateTimeField(props: {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  maxDate?: string;
}) {
  const { t } = useTranslation('common');
  const ariaLabels = useCalendarLabels();
  return (
    <MaskedDateInput
      label={props.label}
      description={props.description}
      withTime
      fieldsOrder={['day', 'month', 'year']}
      dateSeparator="."
      value={props.value || null}
      onChange={(v) => props.onChange(v ?? '')}
      maxDate={props.maxDate}
      dayInputLabel={t('dates.day')}
      monthInputLabel={t('dates.month')}
      yearInputLabel={t('dates.year')}
      hoursInputLabel={t('dates.hours')}
      minutesInputLabel={t('dates.minutes')}
      dayPlaceholder="DD"
      monthPlaceholder="MM"
      yearPlaceholder="RRRR"
      hoursPlaceholder="GG"
      minutesPlaceholder="MM"
      ariaLabels={ariaLabels}
      error={props.error ?? undefined}
      miw={260}
    />
  );
}
