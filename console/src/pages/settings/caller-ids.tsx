/** 外显号码: caller numbers; each is unusable until the platform admin approves it. */
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { CallerId } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';

export function CallerIdsPage(): JSX.Element {
  return (
    <CrudPage<CallerId>
      title={t('nav.callerIds')} rowLabel={(x) => x.number} intro={t('callerIds.intro')}
      load={() => get<{ items: CallerId[] }>('/api/caller-ids').then((r) => r.items)}
      columns={[
        { header: () => t('callerIds.number'), cell: (x) => <span class="mono">{x.number}</span> },
        { header: () => t('callerIds.note'), cell: (x) => x.note ?? '' },
        { header: () => t('callerIds.approved'), cell: (x) => (x.approved ? t('callerIds.yes') : t('callerIds.pending')) },
      ]}
      createPath="/api/caller-ids"
      createSpecs={[{ name: 'number', label: () => t('callerIds.number'), required: true }, { name: 'note', label: () => t('callerIds.note'), omitEmpty: true }]}
      deletePath={(x) => `/api/caller-ids/${x.id}`}
    />
  );
}
