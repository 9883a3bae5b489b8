/**
 * Hand-written SVG charts (no chart library is installed): bars and stacked bars with a value
 * axis, a legend and, for screen readers, the same numbers as a table. Colours come from CSS
 * classes (`bar grade-A` …), so the grade colours match the rest of the console. The scale
 * helpers are pure and tested without a browser.
 */
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { formatNumber, t } from '../i18n/index.js';

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max` (and at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** The value axis's labels: 0, the middle and the top, the middle left out when it is not a whole number. */
export function ticks(top: number): { at: number; label: number | null }[] {
  const mid = top / 2;
  return [{ at: 0, label: 0 }, { at: 0.5, label: Number.isInteger(mid) ? mid : null }, { at: 1, label: top }];
}

/** Pixel height of `value` on an axis from 0 to `top` drawn `height` pixels tall (a non-zero value is at least 1 px). */
export function barHeight(value: number, top: number, height: number): number {
  if (value <= 0 || top <= 0) return 0;
  return Math.max(1, Math.round((value / top) * height));
}

export interface Series { readonly key: string; readonly label: string; readonly class: string; readonly values: readonly number[] }

const PLOT_H = 160;
const TOP = 18;
const LEFT = 44;
const BOTTOM = 40;

/** Stacked vertical bars: one column per category, one coloured part per series, the total on top. */
export function StackedBarChart(props: { label: string; categories: readonly string[]; series: readonly Series[]; colWidth?: number }): JSX.Element {
  const colW = (): number => props.colWidth ?? 56;
  const totals = (): number[] => props.categories.map((_, i) => props.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const top = (): number => niceMax(Math.max(0, ...totals()));
  const width = (): number => LEFT + Math.max(1, props.categories.length) * colW() + 10;
  const y = (v: number): number => TOP + PLOT_H - barHeight(v, top(), PLOT_H);
  const summary = (): string => `${props.label}: ${props.categories.map((c, i) => `${c} ${formatNumber(totals()[i] ?? 0)}`).join('; ')}`;
  return (
    <figure class="chart">
      <svg width={width()} height={TOP + PLOT_H + BOTTOM} role="img" aria-label={summary()} viewBox={`0 0 ${width()} ${TOP + PLOT_H + BOTTOM}`}>
        <For each={ticks(top())}>
          {(k) => (
            <g class="tick">
              <line x1={LEFT - 4} x2={width() - 6} y1={TOP + PLOT_H - k.at * PLOT_H} y2={TOP + PLOT_H - k.at * PLOT_H} />
              <Show when={k.label !== null}><text x={LEFT - 8} y={TOP + PLOT_H - k.at * PLOT_H + 4} text-anchor="end">{formatNumber(k.label ?? 0)}</text></Show>
            </g>
          )}
        </For>
        <For each={props.categories}>
          {(cat, i) => {
            const x = (): number => LEFT + i() * colW() + colW() * 0.15;
            const w = (): number => colW() * 0.7;
            // Each part starts where the parts below it end.
            const parts = (): { s: Series; from: number; to: number }[] => {
              let acc = 0;
              return props.series.map((s) => { const v = s.values[i()] ?? 0; const from = acc; acc += v; return { s, from, to: acc }; });
            };
            return (
              <g class="col">
                <For each={parts()}>
                  {(p) => (
                    <Show when={p.to > p.from}>
                      <rect class={`bar ${p.s.class}`} data-series={p.s.key} x={x()} width={w()} y={y(p.to)} height={Math.max(0, y(p.from) - y(p.to))}>
                        <title>{`${cat} · ${p.s.label}: ${formatNumber(p.to - p.from)}`}</title>
                      </rect>
                    </Show>
                  )}
                </For>
                <text class="total" x={x() + w() / 2} y={y(totals()[i()] ?? 0) - 4} text-anchor="middle">{formatNumber(totals()[i()] ?? 0)}</text>
                <text class="cat" x={x() + w() / 2} y={TOP + PLOT_H + 16} text-anchor="middle">{cat}</text>
              </g>
            );
          }}
        </For>
      </svg>
      <Show when={props.series.length > 1}>
        <ul class="legend" aria-label={t('chart.legend')}>
          <For each={props.series}>{(s) => <li><svg width="12" height="12" aria-hidden="true"><rect class={`bar ${s.class}`} width="12" height="12" /></svg> {s.label}</li>}</For>
        </ul>
      </Show>
      <table class="visually-hidden">
        <caption>{`${props.label} · ${t('chart.data')}`}</caption>
        <thead><tr><th scope="col" /><For each={props.series}>{(s) => <th scope="col">{s.label}</th>}</For><th scope="col">{t('chart.total')}</th></tr></thead>
        <tbody>
          <For each={props.categories}>
            {(cat, i) => <tr><th scope="row">{cat}</th><For each={props.series}>{(s) => <td>{s.values[i()] ?? 0}</td>}</For><td>{totals()[i()] ?? 0}</td></tr>}
          </For>
        </tbody>
      </table>
    </figure>
  );
}

export interface Bar { readonly label: string; readonly value: number; readonly class?: string; readonly title?: string }

/** Plain bars, one colour class each (a grade's bar in its grade's colour). */
export function BarChart(props: { label: string; bars: readonly Bar[]; colWidth?: number }): JSX.Element {
  const colW = (): number => props.colWidth ?? 56;
  const top = (): number => niceMax(Math.max(0, ...props.bars.map((b) => b.value)));
  const width = (): number => LEFT + Math.max(1, props.bars.length) * colW() + 10;
  const summary = (): string => `${props.label}: ${props.bars.map((b) => `${b.title ?? b.label} ${formatNumber(b.value)}`).join('; ')}`;
  return (
    <figure class="chart">
      <svg width={width()} height={TOP + PLOT_H + BOTTOM} role="img" aria-label={summary()} viewBox={`0 0 ${width()} ${TOP + PLOT_H + BOTTOM}`}>
        <For each={ticks(top())}>
          {(k) => (
            <g class="tick">
              <line x1={LEFT - 4} x2={width() - 6} y1={TOP + PLOT_H - k.at * PLOT_H} y2={TOP + PLOT_H - k.at * PLOT_H} />
              <Show when={k.label !== null}><text x={LEFT - 8} y={TOP + PLOT_H - k.at * PLOT_H + 4} text-anchor="end">{formatNumber(k.label ?? 0)}</text></Show>
            </g>
          )}
        </For>
        <For each={props.bars}>
          {(b, i) => {
            const h = (): number => barHeight(b.value, top(), PLOT_H);
            const x = (): number => LEFT + i() * colW() + colW() * 0.15;
            const w = (): number => colW() * 0.7;
            return (
              <g class="col">
                <rect class={`bar ${b.class ?? ''}`} x={x()} width={w()} y={TOP + PLOT_H - h()} height={h()}>
                  <title>{`${b.title ?? b.label}: ${formatNumber(b.value)}`}</title>
                </rect>
                <text class="total" x={x() + w() / 2} y={TOP + PLOT_H - h() - 4} text-anchor="middle">{formatNumber(b.value)}</text>
                <text class="cat" x={x() + w() / 2} y={TOP + PLOT_H + 16} text-anchor="middle">{b.label}</text>
              </g>
            );
          }}
        </For>
      </svg>
      <table class="visually-hidden">
        <caption>{`${props.label} · ${t('chart.data')}`}</caption>
        <tbody><For each={props.bars}>{(b) => <tr><th scope="row">{b.title ?? b.label}</th><td>{b.value}</td></tr>}</For></tbody>
      </table>
    </figure>
  );
}

/** A progress bar (done of total) that screen readers read as a percentage. */
export function ProgressBar(props: { done: number; total: number; label: string }): JSX.Element {
  const pct = (): number => (props.total > 0 ? Math.min(100, Math.round((props.done / props.total) * 100)) : 0);
  return (
    <span class="progress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct()} aria-valuetext={`${pct()}%`}>
      <span class="progress-fill" style={{ width: `${pct()}%` }} />
    </span>
  );
}
