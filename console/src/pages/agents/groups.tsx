/**
 * 坐席组管理: agent groups with their ring strategy (转接方式), ring time per agent, after-call
 * work and members in ring order (one agent number per line; the hint lists the agents).
 */
import { createResource } from 'solid-js';
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import { CrudPage } from '../../components/crud-page.js';
import type { FieldSpec } from '../../components/form-builder.js';
import { t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';

export const STRATEGIES = ['IN_ORDER', 'ROUND_ROBIN', 'RANDOM', 'LONGEST_IDLE', 'FEWEST_CALLS'] as const;

export interface AgentGroup {
  id: number; name: string; strategy: string; ringTimeoutMs: number; afterCallWorkMs: number; enabled: boolean; note: string | null;
  members: { userId: number; name: string; workNo: string; position: number }[];
}

/** "张三 (12), 李四 (13)": the agents a group may take, for the members field's hint. */
export function agentsHint(agents: readonly { userId: number; name: string }[]): string {
  return agents.map((a) => `${a.name} (${a.userId})`).join(', ');
}

export function GroupsPage(): JSX.Element {
  const [agents] = createResource(() => get<{ items: { userId: number; name: string }[] }>('/api/agents').then((r) => r.items).catch(() => []));
  const specs = (create: boolean): FieldSpec[] => [
    { name: 'name', label: () => t('groups.name'), required: create, ...(create ? {} : { omitEmpty: true }) },
    { name: 'strategy', label: () => t('groups.strategy'), kind: 'select', omitEmpty: true, options: () => STRATEGIES.map((s) => ({ value: s, label: t(`groups.strategy.${s}` as MessageKey) })) },
    { name: 'ringTimeoutMs', label: () => t('groups.ringTimeoutMs'), kind: 'number', omitEmpty: true, hint: () => t('groups.msHint') },
    { name: 'afterCallWorkMs', label: () => t('groups.afterCallWorkMs'), kind: 'number', omitEmpty: true, hint: () => t('groups.msHint') },
    { name: 'enabled', label: () => t('common.enabled'), kind: 'checkbox' },
    { name: 'memberIds', label: () => t('groups.members'), kind: 'lines', hint: () => t('groups.membersHint', { agents: agentsHint(agents() ?? []) }) },
  ];
  return (
    <CrudPage<AgentGroup>
      title={t('nav.agentGroups')} rowLabel={(g) => g.name} intro={t('groups.intro')}
      load={() => get<{ items: AgentGroup[] }>('/api/agent-groups').then((r) => r.items)}
      columns={[
        { header: () => t('groups.name'), cell: (g) => g.name },
        { header: () => t('groups.strategy'), cell: (g) => t(`groups.strategy.${g.strategy}` as MessageKey) },
        { header: () => t('groups.ringTimeoutMs'), cell: (g) => `${g.ringTimeoutMs / 1000} s` },
        { header: () => t('groups.afterCallWorkMs'), cell: (g) => `${g.afterCallWorkMs / 1000} s` },
        { header: () => t('groups.members'), cell: (g) => g.members.map((m) => m.name).join(' → ') },
        { header: () => t('common.enabled'), cell: (g) => (g.enabled ? '✓' : '—') },
      ]}
      createPath="/api/agent-groups" createSpecs={specs(true)}
      editPath={(g) => `/api/agent-groups/${g.id}`} editSpecs={specs(false)}
      editValues={(g) => ({ name: g.name, strategy: g.strategy, ringTimeoutMs: g.ringTimeoutMs, afterCallWorkMs: g.afterCallWorkMs, enabled: g.enabled, memberIds: g.members.map((m) => m.userId).join('\n') })}
      deletePath={(g) => `/api/agent-groups/${g.id}`}
    />
  );
}
