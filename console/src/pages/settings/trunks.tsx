/** 外线: SIP trunks (gateway, register or peer, account, lines, prefixes); passwords never shown, kept when left empty. */
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { Trunk } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';
import type { FieldSpec } from '../../components/form-builder.js';

const specs: FieldSpec[] = [
  { name: 'name', label: () => t('trunks.name'), required: true },
  { name: 'host', label: () => t('trunks.host'), required: true },
  { name: 'port', label: () => t('trunks.port'), kind: 'number', omitEmpty: true },
  { name: 'transport', label: () => t('trunks.transport'), kind: 'select', omitEmpty: true, options: () => [{ value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }] },
  { name: 'mode', label: () => t('trunks.mode'), kind: 'select', omitEmpty: true, options: () => [{ value: 'register', label: t('trunks.register') }, { value: 'peer', label: t('trunks.peer') }] },
  { name: 'username', label: () => t('trunks.username'), omitEmpty: true },
  { name: 'password', label: () => t('login.password'), kind: 'password', omitEmpty: true, hint: () => t('trunks.passwordHint') },
  { name: 'lines', label: () => t('trunks.lines'), kind: 'number', omitEmpty: true },
  { name: 'campaignLines', label: () => t('trunks.campaignLines'), kind: 'number', omitEmpty: true },
  { name: 'stripDigits', label: () => t('trunks.stripDigits'), kind: 'number', omitEmpty: true },
  { name: 'addPrefix', label: () => t('trunks.addPrefix'), omitEmpty: true },
  { name: 'enabled', label: () => t('common.enabled'), kind: 'checkbox' },
];

export function TrunksPage(): JSX.Element {
  return (
    <CrudPage<Trunk>
      title={t('nav.trunks')} rowLabel={(x) => x.name}
      load={() => get<{ items: Trunk[] }>('/api/trunks').then((r) => r.items)}
      columns={[
        { header: () => t('trunks.name'), cell: (x) => x.name },
        { header: () => t('trunks.host'), cell: (x) => `${x.host}:${x.port} (${x.transport})` },
        { header: () => t('trunks.mode'), cell: (x) => (x.mode === 'register' ? t('trunks.register') : t('trunks.peer')) },
        { header: () => t('trunks.lines'), cell: (x) => `${x.campaignLines}/${x.lines}` },
        { header: () => t('common.enabled'), cell: (x) => (x.enabled ? '✓' : '—') },
      ]}
      createPath="/api/trunks" createSpecs={specs} editSpecs={specs}
      editPath={(x) => `/api/trunks/${x.id}`} deletePath={(x) => `/api/trunks/${x.id}`}
      editValues={(x) => ({ name: x.name, host: x.host, port: x.port, transport: x.transport, mode: x.mode, username: x.username ?? '', lines: x.lines, campaignLines: x.campaignLines, stripDigits: x.stripDigits, addPrefix: x.addPrefix, enabled: x.enabled })}
    />
  );
}
