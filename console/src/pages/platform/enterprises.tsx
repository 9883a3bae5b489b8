/** 企业管理 (platform admin): enterprises with balance and users; create one with its admin, disable or enable. */
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { Enterprise } from '../../api/types.js';
import { formatNumber, t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';

export function EnterprisesPage(): JSX.Element {
  return (
    <CrudPage<Enterprise>
      title={t('nav.enterprises')} rowLabel={(x) => x.name}
      load={() => get<{ items: Enterprise[] }>('/api/platform/enterprises').then((r) => r.items)}
      columns={[
        { header: () => t('enterprises.name'), cell: (x) => x.name },
        { header: () => t('enterprises.account'), cell: (x) => <span class="mono">{x.account}</span> },
        { header: () => t('enterprises.kind'), cell: (x) => (x.kind === 'reseller' ? t('enterprises.reseller') : t('enterprises.merchant')) },
        { header: () => t('enterprises.balance'), cell: (x) => `¥${formatNumber(x.balanceFen / 100)}` },
        { header: () => t('enterprises.users'), cell: (x) => x.users },
        { header: () => t('users.state'), cell: (x) => (x.disabled ? t('users.disabled') : t('users.active')) },
      ]}
      createPath="/api/platform/enterprises"
      createSpecs={[
        { name: 'name', label: () => t('enterprises.name'), required: true },
        { name: 'account', label: () => t('enterprises.account'), required: true },
        { name: 'kind', label: () => t('enterprises.kind'), kind: 'select', omitEmpty: true, options: () => [{ value: 'merchant', label: t('enterprises.merchant') }, { value: 'reseller', label: t('enterprises.reseller') }] },
        { name: 'adminName', label: () => t('enterprises.adminName'), omitEmpty: true },
      ]}
      created={(a) => { const p = (a as { password?: string | null; adminPassword?: string | null }); const pw = p.password ?? p.adminPassword; return pw ? t('users.generated', { password: pw }) : null; }}
      rowActions={(x, reload, report) => (
        <button type="button" onClick={() => api('PATCH', `/api/platform/enterprises/${x.id}`, { disabled: !x.disabled }).then(() => { report(t('common.saved')); reload(); }, (e: unknown) => report(null, e))}>
          {x.disabled ? t('enterprises.enable') : t('enterprises.disable')}
        </button>
      )}
    />
  );
}
