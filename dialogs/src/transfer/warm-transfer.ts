/**
 * Warm transfer to SIP-phone agents: the `TransferHandler` a robot call is given. When the
 * dialog reaches a transfer it picks the group's next idle agent by strategy (the board), pops
 * the agent's screen (an event on the bus) and rings their extension while the customer hears a
 * holding prompt or ringback; on answer the robot leaves (the session ends `transferred`) and
 * `bridgeLegs` joins customer and agent until either hangs up, after which the other side is
 * hung up and the agent goes to after-call work. No answer within the group's ring time → the
 * next agent; nobody within the call's limit → `connected: false`, the robot resumes and the
 * record asks for a callback.
 *
 * One `WarmTransfer` per process (or enterprise); `forCall(info)` makes the per-call handler,
 * since only the dialer knows the lead, the task and how to hang up the customer's call.
 */
import { bridgeLegs, type BridgeLeg, type MediaBridge } from '../bridge/bridge.js';
import type { CallAnswer, CallProgress } from '../calls/outbound-call.js';
import type { CallEnd } from '../calls/call-end.js';
import type { PhoneCallOptions } from '../phones/agent-phones.js';
import type { TransferContext, TransferHandler, SessionLogger } from '../session/types.js';
import type { TransferRecord } from '../session/record.js';
import { silentLogger } from '../session/types.js';
import type { AgentBoard, BoardGroup } from './agent-board.js';
import type { ScreenPop, ScreenPopTurn, TransferPhase } from './events.js';
import { startHold, type HoldAudio } from './hold-audio.js';
import { startListenIn } from './listen-in.js';

/** The part of a `Call` to an agent's phone the transfer uses (a `Call` is one). */
export interface AgentCall {
  readonly rtp: BridgeLeg;
  readonly answered: Promise<CallAnswer>;
  readonly ended: Promise<CallEnd>;
  onProgress(listener: (p: CallProgress) => void): () => void;
  cancel(): Promise<CallEnd>;
  hangup(): Promise<CallEnd>;
}

/** Rings an extension (`AgentPhones` is one). */
export interface AgentPhoneDialer {
  call(extensionId: string, o: PhoneCallOptions): Promise<AgentCall>;
}

/** The customer's call, for hanging it up when the agent hangs up first. */
export interface CustomerCallHandle {
  hangup(): Promise<unknown>;
  readonly ended: Promise<unknown>;
}

/** What the dialer knows about one call. */
export interface TransferCallInfo {
  /** A reference unique per call (the attempt id or the SIP Call-ID): agents' `callRef`. */
  readonly callRef: string;
  /** The task's agent group (id); when absent, the group the script's transfer names. */
  readonly groupId?: string | null;
  /** The customer's call once placed (see {@link tapPlacedCall}). */
  readonly customer?: () => CustomerCallHandle | null;
  readonly customerName?: string | null;
  readonly lead?: Readonly<Record<string, string>>;
  readonly taskId?: string | null;
  readonly leadId?: string | null;
  /** The transcript so far and the grade, when the caller can tell (the session's context may carry them too). */
  readonly transcript?: () => readonly ScreenPopTurn[];
  readonly grade?: () => string | null;
  /** The task's limit for the whole transfer: after it the robot resumes (default the handler's). */
  readonly limitMs?: number;
}

/** How the bridged agent leg ended. */
export interface AgentLegEnd {
  readonly endedAtMs: number;
  readonly talkMs: number;
  readonly hangupBy: 'agent' | 'customer';
}

/** How one call's transfer went (for the call record: the agent and the instants). */
export interface TransferOutcome {
  readonly connected: boolean;
  readonly agentId: string | null;
  /** The group rung (its id), or the name asked for when no group has it. */
  readonly group: string;
  /** Agents rung, in order. */
  readonly tried: readonly string[];
  readonly startedAtMs: number;
  /** When the last agent tried started ringing (the answering agent's, when connected). */
  readonly ringAtMs: number | null;
  readonly connectedAtMs: number | null;
  /** Why nobody took it: no-agents, no-answer, timeout, customer-left, unknown-group. */
  readonly reason: string | null;
  /** Resolves when the bridged call is over (null at once when not connected). */
  readonly ended: Promise<AgentLegEnd | null>;
}

/** The outcome as the call record keeps it (epoch instants when the board's clock is epoch ms). */
export function transferRecordOf(outcome: TransferOutcome, end: AgentLegEnd | null): TransferRecord {
  const byReason: Record<string, TransferRecord['outcome']> = {
    'no-agents': 'NO_AGENTS', 'no-answer': 'NO_ANSWER', timeout: 'TIMEOUT', 'customer-left': 'ABANDONED', 'unknown-group': 'UNKNOWN_GROUP',
  };
  return {
    group: outcome.group, outcome: outcome.connected ? 'CONNECTED' : byReason[outcome.reason ?? ''] ?? 'NO_ANSWER',
    agentId: outcome.agentId, tried: outcome.tried, ringAt: outcome.ringAtMs, answerAt: outcome.connectedAtMs,
    endAt: end?.endedAtMs ?? null, talkMs: end?.talkMs ?? 0, hangupBy: end === null ? null : end.hangupBy === 'agent' ? 'AGENT' : 'CALLEE',
  };
}

export interface WarmTransferOptions {
  readonly board: AgentBoard;
  readonly phones: AgentPhoneDialer;
  /** The customer's hold audio (default: ringback tone). */
  readonly hold?: HoldAudio;
  /** Whole-transfer limit when the call does not say (default 60 s). */
  readonly limitMs?: number;
  /** Shown on the agent's phone as the caller (default: the customer's number). */
  readonly callerId?: (context: TransferContext) => string;
  readonly logger?: SessionLogger;
}

/** Context fields a session may add (transcript and grade so far). */
type RichContext = TransferContext & { readonly transcript?: readonly ScreenPopTurn[]; readonly grade?: string | null };

export class WarmTransfer {
  private readonly log: SessionLogger;
  private readonly live = new Set<Promise<void>>();
  /** callRefs whose legs are bridged: their transfer releases when the call ends. */
  private readonly bridging = new Set<string>();
  /** Bridged calls by agent: their legs, for listen-in (监听). */
  private readonly bridgedLegs = new Map<string, { customer: BridgeLeg; agent: BridgeLeg; ended: Promise<unknown> }>();
  private activeCalls = 0;

  constructor(private readonly o: WarmTransferOptions) {
    this.log = o.logger ?? silentLogger;
  }

  /** Transfers in progress or bridged (zero when every call has ended). */
  get active(): number { return this.activeCalls; }

  /** Whether the agent is on a bridged call now (one listen-in can start). */
  isBridged(agentId: string): boolean { return this.bridgedLegs.has(agentId); }

  /**
   * 监听: plays a receive-only mix of the agent's bridged call to `leader` (a call to the leader's
   * phone, just placed) once it answers, until either call ends; then the leader's call is hung
   * up. Resolves false when nothing was heard (the agent is on no bridged call, or it ended before
   * the leader answered: the leader's call is cancelled; or the leader did not answer), true
   * when a listen-in ran and is over.
   */
  async listenIn(agentId: string, leader: AgentCall): Promise<boolean> {
    const legs = this.bridgedLegs.get(agentId);
    if (!legs) { await leader.cancel().catch(() => undefined); return false; }
    const answer = await Promise.race([leader.answered, legs.ended.then(() => null)]);
    if (answer === null || !answer.answered) {
      // The agent's call ended while the leader's phone rang, or the leader did not answer.
      if (answer === null) await leader.cancel().catch(() => undefined);
      return false;
    }
    const mix = startListenIn(legs, leader.rtp);
    await Promise.race([leader.ended, legs.ended]);
    mix.stop();
    await leader.hangup().catch(() => undefined);
    return true;
  }

  /** Resolves when every bridged call this handler made has ended and been cleaned up. */
  async settled(): Promise<void> { while (this.live.size > 0) await Promise.all([...this.live]); }

  /** The handler for one call; `outcome()` says how its transfer went. */
  forCall(info: TransferCallInfo): TransferHandler & { outcome(): TransferOutcome | null; finished(): Promise<TransferOutcome | null> } {
    let outcome: TransferOutcome | null = null;
    let running: Promise<TransferOutcome> | null = null;
    return {
      transfer: async (group, context) => {
        running = this.run(info, group, context);
        outcome = await running;
        return { connected: outcome.connected, agentId: outcome.agentId } as { connected: boolean };
      },
      outcome: () => outcome,
      // The session stops waiting when the customer hangs up; the transfer still finishes
      // (cancelling the agent's ringing) and its outcome is what the record needs.
      finished: () => (running ?? Promise.resolve(null)).catch(() => null),
    };
  }

  private publish(phase: TransferPhase, info: TransferCallInfo, group: string, agentId: string | null, extra: { reason?: string; talkMs?: number } = {}): void {
    this.o.board.bus.publish({ type: 'transfer', atMs: this.o.board.now, phase, callRef: info.callRef, group, agentId, ...extra });
  }

  private async run(info: TransferCallInfo, groupRef: string, ctx: RichContext): Promise<TransferOutcome> {
    const board = this.o.board;
    const startedAtMs = board.now;
    const group = board.group(info.groupId ?? groupRef) ?? (info.groupId ? board.group(groupRef) : null);
    const tried: string[] = [];
    let ringAtMs: number | null = null;
    const fail = (reason: string): TransferOutcome => {
      this.publish('failed', info, group?.id ?? groupRef, null, { reason });
      this.log.info({ group: group?.id ?? groupRef, reason, tried: tried.length }, 'transfer not connected');
      return { connected: false, agentId: null, group: group?.id ?? groupRef, tried, startedAtMs, ringAtMs, connectedAtMs: null, reason, ended: Promise.resolve(null) };
    };
    this.publish('started', info, group?.id ?? groupRef, null);
    if (!group) return fail('unknown-group');
    this.activeCalls += 1;
    const hold = startHold(ctx.leg, this.o.hold ?? {});
    let released = false;
    const release = (): void => { if (!released) { released = true; hold.stop(); this.activeCalls -= 1; } };
    try {
      const deadline = startedAtMs + (info.limitMs ?? this.o.limitMs ?? 60_000);
      const exclude = new Set<string>();
      for (;;) {
        if (ctx.signal.aborted) return fail('customer-left');
        const left = deadline - board.now;
        if (left <= 0) return fail('timeout');
        const agentId = board.reserve(group, info.callRef, exclude);
        if (agentId === null) return fail(tried.length === 0 ? 'no-agents' : 'no-answer');
        exclude.add(agentId);
        tried.push(agentId);
        ringAtMs = board.now;
        const rung = await this.ring(info, group, agentId, ctx, Math.min(group.ringTimeoutMs, left));
        if (rung === 'customer-left') return fail('customer-left');
        if (rung === 'no-answer' || rung === 'unreachable') continue;
        // Answered: the robot's hold stops and the bridge takes the customer's leg.
        hold.stop();
        const connectedAtMs = board.now;
        const ended = this.bridge(info, group, agentId, ctx, rung.call, release);
        return { connected: true, agentId, group: group.id, tried, startedAtMs, ringAtMs, connectedAtMs, reason: null, ended };
      }
    } finally {
      // A bridged call releases when it ends; every other path releases here.
      if (!this.bridging.has(info.callRef)) release();
    }
  }

  /** Rings one agent: answered (with the call), or why not. The agent's state follows. */
  private async ring(info: TransferCallInfo, group: BoardGroup, agentId: string, ctx: RichContext, ringMs: number): Promise<{ call: AgentCall } | 'no-answer' | 'unreachable' | 'customer-left'> {
    const board = this.o.board;
    const agent = board.agent(agentId)!;
    board.bus.publish({ type: 'screen-pop', atMs: board.now, agentId, pop: this.pop(info, ctx) });
    const withdraw = (reason: 'no-answer' | 'unreachable' | 'customer-left'): typeof reason => {
      board.apply(agentId, { type: 'ring-ended', callRef: info.callRef });
      board.bus.publish({ type: 'screen-pop-withdrawn', atMs: board.now, agentId, callRef: info.callRef, reason });
      if (reason !== 'customer-left') this.publish('no-answer', info, group.id, agentId, { reason });
      return reason;
    };
    if (agent.extensionId === null) return withdraw('unreachable');
    let call: AgentCall;
    try {
      call = await this.o.phones.call(agent.extensionId, { callerId: this.o.callerId?.(ctx) ?? ctx.calleeNumber, ringTimeoutMs: ringMs });
    } catch (err) {
      this.log.warn({ err: String(err), agentId }, 'ringing the agent failed');
      return withdraw('unreachable');
    }
    const stopProgress = call.onProgress((p) => { if (p.status === 180 || p.status === 183) this.publish('ringing', info, group.id, agentId); });
    const aborted = new Promise<'aborted'>((resolve) => {
      if (ctx.signal.aborted) resolve('aborted');
      else ctx.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const answer = await Promise.race([call.answered, aborted]);
    stopProgress();
    if (answer === 'aborted' || ctx.signal.aborted) {
      // The customer hung up while the agent's phone rang (or just as it answered).
      await (answer !== 'aborted' && answer.answered ? call.hangup() : call.cancel());
      return withdraw('customer-left');
    }
    // Not answered in time, rejected (486/603) or failed: the next agent.
    if (!answer.answered) return withdraw('no-answer');
    board.apply(agentId, { type: 'answered', callRef: info.callRef });
    return { call };
  }

  /** Joins the legs and watches both ends; releases the transfer when the call is over. */
  private bridge(info: TransferCallInfo, group: BoardGroup, agentId: string, ctx: RichContext, call: AgentCall, release: () => void): Promise<AgentLegEnd | null> {
    const board = this.o.board;
    this.bridging.add(info.callRef);
    const bridge: MediaBridge = bridgeLegs(ctx.leg as BridgeLeg, call.rtp);
    this.bridgedLegs.set(agentId, { customer: ctx.leg as BridgeLeg, agent: call.rtp, ended: bridge.ended });
    const connectedAt = board.now;
    this.publish('connected', info, group.id, agentId);
    const customer = info.customer?.() ?? null;
    const done = (async () => {
      const first = await Promise.race([
        bridge.ended.then((e) => (e.reason === 'agent-closed' ? 'agent' as const : 'customer' as const)),
        call.ended.then(() => 'agent' as const),
        ...(customer ? [customer.ended.then(() => 'customer' as const)] : []),
      ]);
      bridge.unbridge();
      if (first === 'agent') {
        if (customer) await customer.hangup().catch(() => undefined);
        else this.log.warn({ agentId }, 'the agent hung up but the customer call cannot be hung up from here (no handle)');
      } else await call.hangup().catch(() => undefined);
      await call.ended;
      board.apply(agentId, { type: 'call-ended', callRef: info.callRef });
      const end: AgentLegEnd = { endedAtMs: board.now, talkMs: board.now - connectedAt, hangupBy: first };
      this.publish('ended', info, group.id, agentId, { reason: first === 'agent' ? 'agent-hangup' : 'customer-hangup', talkMs: end.talkMs });
      return end;
    })().catch((err: unknown) => { this.log.warn({ err: String(err), agentId }, 'bridged call teardown failed'); return null; })
      .finally(() => { this.bridging.delete(info.callRef); this.bridgedLegs.delete(agentId); release(); this.live.delete(tracked); });
    const tracked = done.then(() => undefined);
    this.live.add(tracked);
    return done;
  }

  private pop(info: TransferCallInfo, ctx: RichContext): ScreenPop {
    return {
      callRef: info.callRef,
      customer: { phone: ctx.calleeNumber, name: info.customerName ?? null },
      flow: ctx.flow,
      grade: ctx.grade ?? info.grade?.() ?? null,
      tags: ctx.tags,
      transcript: ctx.transcript ?? info.transcript?.() ?? [],
      lead: info.lead ?? {},
      taskId: info.taskId ?? null,
      leadId: info.leadId ?? null,
    };
  }
}

/**
 * Wraps a call placer so the dialer can give a transfer the customer's call: `customer()` is the
 * call `placeCall` returned (null before). Use one tap per robot call.
 */
export function tapPlacedCall<O, C extends CustomerCallHandle>(placer: { placeCall(o: O): Promise<C> }): { placer: { placeCall(o: O): Promise<C> }; customer: () => C | null } {
  let placed: C | null = null;
  return {
    placer: { placeCall: async (o: O) => (placed = await placer.placeCall(o)) },
    customer: () => placed,
  };
}
