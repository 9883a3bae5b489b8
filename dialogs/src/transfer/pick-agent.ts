/**
 * Which agent of a group a transfer rings next (坐席组 转接方式), pure: the group's members in
 * their order, each agent's state and today's call count, the strategy, the time and a random
 * source in; one agent id (or null) out.
 *
 * - IN_ORDER (顺序): the first idle member in order — the first agent takes every call they can.
 * - ROUND_ROBIN (轮询): the first idle member after the one picked last, wrapping around.
 * - RANDOM (随机): any idle member, uniformly.
 * - LONGEST_IDLE (空闲最久): the member idle the longest (ties: order).
 * - FEWEST_CALLS (接听最少): the member with the fewest calls today (ties: longest idle, then order).
 */
import type { AgentState } from './agent-state.js';

export const RING_STRATEGIES = ['IN_ORDER', 'ROUND_ROBIN', 'RANDOM', 'LONGEST_IDLE', 'FEWEST_CALLS'] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export function isRingStrategy(x: string): x is RingStrategy {
  return (RING_STRATEGIES as readonly string[]).includes(x);
}

/** What pickAgent needs of a group. */
export interface PickGroup {
  /** Member agent ids in ring order (坐席组 排序). */
  readonly members: readonly string[];
  /** The agent the group rang last (round robin continues after it); null at first. */
  readonly lastPicked: string | null;
}

/** What pickAgent needs of an agent. */
export type PickAgent = Pick<AgentState, 'agentId' | 'status' | 'registered' | 'idleSinceMs'> & {
  /** Calls taken today (fewest-calls strategy). */
  readonly callsToday: number;
};

/** Options of one pick. */
export interface PickOptions {
  /** Agents already tried for this call (not rung twice by one transfer). */
  readonly exclude?: ReadonlySet<string>;
}

/**
 * The next agent to ring, or null when no member is idle (and reachable, and not excluded).
 * `random()` returns [0, 1) like Math.random; it is called only by RANDOM.
 */
export function pickAgent(group: PickGroup, agents: ReadonlyMap<string, PickAgent>, strategy: RingStrategy, nowMs: number, random: () => number, options: PickOptions = {}): string | null {
  const candidates: { agent: PickAgent; order: number }[] = [];
  group.members.forEach((id, order) => {
    const agent = agents.get(id);
    if (!agent || agent.status !== 'idle' || agent.registered === false || options.exclude?.has(id)) return;
    candidates.push({ agent, order });
  });
  if (candidates.length === 0) return null;
  const idleFor = (a: PickAgent): number => (a.idleSinceMs === null ? Number.POSITIVE_INFINITY : nowMs - a.idleSinceMs);
  switch (strategy) {
    case 'IN_ORDER':
      return candidates[0]!.agent.agentId;
    case 'ROUND_ROBIN': {
      const last = group.lastPicked === null ? -1 : group.members.indexOf(group.lastPicked);
      const after = candidates.find((c) => c.order > last);
      return (after ?? candidates[0]!).agent.agentId;
    }
    case 'RANDOM': {
      const i = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
      return candidates[Math.max(0, i)]!.agent.agentId;
    }
    case 'LONGEST_IDLE':
      return best(candidates, (a, b) => idleFor(b.agent) - idleFor(a.agent));
    case 'FEWEST_CALLS':
      return best(candidates, (a, b) => a.agent.callsToday - b.agent.callsToday || idleFor(b.agent) - idleFor(a.agent));
  }
}

/** The first candidate by `compare`, ties broken by member order (the sort is stable, order ascending). */
function best(candidates: readonly { agent: PickAgent; order: number }[], compare: (a: { agent: PickAgent }, b: { agent: PickAgent }) => number): string {
  const sorted = [...candidates].sort((a, b) => {
    const c = compare(a, b);
    // Infinity - Infinity is NaN: two never-idle agents tie.
    return Number.isNaN(c) || c === 0 ? a.order - b.order : c;
  });
  return sorted[0]!.agent.agentId;
}
