import { describe, expect, it } from 'vitest';
import { flowEdges, layoutFlows } from './flow-graph.js';
import type { FlowNode } from '../api/types.js';

const flow = (name: string, over: Partial<FlowNode> = {}): FlowNode => ({
  name, prompt: '', recording: '', positiveTag: '', negativeTag: '', positiveJump: '', negativeJump: '', branches: [], terminate: false,
  ignoreUnmatched: false, ignoreNegative: false, transferGroup: '', bargeIn: null, silenceTimeoutMs: null, answerKind: null, note: '', ...over,
});

describe('flow graph', () => {
  const flows = [
    flow('开场白', { negativeJump: '挽留', branches: [{ words: ['多少钱'], target: '报价' }] }),
    flow('报价'),
    flow('挽留', { terminate: true }),
    flow('结束', { terminate: true }),
    flow('孤立', { positiveJump: '不存在' }),
  ];
  it('draws every way out of a flow: jumps, default next, branches; terminating flows have none', () => {
    const { edges, broken } = flowEdges(flows);
    expect(edges).toContainEqual({ from: 0, to: 1, kind: 'positive', label: '' });
    expect(edges).toContainEqual({ from: 0, to: 2, kind: 'negative', label: '' });
    expect(edges).toContainEqual({ from: 0, to: 1, kind: 'branch', label: '多少钱' });
    expect(edges.filter((e) => e.from === 2 || e.from === 3)).toEqual([]);
    expect(broken).toEqual([{ from: 4, target: '不存在' }]);
  });
  it('lays flows out by depth from the first; unreachable ones go last and are marked', () => {
    const g = layoutFlows(flows);
    expect(g.nodes.map((n) => n.depth)).toEqual([0, 1, 1, 2, 2]);
    expect(g.nodes[3]!.reachable).toBe(false);
    expect(g.nodes[4]!.reachable).toBe(false);
    expect(g.nodes[1]!.x).toBe(g.nodes[2]!.x);
    expect(g.nodes[1]!.y).not.toBe(g.nodes[2]!.y);
  });
});
