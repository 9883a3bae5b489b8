import { describe, expect, it } from 'vitest';
import { render } from '@solidjs/testing-library';
import { VirtualTable, visibleWindow } from './virtual-table.js';

describe('VirtualTable', () => {
  it('computes the rows in view with a small overscan', () => {
    expect(visibleWindow(100_000, 36, 0, 600)).toEqual({ start: 0, end: 25 });
    expect(visibleWindow(100_000, 36, 36_000, 600)).toEqual({ start: 992, end: 1025 });
    expect(visibleWindow(10, 36, 0, 600)).toEqual({ start: 0, end: 10 });
  });
  it('renders a handful of rows for 100,000 and tells screen readers the full count', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `row ${i}` }));
    const started = performance.now();
    const { container, getByText } = render(() => (
      <VirtualTable rows={rows} rowKey={(r) => r.id} label="rows" columns={[{ key: 'n', header: () => 'Name', cell: (r) => r.name }]} />
    ));
    const elapsed = performance.now() - started;
    const drawn = container.querySelectorAll('tbody tr:not(.spacer)');
    expect(drawn.length).toBeLessThan(40);
    expect(getByText('row 0')).toBeTruthy();
    expect(container.querySelector('table')!.getAttribute('aria-rowcount')).toBe('100001');
    const spacer = container.querySelector<HTMLTableRowElement>('tbody tr.spacer')!;
    expect(parseInt(spacer.style.height, 10)).toBeGreaterThan(3_000_000);
    expect(elapsed).toBeLessThan(2_000);
  });
  it('selects rows by checkbox with labels', () => {
    const chosen: (string | number)[] = [];
    const { getByLabelText } = render(() => (
      <VirtualTable rows={[{ id: 1, name: 'a' }]} rowKey={(r) => r.id} label="rows" columns={[{ key: 'n', header: () => 'Name', cell: (r) => r.name }]}
        selected={new Set()} onToggle={(k) => chosen.push(k)} selectLabel={(r) => `choose ${r.name}`} />
    ));
    (getByLabelText('choose a') as HTMLInputElement).click();
    expect(chosen).toEqual([1]);
  });
});
