/**
 * `AgentHub`: the server's side of agents — one `AgentBoard` (dialogs) per enterprise, loaded
 * from the database on first use (agents and leaders with their extension, groups with their
 * members in order, today's transferred calls per agent), kept in step when groups change, fed
 * by the registrar's online/offline events, and writing every finished state span to
 * `AgentStateLog` (坐席状态明细). Its bus carries every board's events tagged with the
 * enterprise, for the console's live view (SSE) and the dialer.
 *
 * Extensions are known to the registrar by `String(Extension.id)`; agents and groups to the
 * board by `String(User.id)` / `String(AgentGroup.id)`.
 */
import type { Db } from '@waihu/db';
import {
  AgentBoard, WarmTransfer, beijingDay, isRingStrategy,
  type AgentBusEvent, type AgentPhoneDialer, type BoardGroup, type MediaClock, type WarmTransferOptions,
} from '@waihu/dialogs';
import { transferCapacity } from './capacity.js';

/** A board event with its enterprise. */
export interface HubEvent {
  readonly enterpriseId: number;
  readonly event: AgentBusEvent;
}

/** Something that logs (pino-compatible). */
export interface HubLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface AgentHubOptions {
  readonly db: Db;
  /** Epoch milliseconds (the app's clock). */
  readonly clock: () => number;
  /** Timers for after-call work (default: Node's, unref'd so they never hold the process). */
  readonly timers?: Pick<MediaClock, 'setTimer' | 'clearTimer'>;
  readonly log?: HubLogger;
}

const AGENT_ROLES = ['AGENT', 'LEADER'];

/** Midnight in Beijing of the day `ms` falls on, as epoch ms. */
export function beijingMidnight(ms: number): number {
  return Date.parse(`${beijingDay(ms)}T00:00:00+08:00`);
}

export class AgentHub {
  private readonly boards = new Map<number, Promise<AgentBoard>>();
  private readonly transfers = new Map<number, WarmTransfer>();
  private readonly listeners = new Set<(e: HubEvent) => void>();
  private writes: Promise<void> = Promise.resolve();
  private readonly clock: MediaClock;
  private closed = false;

  constructor(private readonly o: AgentHubOptions) {
    const timers = o.timers ?? {
      setTimer: (cb: () => void, ms: number) => { const t = setTimeout(cb, ms); t.unref(); return t; },
      clearTimer: (t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>),
    };
    this.clock = { now: o.clock, setTimer: (cb, ms) => timers.setTimer(cb, ms), clearTimer: (t) => timers.clearTimer(t) };
  }

  /** Every enterprise's board events; returns the unsubscribe function. */
  subscribe(listener: (e: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** The enterprise's board, loaded on first use. */
  board(enterpriseId: number): Promise<AgentBoard> {
    let b = this.boards.get(enterpriseId);
    if (!b) {
      b = this.load(enterpriseId);
      this.boards.set(enterpriseId, b);
      b.catch(() => this.boards.delete(enterpriseId));
    }
    return b;
  }

  /** A registrar online/offline event (AgentPhones' `onEvent`). */
  async registrarEvent(e: { readonly type: 'online' | 'offline'; readonly extensionId: string; readonly enterpriseId: string }): Promise<void> {
    const id = Number(e.enterpriseId);
    if (!Number.isSafeInteger(id)) return;
    (await this.board(id)).registrarEvent(e);
  }

  /**
   * The enterprise's warm-transfer handler factory over `phones` (one per enterprise; call
   * `forCall` per robot call). The dialer wires it into `runRobotCall`'s `transfer`.
   */
  async warmTransfer(enterpriseId: number, phones: AgentPhoneDialer, options: Omit<WarmTransferOptions, 'board' | 'phones'> = {}): Promise<WarmTransfer> {
    const board = await this.board(enterpriseId);
    let t = this.transfers.get(enterpriseId);
    if (!t) { t = new WarmTransfer({ board, phones, ...options }); this.transfers.set(enterpriseId, t); }
    return t;
  }

  /**
   * 发送比例 pacing: how many robot calls a task transferring to `groupId` may have at once now
   * (`ratioPercent` × idle agents, rounded down; see capacity.ts). The dialer asks before each
   * claim for a task with an agent group.
   */
  async transferCapacity(enterpriseId: number, groupId: number, ratioPercent: number): Promise<number> {
    return transferCapacity(await this.board(enterpriseId), String(groupId), ratioPercent);
  }

  /** Re-reads one group (after it was created, edited or its members changed); removed when gone. */
  async reloadGroup(enterpriseId: number, groupId: number): Promise<void> {
    if (!this.boards.has(enterpriseId)) return;
    const board = await this.board(enterpriseId);
    const g = await this.o.db.agentGroup.findFirst({ where: { id: groupId, enterpriseId }, include: { members: { orderBy: [{ position: 'asc' }, { userId: 'asc' }], select: { userId: true } } } });
    if (!g) { board.removeGroup(String(groupId)); return; }
    board.setGroup(groupOf(g));
  }

  /** Re-reads one agent (extension bound, disabled, role changed). */
  async reloadAgent(enterpriseId: number, userId: number): Promise<void> {
    if (!this.boards.has(enterpriseId)) return;
    const board = await this.board(enterpriseId);
    const u = await this.o.db.user.findFirst({ where: { id: userId, enterpriseId }, select: { id: true, name: true, role: true, disabled: true, extensionId: true } });
    if (!u || u.disabled || !AGENT_ROLES.includes(u.role)) { board.removeAgent(String(userId)); return; }
    board.upsertAgent({ agentId: String(u.id), name: u.name, extensionId: u.extensionId === null ? null : String(u.extensionId) });
  }

  /** Waits for the state log writes queued so far (tests, shutdown). */
  flush(): Promise<void> { return this.writes; }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.transfers.values()) await t.settled();
    for (const b of this.boards.values()) (await b.catch(() => null))?.close();
    await this.writes;
  }

  private async load(enterpriseId: number): Promise<AgentBoard> {
    const db = this.o.db;
    const now = this.o.clock();
    const [users, groups, today] = await Promise.all([
      db.user.findMany({ where: { enterpriseId, role: { in: AGENT_ROLES }, disabled: false }, orderBy: { id: 'asc' }, select: { id: true, name: true, extensionId: true } }),
      db.agentGroup.findMany({ where: { enterpriseId }, include: { members: { orderBy: [{ position: 'asc' }, { userId: 'asc' }], select: { userId: true } } } }),
      db.callAttempt.groupBy({ by: ['agentId'], where: { enterpriseId, agentId: { not: null }, transferAt: { gte: new Date(beijingMidnight(now)) } }, _count: { _all: true }, _sum: { talkMs: true } }),
    ]);
    const board = new AgentBoard({ clock: this.clock });
    const counts = new Map(today.map((r) => [r.agentId, r]));
    for (const u of users) {
      const c = counts.get(u.id);
      board.upsertAgent({ agentId: String(u.id), name: u.name, extensionId: u.extensionId === null ? null : String(u.extensionId), callsToday: c?._count._all ?? 0, talkMsToday: c?._sum.talkMs ?? 0 });
    }
    for (const g of groups) board.setGroup(groupOf(g));
    board.bus.subscribe((event) => this.onEvent(enterpriseId, event));
    if (this.closed) board.close();
    return board;
  }

  private onEvent(enterpriseId: number, event: AgentBusEvent): void {
    if (event.type === 'agent-state' && event.span) {
      const s = event.span;
      const userId = Number(s.agentId);
      this.writes = this.writes.then(() => this.o.db.agentStateLog.create({
        data: { enterpriseId, userId, state: s.status, reason: s.reason, startAt: new Date(s.startMs), endAt: new Date(s.endMs), durationMs: s.durationMs, nextState: s.next },
      })).then(() => undefined, (err: unknown) => this.o.log?.warn({ err: String(err), userId }, 'keeping an agent state span failed'));
    }
    for (const l of [...this.listeners]) {
      try { l({ enterpriseId, event }); } catch { /* a closed SSE stream must not break the board */ }
    }
  }
}

function groupOf(g: { id: number; name: string; strategy: string; ringTimeoutMs: number; afterCallWorkMs: number; enabled: boolean; members: { userId: number }[] }): BoardGroup {
  return {
    id: String(g.id), name: g.name, strategy: isRingStrategy(g.strategy) ? g.strategy : 'ROUND_ROBIN', ringTimeoutMs: g.ringTimeoutMs,
    afterCallWorkMs: g.afterCallWorkMs, enabled: g.enabled, members: g.members.map((m) => String(m.userId)),
  };
}
