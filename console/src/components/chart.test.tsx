import { describe, expect, it } from 'vitest';
import { render } from '@solidjs/testing-library';
import { BarChart, ProgressBar, StackedBarChart, barHeight, niceMax, ticks } from './chart.js';

describe('charts', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten and scales bars to it', () => {
    expect([0, 1, 3, 7, 10, 11, 180, 2_001].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 5_000]);
    expect(barHeight(50, 100, 160)).toBe(80);
    expect(barHeight(0.01, 100, 160)).toBe(1);
    expect(barHeight(0, 100, 160)).toBe(0);
    // No "0, 1, 1" axis for a top of 1: a half is not a count.
    expect(ticks(1).map((x) => x.label)).toEqual([0, null, 1]);
    expect(ticks(200).map((x) => x.label)).toEqual([0, 100, 200]);
  });

  it('draws stacked bars whose parts add up to each column, with a legend and a data table', () => {
    const { container, getByRole } = render(() => (
      <StackedBarChart
        label="每天等级" categories={['11-20', '11-21']}
        series={[{ key: 'A', label: 'A 意向', class: 'grade-A', values: [2, 6] }, { key: 'D', label: 'D 拒绝', class: 'grade-D', values: [2, 0] }]}
      />
    ));
    const svg = getByRole('img');
    expect(svg.getAttribute('aria-label')).toBe('每天等级: 11-20 4; 11-21 6');
    const rects = [...container.querySelectorAll<SVGRectElement>('svg[role=img] rect.bar')];
    // Zero parts are not drawn: A, D on the first day and A on the second.
    expect(rects.map((r) => r.getAttribute('data-series'))).toEqual(['A', 'D', 'A']);
    const h = rects.map((r) => Number(r.getAttribute('height')));
    // The axis tops out at 10 over 160 px: 2 → 32 px, 6 → 96 px; the second part sits on the first.
    expect(h).toEqual([32, 32, 96]);
    expect(Number(rects[1]!.getAttribute('y')) + h[1]!).toBe(Number(rects[0]!.getAttribute('y')));
    expect([...container.querySelectorAll('.legend li')].map((li) => li.textContent?.trim())).toEqual(['A 意向', 'D 拒绝']);
    const cells = [...container.querySelectorAll('table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([['11-20', '2', '2', '4'], ['11-21', '6', '0', '6']]);
  });

  it('draws plain bars with their values, and nothing taller than the chart for an empty series', () => {
    const { container } = render(() => <BarChart label="等级" bars={[{ label: 'A', value: 0, class: 'grade-A' }, { label: 'B', value: 0 }]} />);
    const rects = [...container.querySelectorAll('rect.bar')];
    expect(rects.map((r) => r.getAttribute('height'))).toEqual(['0', '0']);
    expect([...container.querySelectorAll('text.total')].map((x) => x.textContent)).toEqual(['0', '0']);
    expect(container.querySelector('rect.bar')!.getAttribute('class')).toBe('bar grade-A');
  });

  it('reads a progress bar as a percentage', () => {
    const { getByRole } = render(() => <ProgressBar done={1} total={3} label="进度" />);
    const bar = getByRole('progressbar', { name: '进度' });
    expect(bar.getAttribute('aria-valuenow')).toBe('33');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('33%');
  });
});
