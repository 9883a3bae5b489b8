/** The agent state machine in simulated time, alone and run by the board (timers, counts, bus). */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/media/index.js';
import { AgentBoard, initialAgentState, nextAgentState, type AgentBusEvent, type AgentState, type AgentStep } from '../../src/transfer/index.js';

const T0 = Date.parse('2026-11-21T01:00:00Z'); // 09:00 in Beijing
const ACW = { afterCallWorkMs: 10_000 };
const ok = (s: AgentStep): AgentState => { if (!s.ok) throw new Error(`refused ${s.code}`); return s.state; };

describe('nextAgentState', () => {
  it('walks offline → idle → ringing → talking → after-call → idle, logging each finished span', () => {
    let a = initialAgentState('7', T0);
    const s1 = nextAgentState(a, { type: 'registered' }, T0 + 1_000, ACW);
    a = ok(s1);
    expect(a).toMatchObject({ status: 'idle', registered: true, idleSinceMs: T0 + 1_000 });
    expect(s1.ok && s1.effects).toEqual([{ type: 'span', span: { agentId: '7', status: 'offline', reason: null, startMs: T0, endMs: T0 + 1_000, durationMs: 1_000, next: 'idle' } }]);
    a = ok(nextAgentState(a, { type: 'ring', callRef: 'c1' }, T0 + 5_000, ACW));
    expect(a).toMatchObject({ status: 'ringing', callRef: 'c1' });
    a = ok(nextAgentState(a, { type: 'answered', callRef: 'c1' }, T0 + 8_000, ACW));
    const end = nextAgentState(a, { type: 'call-ended', callRef: 'c1' }, T0 + 68_000, ACW);
    a = ok(end);
    expect(a).toMatchObject({ status: 'after-call', acwUntilMs: T0 + 78_000, callRef: null });
    expect(end.ok && end.effects).toContainEqual({ type: 'arm-acw', atMs: T0 + 78_000 });
    expect(end.ok && end.effects[0]).toMatchObject({ type: 'span', span: { status: 'talking', durationMs: 60_000, next: 'after-call' } });
    const back = nextAgentState(a, { type: 'acw-expired' }, T0 + 78_000, ACW);
    expect(ok(back)).toMatchObject({ status: 'idle', idleSinceMs: T0 + 78_000, acwUntilMs: null });
    expect(back.ok && back.effects).toContainEqual({ type: 'clear-acw' });
  });

  it('keeps 示忙 with its reason, refuses console changes during a call, and ignores stale call events', () => {
    let a = ok(nextAgentState(initialAgentState('7', T0), { type: 'set', status: 'idle' }, T0, ACW));
    const busy = nextAgentState(a, { type: 'set', status: 'busy', reason: '午休' }, T0 + 10, ACW);
    a = ok(busy);
    expect(a).toMatchObject({ status: 'busy', busyReason: '午休' });
    expect(nextAgentState(a, { type: 'ring', callRef: 'c' }, T0 + 20, ACW)).toMatchObject({ ok: false, code: 'AGENT_NOT_AVAILABLE' });
    // The same reason again changes nothing; another reason starts a new span.
    expect(nextAgentState(a, { type: 'set', status: 'busy', reason: '午休' }, T0 + 30, ACW)).toEqual({ ok: true, state: a, effects: [] });
    const other = nextAgentState(a, { type: 'set', status: 'busy', reason: '培训' }, T0 + 40, ACW);
    expect(other.ok && other.effects[0]).toMatchObject({ span: { status: 'busy', reason: '午休', durationMs: 30, next: 'busy' } });
    a = ok(nextAgentState(ok(other), { type: 'set', status: 'idle' }, T0 + 50, ACW));
    expect(nextAgentState(a, { type: 'set', status: 'idle' }, T0 + 60, ACW)).toEqual({ ok: true, state: a, effects: [] });
    a = ok(nextAgentState(a, { type: 'ring', callRef: 'c' }, T0 + 70, ACW));
    for (const e of [{ type: 'set', status: 'busy', reason: 'x' }, { type: 'set', status: 'offline' }, { type: 'set', status: 'idle' }] as const) {
      expect(nextAgentState(a, e, T0 + 80, ACW)).toMatchObject({ ok: false, code: 'AGENT_ON_CALL' });
    }
    expect(nextAgentState(a, { type: 'answered', callRef: 'other' }, T0 + 80, ACW)).toMatchObject({ ok: false, code: 'AGENT_CALL_MISMATCH' });
    expect(nextAgentState(a, { type: 'ring-ended', callRef: 'other' }, T0 + 80, ACW)).toEqual({ ok: true, state: a, effects: [] });
    expect(ok(nextAgentState(a, { type: 'ring-ended', callRef: 'c' }, T0 + 90, ACW))).toMatchObject({ status: 'idle' });
  });

  it('a phone lost mid-call keeps the call; the agent goes offline when it ends, not to after-call', () => {
    let a = ok(nextAgentState(initialAgentState('7', T0), { type: 'registered' }, T0, ACW));
    a = ok(nextAgentState(a, { type: 'ring', callRef: 'c' }, T0, ACW));
    a = ok(nextAgentState(a, { type: 'answered', callRef: 'c' }, T0, ACW));
    a = ok(nextAgentState(a, { type: 'unregistered' }, T0 + 5, ACW));
    expect(a).toMatchObject({ status: 'talking', registered: false });
    a = ok(nextAgentState(a, { type: 'call-ended', callRef: 'c' }, T0 + 9, ACW));
    expect(a).toMatchObject({ status: 'offline' });
    // Registration back: idle again; while busy, registration does not override the choice.
    const back = ok(nextAgentState(a, { type: 'registered' }, T0, ACW));
    expect(back.status).toBe('idle');
    const busy = ok(nextAgentState(back, { type: 'set', status: 'busy', reason: '开会' }, T0, ACW));
    expect(ok(nextAgentState({ ...busy, registered: false }, { type: 'registered' }, T0, ACW))).toMatchObject({ status: 'busy', registered: true });
    expect(ok(nextAgentState(busy, { type: 'unregistered' }, T0, ACW))).toMatchObject({ status: 'offline', registered: false });
    // An unreachable phone is never rung.
    const idleGone = { ...ok(nextAgentState(busy, { type: 'set', status: 'idle' }, T0, ACW)), registered: false };
    expect(nextAgentState(idleGone, { type: 'ring', callRef: 'z' }, T0, ACW)).toMatchObject({ ok: false, code: 'AGENT_NOT_AVAILABLE' });
    // No after-call work configured: straight back to idle.
    let b = ok(nextAgentState(initialAgentState('8', T0), { type: 'registered' }, T0, ACW));
    b = ok(nextAgentState(ok(nextAgentState(b, { type: 'ring', callRef: 'c' }, T0, ACW)), { type: 'answered', callRef: 'c' }, T0, ACW));
    expect(ok(nextAgentState(b, { type: 'call-ended', callRef: 'c' }, T0, { afterCallWorkMs: 0 }))).toMatchObject({ status: 'idle' });
  });
});

describe('AgentBoard', () => {
  function setup(): { clock: ManualClock; board: AgentBoard; events: AgentBusEvent[] } {
    const clock = new ManualClock(T0);
    const board = new AgentBoard({ clock, afterCallWorkMs: 15_000, random: () => 0 });
    const events: AgentBusEvent[] = [];
    board.bus.subscribe((e) => events.push(e));
    board.upsertAgent({ agentId: 'a', name: '坐席A', extensionId: 'ext-a' });
    board.upsertAgent({ agentId: 'b', name: '坐席B', extensionId: 'ext-b', callsToday: 4 });
    board.setGroup({ id: 'g', name: '销售组', strategy: 'ROUND_ROBIN', ringTimeoutMs: 20_000, afterCallWorkMs: 5_000, members: ['a', 'b'], enabled: true });
    return { clock, board, events };
  }

  it('returns an agent to idle when the group\'s after-call work runs out, and times each state', () => {
    const { clock, board, events } = setup();
    board.registrarEvent({ type: 'online', extensionId: 'ext-a' });
    board.registrarEvent({ type: 'online', extensionId: 'unknown' });
    expect(board.agent('a')).toMatchObject({ status: 'idle', registered: true });
    clock.advance(2_000);
    const g = board.group('销售组')!;
    expect(board.reserve(g, 'call-1')).toBe('a');
    // Two transfers at once never ring the same agent: b is offline, a is ringing.
    expect(board.reserve(g, 'call-2')).toBeNull();
    clock.advance(3_000);
    board.apply('a', { type: 'answered', callRef: 'call-1' });
    clock.advance(40_000);
    board.apply('a', { type: 'call-ended', callRef: 'call-1' });
    expect(board.agent('a')).toMatchObject({ status: 'after-call', acwUntilMs: T0 + 50_000, callsToday: 1, talkMsToday: 40_000 });
    expect(board.pendingTimers).toBe(1);
    clock.advance(4_999);
    expect(board.agent('a')!.status).toBe('after-call');
    expect(board.agent('a')!.durationMs).toBe(4_999);
    clock.advance(1);
    expect(board.agent('a')).toMatchObject({ status: 'idle', durationMs: 0 });
    expect(board.pendingTimers).toBe(0);
    const spans = events.flatMap((e) => (e.type === 'agent-state' && e.span ? [[e.span.status, e.span.durationMs, e.span.next]] : []));
    expect(spans).toEqual([['offline', 0, 'idle'], ['idle', 2_000, 'ringing'], ['ringing', 3_000, 'talking'], ['talking', 40_000, 'after-call'], ['after-call', 5_000, 'idle']]);
  });

  it('lets the agent leave after-call work early (the timer goes), resets counts at Beijing midnight, and closes clean', () => {
    const { clock, board } = setup();
    board.apply('b', { type: 'set', status: 'idle' });
    expect(board.reserve(board.group('g')!, 'c')).toBe('b'); // round robin: a is offline
    board.apply('b', { type: 'answered', callRef: 'c' });
    board.apply('b', { type: 'call-ended', callRef: 'c' });
    expect(board.agent('b')).toMatchObject({ status: 'after-call', callsToday: 5 });
    expect(board.pendingTimers).toBe(1);
    board.apply('b', { type: 'set', status: 'busy', reason: '记录小结' });
    expect(board.pendingTimers).toBe(0);
    expect(board.agent('b')).toMatchObject({ status: 'busy', busyReason: '记录小结' });
    clock.advance(16 * 3_600_000); // past 00:00 in Beijing
    expect(board.agent('b')!.callsToday).toBe(0);
    board.apply('b', { type: 'set', status: 'idle' });
    board.reserve(board.group('g')!, 'd');
    board.apply('b', { type: 'answered', callRef: 'd' });
    board.apply('b', { type: 'call-ended', callRef: 'd' });
    expect(board.pendingTimers).toBe(1);
    board.close();
    expect(board.pendingTimers).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(board.apply('b', { type: 'acw-expired' })).toBeNull();
  });

  it('a disabled group rings nobody; a removed agent leaves no timer', () => {
    const { board, clock } = setup();
    board.apply('a', { type: 'set', status: 'idle' });
    expect(board.reserve({ ...board.group('g')!, enabled: false }, 'x')).toBeNull();
    board.reserve(board.group('g')!, 'x');
    board.apply('a', { type: 'answered', callRef: 'x' });
    board.apply('a', { type: 'call-ended', callRef: 'x' });
    board.removeAgent('a');
    expect(clock.pendingTimers()).toBe(0);
    expect(board.agent('a')).toBeNull();
  });
});
