import { Group, NativeSelect, NumberInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  DOWNLOAD_LINK_DEFAULT_DAYS,
  DOWNLOAD_LINK_MAX_DAYS,
  type DownloadLinkMode,
} from '../../../shared/download-links.js';

/** The batch's own choice (D70); null: as its account says. */
export interface BatchLinks {
  mode: DownloadLinkMode;
  days: number;
}

const INHERIT = 'inherit';
const MODES: DownloadLinkMode[] = ['attachment', 'link', 'both'];

/** The wizard's summary: PDFs as the account sends them, or this batch's own way (attachment, link, both). */
export function BatchDownloadLinks(props: { value: BatchLinks | null; onChange: (v: BatchLinks | null) => void }) {
  const { t } = useTranslation('settings');
  const { value, onChange } = props;
  return (
    <Group align="flex-end" gap="sm">
      <NativeSelect
        label={t('downloadLinks.batchLabel')}
        description={t('downloadLinks.batchHint')}
        data={[
          { value: INHERIT, label: t('downloadLinks.batchInherit') },
          ...MODES.map((m) => ({ value: m, label: t(`downloadLinks.modes.${m}`) })),
        ]}
        value={value?.mode ?? INHERIT}
        onChange={(e) => {
          const next = e.currentTarget.value;
          onChange(
            next === INHERIT
              ? null
              : { mode: next as DownloadLinkMode, days: value?.days ?? DOWNLOAD_LINK_DEFAULT_DAYS },
          );
        }}
      />
      {value && value.mode !== 'attachment' && (
        <NumberInput
          label={t('downloadLinks.days')}
          description={t('downloadLinks.daysHint', { max: DOWNLOAD_LINK_MAX_DAYS })}
          min={1}
          max={DOWNLOAD_LINK_MAX_DAYS}
          allowDecimal={false}
          clampBehavior="strict"
          value={value.days}
          onChange={(v) => onChange({ ...value, days: Number(v) || DOWNLOAD_LINK_DEFAULT_DAYS })}
          w={220}
        />
      )}
    </Group>
  );
}
