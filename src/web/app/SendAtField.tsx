import { MaskedDateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useCalendarLabels } from './dates.js';
import { warsawToday } from './send-at.js';

/**
 * When to send: a date and time typed (DD.MM.RRRR GG:MM) or the day picked from the calendar, which keeps the time;
 * days before today are not offered. The value is Warsaw wall-clock time `YYYY-MM-DD HH:mm:ss` ('' while not whole).
 */
export function SendAtField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
}) {
  const { t } = useTranslation('common');
  const ariaLabels = useCalendarLabels();
  return (
    <MaskedDateInput
      label={props.label}
      description={t('dates.sendAtHint')}
      withTime
      fieldsOrder={['day', 'month', 'year']}
      dateSeparator="."
      value={props.value || null}
      onChange={(v) => props.onChange(v ?? '')}
      minDate={warsawToday()}
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
