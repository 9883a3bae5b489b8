/**
 * The script's flow as a graph to draw: one node per flow, edges for the affirmative and
 * negative jumps (empty means the next flow), branches and the fall-through of flows that ignore
 * answers; laid out in columns by depth from the first flow (breadth-first), so a marketer reads
 * the conversation left to right. Pure: tested without a browser.
 */
import type { FlowNode } from '../api/types.js';

export type EdgeKind = 'positive' | 'negative' | 'branch' | 'next';

export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /** Branch words (shortened) or nothing. */
  readonly label: string;
}

export interface GraphNode {
  readonly index: number;
  readonly name: string;
  readonly depth: number;
  readonly slot: number;
  readonly x: number;
  readonly y: number;
  readonly terminate: boolean;
  readonly transfer: boolean;
  readonly reachable: boolean;
}

export interface FlowGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  /** Jumps to flows that do not exist: drawn as warnings. */
  readonly broken: { from: number; target: string }[];
  readonly width: number;
  readonly height: number;
}

export const NODE_W = 150;
export const NODE_H = 48;
const COL_GAP = 90;
const ROW_GAP = 28;

/** Every way out of a flow. */
export function flowEdges(flows: readonly FlowNode[]): { edges: GraphEdge[]; broken: { from: number; target: string }[] } {
  const at = new Map(flows.map((f, i) => [f.name, i]));
  const edges: GraphEdge[] = [];
  const broken: { from: number; target: string }[] = [];
  flows.forEach((f, i) => {
    if (f.terminate) return;
    const next = i + 1 < flows.length ? i + 1 : -1;
    const add = (target: string, kind: EdgeKind, label: string): void => {
      const to = target === '' ? next : at.get(target);
      if (to === undefined) { broken.push({ from: i, target }); return; }
      if (to < 0) return;
      if (edges.some((e) => e.from === i && e.to === to && e.kind === kind && e.label === label)) return;
      edges.push({ from: i, to, kind, label });
    };
    f.branches.forEach((b) => add(b.target, 'branch', shorten(b.words.join('/'))));
    add(f.positiveJump, 'positive', '');
    if (f.ignoreNegative) add('', 'next', '');
    else add(f.negativeJump, 'negative', '');
    if (f.ignoreUnmatched) add('', 'next', '');
  });
  return { edges, broken };
}

function shorten(s: string): string {
  return s.length > 12 ? `${s.slice(0, 11)}…` : s;
}

export function layoutFlows(flows: readonly FlowNode[]): FlowGraph {
  const { edges, broken } = flowEdges(flows);
  const depth = new Array<number>(flows.length).fill(-1);
  if (flows.length > 0) {
    depth[0] = 0;
    const queue = [0];
    while (queue.length > 0) {
      const i = queue.shift()!;
      for (const e of edges) {
        if (e.from === i && depth[e.to] === -1) {
          depth[e.to] = depth[i]! + 1;
          queue.push(e.to);
        }
      }
    }
  }
  const maxDepth = Math.max(0, ...depth);
  const slots = new Map<number, number>();
  const nodes: GraphNode[] = flows.map((f, i) => {
    const reachable = depth[i]! >= 0;
    const d = reachable ? depth[i]! : maxDepth + 1;
    const slot = slots.get(d) ?? 0;
    slots.set(d, slot + 1);
    return {
      index: i, name: f.name, depth: d, slot, reachable, terminate: f.terminate, transfer: f.transferGroup !== '',
      // Room above the first row for back jumps, which arc over the boxes.
      x: 20 + d * (NODE_W + COL_GAP), y: 60 + slot * (NODE_H + ROW_GAP),
    };
  });
  const cols = Math.max(1, ...nodes.map((n) => n.depth + 1));
  const rows = Math.max(1, ...[...slots.values()]);
  return { nodes, edges, broken, width: 40 + cols * (NODE_W + COL_GAP), height: 80 + rows * (NODE_H + ROW_GAP) };
}
