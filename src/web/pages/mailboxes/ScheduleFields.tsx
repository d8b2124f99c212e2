import { Checkbox } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SendAtField } from '../../app/SendAtField.js';
import { defaultSendAt, sendAtProblem, warsawToIso } from '../../app/send-at.js';

/** "Send later" state of a queue confirmation: whether to schedule and when (Warsaw date-time text). */
export function useSchedule() {
  const [schedule, setScheduleState] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const problem = schedule ? sendAtProblem(sendAt) : null;
  return {
    schedule,
    /** Ticking "send later" suggests a time (an hour from now, on the full hour) that the clerk can change. */
    setSchedule(on: boolean) {
      setScheduleState(on);
      if (on && !sendAt) setSendAt(defaultSendAt());
    },
    sendAt,
    setSendAt,
    /** The time to send at, or null to send now. */
    sendAtIso: () => (schedule ? warsawToIso(sendAt) : null),
    /** Scheduling chosen but no valid future time given. */
    missing: problem !== null,
    problem,
    reset() {
      setScheduleState(false);
      setSendAt('');
    },
  };
}

export type ScheduleState = ReturnType<typeof useSchedule>;

/** The "schedule" checkbox and, when ticked, the typed date and time (with its error when missing or past). */
export function ScheduleFields({ state, showError }: { state: ScheduleState; showError: boolean }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const error =
    showError && state.problem
      ? t(state.problem === 'past' ? 'confirm.schedulePast' : 'confirm.scheduleMissing')
      : undefined;
  return (
    <>
      <Checkbox
        label={t('confirm.schedule')}
        checked={state.schedule}
        onChange={(e) => state.setSchedule(e.currentTarget.checked)}
      />
      {state.schedule && (
        <SendAtField label={t('confirm.scheduleAt')} value={state.sendAt} onChange={state.setSendAt} error={error} />
      )}
    </>
  );
}
