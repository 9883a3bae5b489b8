/** 分机: SIP accounts for softphones, desk phones and gateways; the secret is shown once. */
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { Extension } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';

const KINDS = ['softphone', 'deskphone', 'gateway'] as const;

export function ExtensionsPage(): JSX.Element {
  return (
    <CrudPage<Extension>
      title={t('nav.extensions')} rowLabel={(x) => x.number}
      load={() => get<{ items: Extension[] }>('/api/extensions').then((r) => r.items)}
      columns={[
        { header: () => t('extensions.number'), cell: (x) => <span class="mono">{x.number}</span> },
        { header: () => t('extensions.kind'), cell: (x) => t(`extKind.${x.kind as (typeof KINDS)[number]}`) },
        { header: () => t('extensions.user'), cell: (x) => (x.user ? `${x.user.name} (${x.user.workNo})` : '') },
        { header: () => t('common.enabled'), cell: (x) => (x.enabled ? '✓' : '—') },
      ]}
      createPath="/api/extensions"
      createSpecs={[
        { name: 'number', label: () => t('extensions.number'), required: true },
        { name: 'kind', label: () => t('extensions.kind'), kind: 'select', omitEmpty: true, options: () => KINDS.map((k) => ({ value: k, label: t(`extKind.${k}`) })) },
        { name: 'password', label: () => t('extensions.secret'), kind: 'password', omitEmpty: true, hint: () => t('users.passwordHint') },
      ]}
      created={(a) => { const p = (a as { password?: string | null }).password; return p ? t('extensions.generated', { password: p }) : null; }}
      editSpecs={[
        { name: 'kind', label: () => t('extensions.kind'), kind: 'select', omitEmpty: true, options: () => KINDS.map((k) => ({ value: k, label: t(`extKind.${k}`) })) },
        { name: 'enabled', label: () => t('common.enabled'), kind: 'checkbox' },
      ]}
      editPath={(x) => `/api/extensions/${x.id}`} editValues={(x) => ({ kind: x.kind, enabled: x.enabled })}
      deletePath={(x) => `/api/extensions/${x.id}`}
      rowActions={(x, reload, report) => (
        <button type="button" onClick={() => {
          if (!confirm(t('extensions.confirmReset', { number: x.number }))) return;
          api<{ password: string }>('POST', `/api/extensions/${x.id}/reset-secret`, {}).then((r) => { report(t('extensions.generated', { password: r.password })); reload(); }, (e: unknown) => report(null, e));
        }}>{t('extensions.reset')}</button>
      )}
    />
  );
}
