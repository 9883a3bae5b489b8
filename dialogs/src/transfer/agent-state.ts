/**
 * The agent state machine (坐席状态), pure: `nextAgentState(agent, event, now, settings)` returns
 * the new state and what to do about it as data — a log entry for the state that ended (坐席状态
 * 明细: state, start, end, duration, next state) and the after-call-work timer to arm or clear.
 * The board (agent-board.ts) runs those effects on a clock; the API, the registrar and the
 * transfer handler only send events.
 *
 * Registration is kept apart from the status: a phone that drops its REGISTER during a call
 * does not end the call, and the agent goes offline when the call ends.
 */

/** 离线 · 空闲 · 振铃 · 通话 · 话后处理 · 示忙. */
export type AgentStatus = 'offline' | 'idle' | 'ringing' | 'talking' | 'after-call' | 'busy';

export const AGENT_STATUSES: readonly AgentStatus[] = ['offline', 'idle', 'ringing', 'talking', 'after-call', 'busy'];

/** One agent's live state. Instants are epoch milliseconds. */
export interface AgentState {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** When the current status began. */
  readonly sinceMs: number;
  /** 示忙 reason (busy only). */
  readonly busyReason: string | null;
  /** Whether the agent's phone has a live registration (null: not known, e.g. no phone yet). */
  readonly registered: boolean | null;
  /** After-call work ends at (after-call only). */
  readonly acwUntilMs: number | null;
  /** The call ringing or talking (ringing/talking only): the transfer's reference. */
  readonly callRef: string | null;
  /** When the agent last became idle (longest-idle strategy); null if never. */
  readonly idleSinceMs: number | null;
}

/** What changes an agent's state. */
export type AgentEvent =
  /** From the console (PUT /api/agents/me/state): sign in, 示忙 with a reason, sign out. */
  | { readonly type: 'set'; readonly status: 'idle' | 'offline' }
  | { readonly type: 'set'; readonly status: 'busy'; readonly reason: string }
  /** The phone registered (first binding) or lost its last binding. */
  | { readonly type: 'registered' }
  | { readonly type: 'unregistered' }
  /** A transfer rings this agent. */
  | { readonly type: 'ring'; readonly callRef: string }
  /** The agent answered. */
  | { readonly type: 'answered'; readonly callRef: string }
  /** Ringing ended without an answer (no answer, rejected, unreachable, or the customer left). */
  | { readonly type: 'ring-ended'; readonly callRef: string }
  /** The bridged call ended (either side). */
  | { readonly type: 'call-ended'; readonly callRef: string }
  /** The after-call-work timer fired. */
  | { readonly type: 'acw-expired' };

/** How after-call work is set (per group, or the board's default). */
export interface AgentStateSettings {
  /** 话后处理 after a call: 0 returns the agent to idle at once. */
  readonly afterCallWorkMs: number;
}

/** A finished span of one status (a row of 坐席状态明细). */
export interface AgentStateSpan {
  readonly agentId: string;
  readonly status: AgentStatus;
  readonly reason: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  readonly next: AgentStatus;
}

/** Why an event was refused (ARCHITECTURE rule 5: a code, never a message to match). */
export type AgentStateRefusal = 'AGENT_ON_CALL' | 'AGENT_NOT_AVAILABLE' | 'AGENT_CALL_MISMATCH';

/** Effects of one event, as data. */
export type AgentStateEffect =
  | { readonly type: 'span'; readonly span: AgentStateSpan }
  | { readonly type: 'arm-acw'; readonly atMs: number }
  | { readonly type: 'clear-acw' };

export type AgentStep =
  | { readonly ok: true; readonly state: AgentState; readonly effects: readonly AgentStateEffect[] }
  | { readonly ok: false; readonly code: AgentStateRefusal; readonly state: AgentState };

/** A new agent, offline since `nowMs`. */
export function initialAgentState(agentId: string, nowMs: number): AgentState {
  return { agentId, status: 'offline', sinceMs: nowMs, busyReason: null, registered: null, acwUntilMs: null, callRef: null, idleSinceMs: null };
}

/** Applies `event` at `nowMs`. Events that change nothing return `ok` with no effects. */
export function nextAgentState(agent: AgentState, event: AgentEvent, nowMs: number, settings: AgentStateSettings): AgentStep {
  const same: AgentStep = { ok: true, state: agent, effects: [] };
  const refuse = (code: AgentStateRefusal): AgentStep => ({ ok: false, code, state: agent });
  const onCall = agent.status === 'ringing' || agent.status === 'talking';
  switch (event.type) {
    case 'set': {
      if (onCall) return refuse('AGENT_ON_CALL');
      if (event.status === 'busy') {
        if (agent.status === 'busy' && agent.busyReason === event.reason) return same;
        return move(agent, 'busy', nowMs, { busyReason: event.reason });
      }
      if (agent.status === event.status) return same;
      return move(agent, event.status, nowMs);
    }
    case 'registered': {
      const registered = { ...agent, registered: true };
      // A phone coming online signs its agent in; any other status stays what the agent chose.
      return agent.status === 'offline' ? move(registered, 'idle', nowMs) : { ok: true, state: registered, effects: [] };
    }
    case 'unregistered': {
      const gone = { ...agent, registered: false };
      // The call goes on (media does not need the registration); the agent goes offline after it.
      if (onCall) return { ok: true, state: gone, effects: [] };
      return agent.status === 'offline' ? { ok: true, state: gone, effects: [] } : move(gone, 'offline', nowMs);
    }
    case 'ring':
      if (agent.status !== 'idle' || agent.registered === false) return refuse('AGENT_NOT_AVAILABLE');
      return move(agent, 'ringing', nowMs, { callRef: event.callRef });
    case 'answered':
      if (agent.status !== 'ringing' || agent.callRef !== event.callRef) return refuse('AGENT_CALL_MISMATCH');
      return move(agent, 'talking', nowMs, { callRef: event.callRef });
    case 'ring-ended':
      if (agent.status !== 'ringing' || agent.callRef !== event.callRef) return same;
      return move(agent, agent.registered === false ? 'offline' : 'idle', nowMs);
    case 'call-ended': {
      if (agent.status !== 'talking' || agent.callRef !== event.callRef) return same;
      if (agent.registered === false) return move(agent, 'offline', nowMs);
      if (settings.afterCallWorkMs <= 0) return move(agent, 'idle', nowMs);
      const atMs = nowMs + settings.afterCallWorkMs;
      const step = move(agent, 'after-call', nowMs, { acwUntilMs: atMs });
      return step.ok ? { ...step, effects: [...step.effects, { type: 'arm-acw', atMs }] } : step;
    }
    case 'acw-expired':
      return agent.status === 'after-call' ? move(agent, 'idle', nowMs) : same;
  }
}

function move(agent: AgentState, to: AgentStatus, nowMs: number, extra: Partial<Pick<AgentState, 'busyReason' | 'acwUntilMs' | 'callRef'>> = {}): AgentStep {
  const span: AgentStateSpan = {
    agentId: agent.agentId, status: agent.status, reason: agent.busyReason, startMs: agent.sinceMs, endMs: nowMs,
    durationMs: Math.max(0, nowMs - agent.sinceMs), next: to,
  };
  const state: AgentState = {
    ...agent, status: to, sinceMs: nowMs, busyReason: extra.busyReason ?? null, acwUntilMs: extra.acwUntilMs ?? null, callRef: extra.callRef ?? null,
    idleSinceMs: to === 'idle' ? nowMs : agent.idleSinceMs,
  };
  const effects: AgentStateEffect[] = [{ type: 'span', span }];
  if (agent.status === 'after-call') effects.push({ type: 'clear-acw' });
  return { ok: true, state, effects };
}

/** How long the agent has been in its status at `nowMs`. */
export function statusDurationMs(agent: AgentState, nowMs: number): number {
  return Math.max(0, nowMs - agent.sinceMs);
}
