/** 用户: leaders, agents and admins; enterprise admins add, edit, disable and reset passwords (shown once). */
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { principal } from '../../session.js';
import { CrudPage } from '../../components/crud-page.js';
import type { FieldSpec } from '../../components/form-builder.js';

const ROLES = ['ENTERPRISE_ADMIN', 'LEADER', 'AGENT'] as const;

export function UsersPage(): JSX.Element {
  const admin = (): boolean => principal()?.role === 'ENTERPRISE_ADMIN';
  const common: FieldSpec[] = [
    { name: 'role', label: () => t('users.role'), kind: 'select', required: true, options: () => ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })) },
    { name: 'name', label: () => t('users.name'), required: true },
    { name: 'mobile', label: () => t('users.mobile') },
    { name: 'callerNumber', label: () => t('users.callerNumber'), hint: () => t('users.callerNumberHint') },
  ];
  return (
    <CrudPage<User>
      title={t('nav.users')} rowLabel={(u) => `${u.name} (${u.workNo})`}
      load={() => get<{ items: User[] }>('/api/users').then((r) => r.items)}
      columns={[
        { header: () => t('users.workNo'), cell: (u) => u.workNo },
        { header: () => t('users.name'), cell: (u) => u.name },
        { header: () => t('users.role'), cell: (u) => t(`role.${u.role}`) },
        { header: () => t('users.extension'), cell: (u) => u.extension?.number ?? '' },
        { header: () => t('users.state'), cell: (u) => (u.disabled ? t('users.disabled') : u.lockedUntil ? t('users.locked') : t('users.active')) },
        { header: () => t('users.lastLogin'), cell: (u) => formatDateTime(u.lastLoginAt) },
      ]}
      {...(admin() ? {
        createPath: '/api/users',
        createSpecs: [{ name: 'workNo', label: () => t('users.workNo'), required: true, hint: () => t('users.workNoHint') }, ...common, { name: 'password', label: () => t('login.password'), kind: 'password', omitEmpty: true, hint: () => t('users.passwordHint') }],
        editSpecs: [...common, { name: 'disabled', label: () => t('users.disabled'), kind: 'checkbox' }],
        editPath: (u: User) => `/api/users/${u.id}`,
        editValues: (u: User) => ({ role: u.role, name: u.name, mobile: u.mobile ?? '', callerNumber: u.callerNumber ?? '', disabled: u.disabled }),
        created: (a: unknown) => { const p = (a as { password?: string | null }).password; return p ? t('users.generated', { password: p }) : null; },
        rowActions: (u: User, reload: () => void, report: (m: string | null, e?: unknown) => void) => (
          <button type="button" onClick={() => {
            if (!confirm(t('users.confirmReset', { name: u.name }))) return;
            api<{ password: string }>('POST', `/api/users/${u.id}/reset-password`, {}).then((r) => { report(t('users.generated', { password: r.password })); reload(); }, (e: unknown) => report(null, e));
          }}>{t('users.reset')}</button>
        ),
      } : {})}
    />
  );
}
