/** The ring strategies (坐席组 转接方式) of pickAgent, on hand-made snapshots. */
import { describe, expect, it } from 'vitest';
import { pickAgent, type PickAgent, type RingStrategy } from '../../src/transfer/index.js';

const NOW = 1_000_000;
const idle = (agentId: string, idleForMs: number, callsToday = 0): PickAgent => ({ agentId, status: 'idle', registered: true, idleSinceMs: NOW - idleForMs, callsToday });
const as = (agentId: string, status: PickAgent['status']): PickAgent => ({ agentId, status, registered: true, idleSinceMs: null, callsToday: 0 });
const board = (...agents: PickAgent[]): Map<string, PickAgent> => new Map(agents.map((a) => [a.agentId, a]));
const never = (): number => { throw new Error('random() must only be used by RANDOM'); };
const members = ['a', 'b', 'c', 'd'];

describe('pickAgent', () => {
  it('finds nobody when no member is idle, reachable and not yet tried', () => {
    const agents = board(as('a', 'talking'), as('b', 'busy'), as('c', 'after-call'), { ...idle('d', 5), registered: false }, idle('x', 99));
    for (const s of ['IN_ORDER', 'ROUND_ROBIN', 'RANDOM', 'LONGEST_IDLE', 'FEWEST_CALLS'] as RingStrategy[]) {
      expect(pickAgent({ members, lastPicked: null }, agents, s, NOW, () => 0.5), s).toBeNull();
    }
    expect(pickAgent({ members: ['a'], lastPicked: null }, board(idle('a', 1)), 'IN_ORDER', NOW, never, { exclude: new Set(['a']) })).toBeNull();
    expect(pickAgent({ members: [], lastPicked: null }, board(), 'ROUND_ROBIN', NOW, never)).toBeNull();
    // A member with no state on the board (not loaded) is skipped, not an error.
    expect(pickAgent({ members: ['ghost', 'b'], lastPicked: null }, board(idle('b', 1)), 'IN_ORDER', NOW, never)).toBe('b');
  });

  it('IN_ORDER takes the first idle member by position, every time', () => {
    const agents = board(as('a', 'talking'), idle('b', 1), idle('c', 500), idle('d', 900));
    expect(pickAgent({ members, lastPicked: 'b' }, agents, 'IN_ORDER', NOW, never)).toBe('b');
    expect(pickAgent({ members, lastPicked: null }, agents, 'IN_ORDER', NOW, never, { exclude: new Set(['b']) })).toBe('c');
    expect(pickAgent({ members: ['d', 'c', 'b'], lastPicked: null }, agents, 'IN_ORDER', NOW, never)).toBe('d');
  });

  it('ROUND_ROBIN continues after the last one picked and wraps around, skipping the unavailable', () => {
    const agents = board(idle('a', 1), idle('b', 1), as('c', 'busy'), idle('d', 1));
    const seq: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 6; i++) { last = pickAgent({ members, lastPicked: last }, agents, 'ROUND_ROBIN', NOW, never); seq.push(last!); }
    expect(seq).toEqual(['a', 'b', 'd', 'a', 'b', 'd']);
    // The last one picked left the group: start from the top.
    expect(pickAgent({ members, lastPicked: 'gone' }, agents, 'ROUND_ROBIN', NOW, never)).toBe('a');
    // Only the last one picked is free: they get it again.
    expect(pickAgent({ members, lastPicked: 'b' }, board(idle('b', 1)), 'ROUND_ROBIN', NOW, never)).toBe('b');
  });

  it('RANDOM spreads over the idle members only, using the injected source', () => {
    const agents = board(idle('a', 1), as('b', 'talking'), idle('c', 1), idle('d', 1));
    const at = (r: number): string | null => pickAgent({ members, lastPicked: null }, agents, 'RANDOM', NOW, () => r);
    expect([at(0), at(0.34), at(0.67), at(0.999999)]).toEqual(['a', 'c', 'd', 'd']);
    // A source returning 1 (out of contract) still picks someone.
    expect(at(1)).toBe('d');
    const counts = new Map<string, number>();
    let seed = 7;
    const lcg = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let i = 0; i < 3000; i++) { const p = pickAgent({ members, lastPicked: null }, agents, 'RANDOM', NOW, lcg)!; counts.set(p, (counts.get(p) ?? 0) + 1); }
    expect([...counts.keys()].sort()).toEqual(['a', 'c', 'd']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(850);
  });

  it('LONGEST_IDLE takes whoever has waited longest, ties by position', () => {
    const agents = board(idle('a', 1_000), idle('b', 30_000), idle('c', 30_000), idle('d', 5_000));
    expect(pickAgent({ members, lastPicked: null }, agents, 'LONGEST_IDLE', NOW, never)).toBe('b');
    expect(pickAgent({ members: ['c', 'b'], lastPicked: null }, agents, 'LONGEST_IDLE', NOW, never)).toBe('c');
    expect(pickAgent({ members, lastPicked: null }, agents, 'LONGEST_IDLE', NOW + 60_000, never, { exclude: new Set(['b', 'c']) })).toBe('d');
  });

  it('FEWEST_CALLS takes the fewest calls today, then the longest idle, then position', () => {
    const agents = board(idle('a', 9_000, 3), idle('b', 1_000, 1), idle('c', 2_000, 1), idle('d', 100_000, 5));
    expect(pickAgent({ members, lastPicked: null }, agents, 'FEWEST_CALLS', NOW, never)).toBe('c');
    expect(pickAgent({ members, lastPicked: null }, board(idle('a', 5, 0), idle('b', 5, 0)), 'FEWEST_CALLS', NOW, never)).toBe('a');
    expect(pickAgent({ members, lastPicked: null }, agents, 'FEWEST_CALLS', NOW, never, { exclude: new Set(['b', 'c']) })).toBe('a');
  });
});
