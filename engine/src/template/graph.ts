/**
 * The flows as a graph, for two questions validation asks: which flows can never be reached,
 * and which loops trap a callee who keeps answering (yes, no or a branch word) with no way to
 * reach an end.
 */
import type { FlowNode } from './types.js';

export interface FlowGraph {
  readonly unreachable: readonly number[];
  /** Each a strongly connected set of flows (ascending) from which no answer leads out. */
  readonly closedLoops: readonly (readonly number[])[];
}

/** Index of the first flow of each name: what jumps resolve to. */
export function flowIndex(flows: readonly FlowNode[]): Map<string, number> {
  const byName = new Map<string, number>();
  flows.forEach((f, i) => { if (f.name !== '' && !byName.has(f.name)) byName.set(f.name, i); });
  return byName;
}

const EXIT = -1;

export function flowGraph(flows: readonly FlowNode[]): FlowGraph {
  const byName = flowIndex(flows);
  const next = (i: number): number => (i + 1 < flows.length ? i + 1 : EXIT);
  const target = (name: string, i: number): number => (name === '' ? next(i) : byName.get(name) ?? EXIT);

  // Every way the robot can move on, including re-ask overflow and failed transfers (both go next).
  const anyEdges = flows.map((f, i): number[] => {
    if (f.terminate) return [];
    return [next(i), target(f.positiveJump, i), target(f.negativeJump, i), ...f.branches.map((b) => byName.get(b.target) ?? EXIT)];
  });
  // The ways a callee's answers move the robot; re-ask overflow is a safety net, not a design.
  const answerEdges = flows.map((f, i): number[] => {
    if (f.terminate || f.transferGroup !== '') return [EXIT];
    const out = [target(f.positiveJump, i), f.ignoreNegative ? next(i) : target(f.negativeJump, i)];
    for (const b of f.branches) out.push(byName.get(b.target) ?? EXIT);
    if (f.ignoreUnmatched) out.push(next(i));
    return out;
  });

  const reached = new Set<number>([0]);
  const todo = [0];
  while (todo.length > 0) {
    for (const j of anyEdges[todo.pop()!]!) if (j !== EXIT && !reached.has(j)) { reached.add(j); todo.push(j); }
  }
  const unreachable = flows.map((_, i) => i).filter((i) => !reached.has(i));

  const exits = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    answerEdges.forEach((out, i) => {
      if (!exits.has(i) && out.some((j) => j === EXIT || exits.has(j))) { exits.add(i); grew = true; }
    });
  }
  const trapped = flows.map((_, i) => i).filter((i) => !exits.has(i) && reached.has(i));
  return { unreachable, closedLoops: stronglyConnected(trapped, answerEdges) };
}

/** Tarjan's algorithm over the trapped flows; keeps only real cycles. */
function stronglyConnected(nodes: readonly number[], edges: readonly (readonly number[])[]): number[][] {
  const inSet = new Set(nodes);
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const out: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges[v]!) {
      if (!inSet.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: number[] = [];
      let w: number;
      do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || edges[v]!.includes(v)) out.push(comp.sort((a, b) => a - b));
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]! - b[0]!);
}
