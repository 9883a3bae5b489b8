/**
 * The agents' in-process event bus: agent state changes, screen pops and transfer progress, in
 * the order they happen. The server forwards them to the console (SSE) and keeps the state log;
 * tests and benchmarks listen to measure. Listeners run synchronously and must not throw (a
 * throwing listener is dropped from that delivery, the others still run).
 */
import type { AgentStateSpan, AgentStatus } from './agent-state.js';

/** An agent as the console and the wallboard show it. */
export interface AgentView {
  readonly agentId: string;
  readonly name: string;
  readonly extensionId: string | null;
  readonly status: AgentStatus;
  readonly sinceMs: number;
  /** Time in the current status at the view's instant. */
  readonly durationMs: number;
  readonly busyReason: string | null;
  readonly registered: boolean | null;
  readonly acwUntilMs: number | null;
  readonly callRef: string | null;
  readonly callsToday: number;
  readonly talkMsToday: number;
}

/** One line of the transcript so far. */
export interface ScreenPopTurn {
  readonly speaker: 'robot' | 'customer';
  readonly text: string;
}

/** What the agent's screen shows before answering (弹屏). Phone numbers sit under `customer.phone`. */
export interface ScreenPop {
  readonly callRef: string;
  readonly customer: { readonly phone: string; readonly name: string | null };
  readonly flow: string;
  readonly grade: string | null;
  readonly tags: readonly string[];
  readonly transcript: readonly ScreenPopTurn[];
  /** The lead's fields (姓名, 额度, custom fields…). */
  readonly lead: Readonly<Record<string, string>>;
  readonly taskId: string | null;
  readonly leadId: string | null;
}

/** Where a transfer is. */
export type TransferPhase = 'started' | 'ringing' | 'no-answer' | 'connected' | 'failed' | 'ended';

export type AgentBusEvent =
  | { readonly type: 'agent-state'; readonly atMs: number; readonly agent: AgentView; readonly span: AgentStateSpan | null }
  | { readonly type: 'screen-pop'; readonly atMs: number; readonly agentId: string; readonly pop: ScreenPop }
  | { readonly type: 'screen-pop-withdrawn'; readonly atMs: number; readonly agentId: string; readonly callRef: string; readonly reason: 'no-answer' | 'unreachable' | 'customer-left' }
  | {
    readonly type: 'transfer'; readonly atMs: number; readonly phase: TransferPhase; readonly callRef: string; readonly group: string;
    readonly agentId: string | null;
    /** failed: why nobody took it; ended: who hung up first. */
    readonly reason?: string;
    /** ended: talk time with the agent. */
    readonly talkMs?: number;
  };

/** A synchronous publish/subscribe for {@link AgentBusEvent}s. */
export class AgentEventBus {
  private readonly listeners = new Set<(event: AgentBusEvent) => void>();

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: AgentBusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  publish(event: AgentBusEvent): void {
    for (const listener of [...this.listeners]) {
      try { listener(event); } catch { /* one broken listener must not stop a call */ }
    }
  }

  get size(): number { return this.listeners.size; }
}
