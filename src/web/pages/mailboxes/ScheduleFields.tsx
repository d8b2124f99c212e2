import { Checkbox } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_TIME_FORMAT, useDateTimeLabels } from '../../app/dates.js';
import { localDateTimeToIso } from './filters.js';

/** "Send later" state of a queue confirmation: whether to schedule and when (local date-time text). */
export function useSchedule() {
  const [schedule, setSchedule] = useState(false);
  const [sendAt, setSendAt] = useState('');
  return {
    schedule,
    setSchedule,
    sendAt,
    setSendAt,
    /** The time to send at, or null to send now. */
    sendAtIso: () => (schedule ? localDateTimeToIso(sendAt) : null),
    /** Scheduling chosen but no valid time given. */
    missing: schedule && !localDateTimeToIso(sendAt),
    reset() {
      setSchedule(false);
      setSendAt('');
    },
  };
}

export type ScheduleState = ReturnType<typeof useSchedule>;

/** The "schedule" checkbox and, when ticked, the Polish date-time field (with its error when empty). */
export function ScheduleFields({ state, showError }: { state: ScheduleState; showError: boolean }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const dateTimeLabels = useDateTimeLabels();
  return (
    <>
      <Checkbox
        label={t('confirm.schedule')}
        checked={state.schedule}
        onChange={(e) => state.setSchedule(e.currentTarget.checked)}
      />
      {state.schedule && (
        <DateTimePicker
          label={t('confirm.scheduleAt')}
          valueFormat={DATE_TIME_FORMAT}
          placeholder="DD.MM.RRRR GG:MM"
          value={state.sendAt || null}
          onChange={(v) => state.setSendAt(v ?? '')}
          {...dateTimeLabels}
          error={showError ? t('confirm.scheduleMissing') : undefined}
        />
      )}
    </>
  );
}
