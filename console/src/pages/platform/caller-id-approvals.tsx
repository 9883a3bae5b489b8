/** 外显审核 (platform admin): every enterprise's caller numbers, approved or withdrawn here. */
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { CallerId } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';

export function ApprovalsPage(): JSX.Element {
  return (
    <CrudPage<CallerId>
      title={t('nav.callerIdApproval')} rowLabel={(x) => x.number}
      load={() => get<{ items: CallerId[] }>('/api/platform/caller-ids').then((r) => r.items)}
      columns={[
        { header: () => t('callerIds.number'), cell: (x) => <span class="mono">{x.number}</span> },
        { header: () => t('callerIds.enterprise'), cell: (x) => x.enterpriseId },
        { header: () => t('callerIds.note'), cell: (x) => x.note ?? '' },
        { header: () => t('callerIds.approved'), cell: (x) => (x.approved ? t('callerIds.yes') : t('callerIds.pending')) },
      ]}
      rowActions={(x, reload, report) => (
        <button type="button" onClick={() => api('PATCH', `/api/platform/caller-ids/${x.id}`, { approved: !x.approved }).then(() => { report(t('common.saved')); reload(); }, (e: unknown) => report(null, e))}>
          {x.approved ? t('callerIds.withdraw') : t('callerIds.approve')}
        </button>
      )}
    />
  );
}
