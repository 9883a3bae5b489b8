/**
 * The flow as a picture: flows as boxes in columns by depth, arrows for affirmative (green),
 * negative (red), branch (blue, labelled with its words) and fall-through jumps, questions in
 * a column of their own (the robot answers and returns). Every box is a button: Enter or a
 * click opens that flow or question for editing.
 */
import { For, Show, createMemo } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Template } from '../../api/types.js';
import { NODE_H, NODE_W, layoutFlows } from '../../lib/flow-graph.js';
import type { GraphNode } from '../../lib/flow-graph.js';
import { t } from '../../i18n/index.js';

const COLORS = { positive: '#1a7f37', negative: '#c62828', branch: '#1f5fbf', next: '#777' } as const;

function edgePath(a: GraphNode, b: GraphNode, lane: number): string {
  if (a.index === b.index) {
    const x = a.x + NODE_W;
    const y = a.y + NODE_H / 2;
    return `M${x},${y - 8} C${x + 40},${y - 40} ${x + 40},${y + 40} ${x},${y + 8}`;
  }
  const forward = b.x > a.x;
  const x1 = forward ? a.x + NODE_W : a.x + NODE_W / 2;
  const y1 = forward ? a.y + NODE_H / 2 + lane * 6 : a.y;
  const x2 = forward ? b.x : b.x + NODE_W / 2;
  const y2 = forward ? b.y + NODE_H / 2 + lane * 6 : b.y;
  if (forward) {
    const mx = (x1 + x2) / 2;
    return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
  }
  // Back or same-column jumps arc over the top so they never hide behind boxes.
  const top = Math.min(y1, y2) - 30 - lane * 8;
  return `M${x1},${y1} C${x1},${top} ${x2},${top} ${x2},${y2}`;
}

export function FlowGraphView(props: { template: Template; onFlow: (index: number) => void; onQuestion: (index: number) => void }): JSX.Element {
  const graph = createMemo(() => layoutFlows(props.template.flows));
  const qx = (): number => graph().width + 10;
  const width = (): number => qx() + NODE_W + 20;
  const height = (): number => Math.max(graph().height, 40 + props.template.questions.length * (NODE_H / 1.5 + 10));
  const keyActivate = (e: KeyboardEvent, fn: () => void): void => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fn(); }
  };
  return (
    <div class="graph-wrap">
      <ul class="legend" aria-label={t('graph.legend')}>
        <li><span style={{ background: COLORS.positive }} />{t('graph.positive')}</li>
        <li><span style={{ background: COLORS.negative }} />{t('graph.negative')}</li>
        <li><span style={{ background: COLORS.branch }} />{t('graph.branch')}</li>
        <li><span style={{ background: COLORS.next }} />{t('graph.next')}</li>
      </ul>
      <Show when={graph().broken.length > 0}>
        <p class="alert alert-warn">{t('graph.broken', { list: graph().broken.map((b) => `${props.template.flows[b.from]?.name} → ${b.target}`).join('、') })}</p>
      </Show>
      <div class="graph-scroll">
        <svg width={width()} height={height()} viewBox={`0 0 ${width()} ${height()}`} role="group" aria-label={t('graph.label')}>
          <defs>
            <For each={Object.entries(COLORS)}>
              {([k, c]) => <marker id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill={c} /></marker>}
            </For>
          </defs>
          <For each={graph().edges}>
            {(e, i) => {
              const a = (): GraphNode => graph().nodes[e.from]!;
              const b = (): GraphNode => graph().nodes[e.to]!;
              const lane = (): number => graph().edges.slice(0, i()).filter((x) => x.from === e.from).length - 1;
              return (
                <g class="edge">
                  <path d={edgePath(a(), b(), lane())} fill="none" stroke={COLORS[e.kind]} stroke-width="1.6" marker-end={`url(#arrow-${e.kind})`} />
                  <Show when={e.label}>
                    <text x={(a().x + NODE_W + b().x) / 2} y={(a().y + b().y) / 2 + NODE_H / 2 - 4 + lane() * 12} class="edge-label" fill={COLORS.branch}>{e.label}</text>
                  </Show>
                </g>
              );
            }}
          </For>
          <For each={graph().nodes}>
            {(n) => (
              <g
                class="node" classList={{ terminal: n.terminate, unreachable: !n.reachable, transfer: n.transfer }}
                role="button" tabindex="0" transform={`translate(${n.x},${n.y})`}
                aria-label={`${t('graph.flow')} ${n.index + 1}: ${n.name}${n.terminate ? ` (${t('graph.terminate')})` : ''}${n.reachable ? '' : ` (${t('graph.unreachable')})`}`}
                onClick={() => props.onFlow(n.index)} onKeyDown={(e) => keyActivate(e, () => props.onFlow(n.index))}
              >
                <rect width={NODE_W} height={NODE_H} rx="8" />
                <text x="10" y="19" class="node-title">{n.index + 1}. {n.name.length > 9 ? `${n.name.slice(0, 8)}…` : n.name}</text>
                <text x="10" y="37" class="node-sub">{n.terminate ? t('graph.terminate') : n.transfer ? t('graph.transfer') : props.template.flows[n.index]?.prompt.slice(0, 10) ?? ''}</text>
              </g>
            )}
          </For>
          <Show when={props.template.questions.length > 0}>
            <text x={qx()} y="14" class="col-title">{t('graph.questions')}</text>
          </Show>
          <For each={props.template.questions}>
            {(q, i) => (
              <g
                class="node question" role="button" tabindex="0" transform={`translate(${qx()},${20 + i() * (NODE_H / 1.5 + 10)})`}
                aria-label={`${t('graph.question')} ${i() + 1}: ${q.question}`}
                onClick={() => props.onQuestion(i())} onKeyDown={(e) => keyActivate(e, () => props.onQuestion(i()))}
              >
                <rect width={NODE_W} height={NODE_H / 1.5} rx="14" />
                <text x="10" y="21" class="node-title">{q.question.length > 10 ? `${q.question.slice(0, 9)}…` : q.question}</text>
              </g>
            )}
          </For>
        </svg>
      </div>
    </div>
  );
}
