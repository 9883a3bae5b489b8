/**
 * `AgentBoard`: the live agents and groups of one enterprise, in memory — the runner of the pure
 * state machine (agent-state.ts) and strategy (pick-agent.ts). It applies events, arms the
 * after-call-work timers on the injected clock, counts today's calls, reserves the next agent
 * for a transfer (pick + ring in one synchronous step, so two transfers never ring the same
 * agent) and publishes every change on the event bus. What outlives the process (groups,
 * members, the state log) is the server's: it loads the board and listens to the bus.
 */
import type { MediaClock, MediaTimer } from '../media/clock.js';
import { initialAgentState, nextAgentState, type AgentEvent, type AgentState, type AgentStateSettings, type AgentStep } from './agent-state.js';
import { AgentEventBus, type AgentView } from './events.js';
import { pickAgent, type PickAgent, type RingStrategy } from './pick-agent.js';

/** A group as the board keeps it. */
export interface BoardGroup {
  readonly id: string;
  readonly name: string;
  readonly strategy: RingStrategy;
  /** How long one agent rings before the next is tried. */
  readonly ringTimeoutMs: number;
  /** 话后处理 after a call taken from this group. */
  readonly afterCallWorkMs: number;
  /** Member agent ids in ring order. */
  readonly members: readonly string[];
  readonly enabled: boolean;
}

/** An agent as the board is told about it. */
export interface BoardAgentInfo {
  readonly agentId: string;
  readonly name: string;
  /** The extension the registrar reports for this agent's phone (null: no phone). */
  readonly extensionId: string | null;
  /** Counts carried over from storage (today's calls so far). */
  readonly callsToday?: number;
  readonly talkMsToday?: number;
}

export interface AgentBoardOptions {
  /** `now()` is epoch milliseconds here (states, logs and "today" are wall-clock facts). */
  readonly clock: MediaClock;
  readonly bus?: AgentEventBus;
  /** [0, 1) for the RANDOM strategy (default Math.random). */
  readonly random?: () => number;
  /** After-call work when no group says (default 15 s). */
  readonly afterCallWorkMs?: number;
  /** Calendar day of an instant, for "today" (default: the date in Beijing time). */
  readonly dayOf?: (ms: number) => string;
}

interface Agent {
  info: BoardAgentInfo;
  state: AgentState;
  callsToday: number;
  talkMsToday: number;
  day: string;
  acwTimer: MediaTimer | null;
  /** The group whose call the agent is on (for its after-call work). */
  callGroup: BoardGroup | null;
  talkingSinceMs: number | null;
}

/** The date in China (UTC+8, no daylight saving) as YYYY-MM-DD. */
export const beijingDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** A wall clock for boards in production: epoch `now()` and Node timers. */
export const systemEpochClock: MediaClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export class AgentBoard {
  readonly bus: AgentEventBus;
  private readonly clock: MediaClock;
  private readonly random: () => number;
  private readonly defaultAcw: AgentStateSettings;
  private readonly dayOf: (ms: number) => string;
  private readonly agentsById = new Map<string, Agent>();
  private readonly groupsById = new Map<string, BoardGroup>();
  private readonly lastPicked = new Map<string, string>();
  private closed = false;

  constructor(options: AgentBoardOptions) {
    this.clock = options.clock;
    this.bus = options.bus ?? new AgentEventBus();
    this.random = options.random ?? Math.random;
    this.defaultAcw = { afterCallWorkMs: options.afterCallWorkMs ?? 15_000 };
    this.dayOf = options.dayOf ?? beijingDay;
  }

  get now(): number { return this.clock.now(); }

  /** Adds an agent (offline) or updates its name, extension and carried-over counts. */
  upsertAgent(info: BoardAgentInfo): void {
    const existing = this.agentsById.get(info.agentId);
    if (existing) {
      existing.info = info;
      if (info.callsToday !== undefined) existing.callsToday = info.callsToday;
      if (info.talkMsToday !== undefined) existing.talkMsToday = info.talkMsToday;
      return;
    }
    const now = this.clock.now();
    this.agentsById.set(info.agentId, {
      info, state: initialAgentState(info.agentId, now), callsToday: info.callsToday ?? 0, talkMsToday: info.talkMsToday ?? 0,
      day: this.dayOf(now), acwTimer: null, callGroup: null, talkingSinceMs: null,
    });
  }

  /** Forgets an agent (account removed or disabled); its timer goes with it. */
  removeAgent(agentId: string): void {
    const a = this.agentsById.get(agentId);
    if (!a) return;
    this.clearAcw(a);
    this.agentsById.delete(agentId);
  }

  setGroup(group: BoardGroup): void { this.groupsById.set(group.id, group); }
  removeGroup(id: string): void { this.groupsById.delete(id); this.lastPicked.delete(id); }

  /** A group by id, or else by name (a script's transfer names its group). */
  group(ref: string): BoardGroup | null {
    const byId = this.groupsById.get(ref);
    if (byId) return byId;
    for (const g of this.groupsById.values()) if (g.name === ref) return g;
    return null;
  }

  groups(): BoardGroup[] { return [...this.groupsById.values()]; }

  hasAgent(agentId: string): boolean { return this.agentsById.has(agentId); }

  /** The agent now, or null. */
  agent(agentId: string): AgentView | null {
    const a = this.agentsById.get(agentId);
    return a ? this.view(a, this.clock.now()) : null;
  }

  /** Every agent now, in the order they were added. */
  agents(): AgentView[] {
    const now = this.clock.now();
    return [...this.agentsById.values()].map((a) => this.view(a, now));
  }

  /** The agent whose phone is `extensionId`. */
  agentOfExtension(extensionId: string): string | null {
    for (const a of this.agentsById.values()) if (a.info.extensionId === extensionId) return a.info.agentId;
    return null;
  }

  /**
   * Applies one event to an agent and runs its effects. `settings` overrides the after-call work
   * (default: the group of the call the agent is on, else the board's default).
   */
  apply(agentId: string, event: AgentEvent, settings?: AgentStateSettings): AgentStep | null {
    const a = this.agentsById.get(agentId);
    if (!a || this.closed) return null;
    const now = this.clock.now();
    this.rollDay(a, now);
    const step = nextAgentState(a.state, event, now, settings ?? (a.callGroup ? { afterCallWorkMs: a.callGroup.afterCallWorkMs } : this.defaultAcw));
    if (!step.ok) return step;
    const before = a.state;
    a.state = step.state;
    if (event.type === 'answered') { a.callsToday += 1; a.talkingSinceMs = now; }
    if (before.status === 'talking' && step.state.status !== 'talking') {
      a.talkMsToday += now - (a.talkingSinceMs ?? now);
      a.talkingSinceMs = null;
      a.callGroup = null;
    }
    if (before.status === 'ringing' && step.state.status !== 'talking' && step.state.status !== 'ringing') a.callGroup = null;
    let span = null;
    for (const effect of step.effects) {
      if (effect.type === 'span') span = effect.span;
      else if (effect.type === 'clear-acw') this.clearAcw(a);
      else this.armAcw(a, effect.atMs);
    }
    if (before !== step.state) this.bus.publish({ type: 'agent-state', atMs: now, agent: this.view(a, now), span });
    return step;
  }

  /** A registrar event (an extension's first binding came, or its last one went). */
  registrarEvent(event: { readonly type: 'online' | 'offline'; readonly extensionId: string }): void {
    const agentId = this.agentOfExtension(event.extensionId);
    if (agentId !== null) this.apply(agentId, { type: event.type === 'online' ? 'registered' : 'unregistered' });
  }

  /**
   * Picks the next agent of `group` by its strategy and puts them in ringing for `callRef`, in
   * one step. Null when nobody is free (or the group is disabled).
   */
  reserve(group: BoardGroup, callRef: string, exclude: ReadonlySet<string> = new Set()): string | null {
    if (!group.enabled || this.closed) return null;
    const now = this.clock.now();
    const snapshot = new Map<string, PickAgent>();
    for (const id of group.members) {
      const a = this.agentsById.get(id);
      if (a) { this.rollDay(a, now); snapshot.set(id, { ...a.state, callsToday: a.callsToday }); }
    }
    const picked = pickAgent({ members: group.members, lastPicked: this.lastPicked.get(group.id) ?? null }, snapshot, group.strategy, now, this.random, { exclude });
    if (picked === null) return null;
    const step = this.apply(picked, { type: 'ring', callRef });
    if (!step?.ok) return null;
    this.agentsById.get(picked)!.callGroup = group;
    this.lastPicked.set(group.id, picked);
    return picked;
  }

  /** Timers the board holds (zero after close). */
  get pendingTimers(): number {
    let n = 0;
    for (const a of this.agentsById.values()) if (a.acwTimer !== null) n += 1;
    return n;
  }

  /** Clears every timer; later events are ignored. */
  close(): void {
    this.closed = true;
    for (const a of this.agentsById.values()) this.clearAcw(a);
  }

  private armAcw(a: Agent, atMs: number): void {
    this.clearAcw(a);
    a.acwTimer = this.clock.setTimer(() => {
      a.acwTimer = null;
      this.apply(a.info.agentId, { type: 'acw-expired' });
    }, Math.max(0, atMs - this.clock.now()));
  }

  private clearAcw(a: Agent): void {
    if (a.acwTimer !== null) this.clock.clearTimer(a.acwTimer);
    a.acwTimer = null;
  }

  private rollDay(a: Agent, now: number): void {
    const day = this.dayOf(now);
    if (day === a.day) return;
    a.day = day;
    a.callsToday = 0;
    a.talkMsToday = 0;
  }

  private view(a: Agent, now: number): AgentView {
    const s = a.state;
    return {
      agentId: s.agentId, name: a.info.name, extensionId: a.info.extensionId, status: s.status, sinceMs: s.sinceMs, durationMs: Math.max(0, now - s.sinceMs),
      busyReason: s.busyReason, registered: s.registered, acwUntilMs: s.acwUntilMs, callRef: s.callRef,
      callsToday: this.dayOf(now) === a.day ? a.callsToday : 0, talkMsToday: this.dayOf(now) === a.day ? a.talkMsToday : 0,
    };
  }
}
