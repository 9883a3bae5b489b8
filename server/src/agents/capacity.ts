/**
 * 发送比例 (dialing ratio) pacing, pure: a task that transfers to an agent group may have at most
 * `ratio × idle agents` robot calls at once, so a warm lead finds someone free. "Idle" is what
 * the ring strategies would pick: a member in `idle` whose phone is not known to be offline.
 * The ratio is in percent (CallTask.dialRatioPercent): 100 = one line per idle agent, 250 =
 * two and a half; the product is rounded down, so 50 % with one idle agent dials nothing until a
 * second agent is free. A group nobody is idle in (or an unknown or disabled group) allows 0.
 */
import type { AgentBoard } from '@waihu/dialogs';

/** The lines a task may have dialing now for its agent group, by the dialing ratio. */
export function transferCapacity(board: Pick<AgentBoard, 'group' | 'agent'>, groupId: string, ratioPercent: number): number {
  const group = board.group(groupId);
  if (!group || group.id !== groupId || !group.enabled) return 0;
  let idle = 0;
  for (const id of group.members) {
    const a = board.agent(id);
    if (a && a.status === 'idle' && a.registered !== false) idle += 1;
  }
  const ratio = Number.isFinite(ratioPercent) ? Math.max(0, ratioPercent) : 0;
  return Math.floor((idle * ratio) / 100);
}
