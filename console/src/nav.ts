/**
 * The menu each role sees (PRODUCT.md's users): platform admins run enterprises and approve
 * caller numbers; enterprise admins everything inside their enterprise; leaders the marketing
 * work and every agent's customers; agents their own customers and calls. The same table
 * guards the routes, so a page missing from a role's menu is also closed to it.
 */
import type { Role } from './api/types.js';
import type { MessageKey } from './i18n/index.js';

export interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
  readonly roles: readonly Role[];
  /** Menu group heading. */
  readonly group: MessageKey;
}

const MANAGERS: readonly Role[] = ['ENTERPRISE_ADMIN', 'LEADER'];
const MEMBERS: readonly Role[] = ['ENTERPRISE_ADMIN', 'LEADER', 'AGENT'];
const ADMINS: readonly Role[] = ['ENTERPRISE_ADMIN'];
const PLATFORM: readonly Role[] = ['PLATFORM_ADMIN'];
const EVERYONE: readonly Role[] = [...MEMBERS, ...PLATFORM];

export const NAV: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', roles: MANAGERS, group: 'nav.group.overview' },
  { path: '/agent', label: 'nav.workspace', roles: ['AGENT', 'LEADER'], group: 'nav.group.overview' },
  { path: '/agents', label: 'nav.wallboard', roles: MANAGERS, group: 'nav.group.overview' },
  { path: '/agents/groups', label: 'nav.agentGroups', roles: MANAGERS, group: 'nav.group.settings' },
  { path: '/scripts', label: 'nav.scripts', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/leads', label: 'nav.leads', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/leads/batches', label: 'nav.batches', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/tasks/new', label: 'nav.newTask', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/tasks', label: 'nav.tasks', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/tasks/queue', label: 'nav.callQueue', roles: MANAGERS, group: 'nav.group.robot' },
  { path: '/calls', label: 'nav.calls', roles: MEMBERS, group: 'nav.group.robot' },
  { path: '/customers', label: 'nav.customers', roles: MEMBERS, group: 'nav.group.crm' },
  { path: '/follow-ups', label: 'nav.followUps', roles: MEMBERS, group: 'nav.group.crm' },
  { path: '/customer-types', label: 'nav.customerTypes', roles: ADMINS, group: 'nav.group.crm' },
  { path: '/settings/users', label: 'nav.users', roles: MANAGERS, group: 'nav.group.settings' },
  { path: '/settings/trunks', label: 'nav.trunks', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/caller-ids', label: 'nav.callerIds', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/extensions', label: 'nav.extensions', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/speech', label: 'nav.speech', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/voice-files', label: 'nav.voiceFiles', roles: MANAGERS, group: 'nav.group.settings' },
  { path: '/settings/fields', label: 'nav.fields', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/blacklist', label: 'nav.blacklist', roles: MANAGERS, group: 'nav.group.settings' },
  { path: '/settings/system', label: 'nav.system', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/dialer', label: 'nav.dialerSettings', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/sms-templates', label: 'nav.smsTemplates', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/settings/audit-log', label: 'nav.audit', roles: ADMINS, group: 'nav.group.settings' },
  { path: '/platform/enterprises', label: 'nav.enterprises', roles: PLATFORM, group: 'nav.group.platform' },
  { path: '/platform/caller-ids', label: 'nav.callerIdApproval', roles: PLATFORM, group: 'nav.group.platform' },
  { path: '/platform/sms-templates', label: 'nav.smsApproval', roles: PLATFORM, group: 'nav.group.platform' },
  { path: '/password', label: 'nav.password', roles: EVERYONE, group: 'nav.group.account' },
];

export function menuFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}

/** The first page a role lands on after logging in. */
export function homeFor(role: Role): string {
  return menuFor(role)[0]?.path ?? '/password';
}

/**
 * May `role` open `path`? The longest menu prefix decides (so /scripts/7 follows /scripts);
 * paths outside the menu are closed.
 */
export function allowed(role: Role, path: string): boolean {
  const match = [...NAV].filter((n) => path === n.path || path.startsWith(`${n.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  return match ? match.roles.includes(role) : false;
}
