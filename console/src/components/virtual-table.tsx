/**
 * A table that renders only the rows in view (plus a few), so a page of thousands of rows
 * scrolls as fast as a page of twenty. Rows have a fixed height; spacer rows keep the scroll
 * bar honest; aria-rowcount/aria-rowindex tell screen readers where they are.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';

export interface Column<T> {
  readonly key: string;
  readonly header: () => string;
  readonly cell: (row: T, index: number) => JSX.Element;
  readonly width?: string;
}

export interface VirtualTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  label: string;
  rowHeight?: number;
  maxHeight?: number;
  empty?: string;
  selected?: ReadonlySet<string | number>;
  onToggle?: (key: string | number, on: boolean) => void;
  onToggleAll?: (on: boolean) => void;
  selectLabel?: (row: T) => string;
  selectAllLabel?: string;
}

const OVERSCAN = 8;

/** The slice of rows to draw for a scroll position: pure, so it is tested without a browser. */
export function visibleWindow(count: number, rowHeight: number, scrollTop: number, viewport: number): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  return { start, end: Math.max(start, end) };
}

export function VirtualTable<T>(props: VirtualTableProps<T>): JSX.Element {
  const rh = (): number => props.rowHeight ?? 36;
  const maxH = (): number => props.maxHeight ?? 600;
  const [scrollTop, setScrollTop] = createSignal(0);
  const win = createMemo(() => visibleWindow(props.rows.length, rh(), scrollTop(), maxH()));
  const slice = createMemo(() => props.rows.slice(win().start, win().end));
  const selectable = (): boolean => !!props.onToggle;
  const allOn = (): boolean => props.rows.length > 0 && props.rows.every((r) => props.selected?.has(props.rowKey(r)));
  return (
    <div class="vt" style={{ 'max-height': `${maxH()}px` }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} tabindex="0" role="region" aria-label={props.label}>
      <table aria-rowcount={props.rows.length + 1} aria-label={props.label}>
        <thead>
          <tr aria-rowindex={1}>
            <Show when={selectable()}>
              <th class="sel"><input type="checkbox" aria-label={props.selectAllLabel ?? ''} checked={allOn()} onChange={(e) => props.onToggleAll?.(e.currentTarget.checked)} /></th>
            </Show>
            <For each={props.columns}>{(c) => <th scope="col" style={c.width ? { width: c.width } : {}}>{c.header()}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <Show when={win().start > 0}><tr class="spacer" aria-hidden="true" style={{ height: `${win().start * rh()}px` }} /></Show>
          <For each={slice()}>
            {(row, i) => {
              const index = (): number => win().start + i();
              const key = props.rowKey(row);
              return (
                <tr aria-rowindex={index() + 2} style={{ height: `${rh()}px` }} classList={{ selected: !!props.selected?.has(key) }}>
                  <Show when={selectable()}>
                    <td class="sel"><input type="checkbox" aria-label={props.selectLabel?.(row) ?? String(key)} checked={!!props.selected?.has(key)} onChange={(e) => props.onToggle?.(key, e.currentTarget.checked)} /></td>
                  </Show>
                  <For each={props.columns}>{(c) => <td>{c.cell(row, index())}</td>}</For>
                </tr>
              );
            }}
          </For>
          <Show when={win().end < props.rows.length}><tr class="spacer" aria-hidden="true" style={{ height: `${(props.rows.length - win().end) * rh()}px` }} /></Show>
          <Show when={props.rows.length === 0 && props.empty}>
            <tr><td class="empty" colspan={props.columns.length + (selectable() ? 1 : 0)}>{props.empty}</td></tr>
          </Show>
        </tbody>
      </table>
    </div>
  );
}
